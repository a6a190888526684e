#!/bin/sh
# `tracker` / `peer` in a native image (installed under the app's name; see install-app.sh): the same
# contract as bin/<app> (docs/architecture.md): `<app> daemon` runs the daemon with the default profile,
# anything else runs the shell with the `cli` profile, which binds no port and logs quietly.
set -eu
app=$(basename "$0")
runner="${PEERSHARE_HOME:-/opt/peershare}/$app/$app-runner"
if [ "${1:-}" = "daemon" ]; then
    exec "$runner" "$@"
fi
exec "$runner" -Dquarkus.profile=cli "$@"
