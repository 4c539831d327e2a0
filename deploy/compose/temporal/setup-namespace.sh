#!/bin/sh
# Creates TailGrant's Temporal namespace and registers its search attributes (all Keyword).
# The worker registers the same attributes at start-up; doing it here too means the Temporal UI
# can filter on them before the first worker ever ran. Idempotent: runs on every start.
set -eu
addr=${TEMPORAL_ADDRESS:-temporal:7233}
ns=${TAILGRANT_NAMESPACE:-default}
until temporal operator cluster health --address "$addr" | grep -q SERVING; do
  echo "waiting for Temporal at $addr"; sleep 2
done
if ! temporal operator namespace describe --address "$addr" --namespace "$ns" >/dev/null 2>&1; then
  # 30 days: closed grants stay visible in the Temporal UI for a month; the audit trail
  # (audit.file) is the long-term record.
  temporal operator namespace create --address "$addr" --namespace "$ns" --retention 720h
fi
# A new namespace takes a moment to reach the server's namespace cache.
until temporal operator search-attribute list --address "$addr" --namespace "$ns" >/dev/null 2>&1; do sleep 1; done
existing=$(temporal operator search-attribute list --address "$addr" --namespace "$ns")
for name in TailGrantRequester TailGrantType TailGrantTarget TailGrantStatus TailGrantTicket TailGrantBreakGlass; do
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name already registered"
  else
    temporal operator search-attribute create --address "$addr" --namespace "$ns" --name "$name" --type Keyword
  fi
done
