#!/bin/sh
# Starts the Tailscale sidecar (the image's containerboot) with its credential read from a file.
# containerboot takes it only from the TS_AUTHKEY environment variable, so it is put together here,
# never in docker-compose.yml.
#
# The file is the sidecar's own credential, never the worker's OAuth client secret (which can
# change every device's tags and posture):
# - the secret of an OAuth client with only the auth_keys scope and tag:tailgrant
#   (tskey-client-...). `tailscale up` (run by containerboot, Tailscale 1.46 and later) exchanges
#   it for a single-use auth key carrying the advertised tags (TS_EXTRA_ARGS: --advertise-tags);
#   the suffix makes that node permanent (ephemeral=false: it keeps its name and HTTPS certificate
#   across restarts, its state is on a volume) and approved (preauthorized=true). Or
# - an auth key (tskey-auth-...) the admin generated: tagged tag:tailgrant, pre-approved, not
#   ephemeral. Used as it is.
# With TS_AUTH_ONCE the credential is used only for the first login; later starts reuse the state.
set -eu
secret_file=/run/secrets/tailscale-sidecar-client-secret
if [ ! -s "$secret_file" ]; then
  echo "tailscale sidecar: $secret_file is missing or empty (see docs/DEPLOY.md)" >&2
  exit 1
fi
credential="$(cat "$secret_file")"
case "$credential" in
  tskey-client-*\?*) TS_AUTHKEY="$credential" ;;   # the admin chose the options already
  tskey-client-*) TS_AUTHKEY="$credential?ephemeral=false&preauthorized=true" ;;
  tskey-auth-*) TS_AUTHKEY="$credential" ;;
  *)
    echo "tailscale sidecar: $secret_file holds neither an OAuth client secret (tskey-client-...)" \
      "nor an auth key (tskey-auth-...) (see docs/DEPLOY.md)" >&2
    exit 1
    ;;
esac
unset credential
export TS_AUTHKEY
exec /usr/local/bin/containerboot
