#!/bin/sh
# Starts the Tailscale sidecar (the image's containerboot) with its auth key read from a file.
# containerboot takes the key only from the TS_AUTHKEY environment variable, and the OAuth client
# secret lives in a secret file shared with the worker, so the key is put together here, never in
# docker-compose.yml. An OAuth client secret works as an auth key when the node advertises tags
# (TS_EXTRA_ARGS); the suffix makes the node permanent (ephemeral=false: it keeps its name and
# HTTPS certificate across restarts, its state is on a volume) and approved (preauthorized=true).
set -eu
secret_file=/run/secrets/tailscale-oauth-client-secret
if [ ! -s "$secret_file" ]; then
  echo "tailscale sidecar: $secret_file is missing or empty (see docs/DEPLOY.md)" >&2
  exit 1
fi
TS_AUTHKEY="$(cat "$secret_file")?ephemeral=false&preauthorized=true"
export TS_AUTHKEY
exec /usr/local/bin/containerboot
