#!/bin/sh
# Entry point of the peer image. Runs its arguments (by default `peer daemon`) as the container's main
# process, so SIGTERM reaches the daemon directly and it withdraws from the tracker before exiting.
#
# PEER_PUBLISH_ON_START: optional, space-separated local paths (relative ones are resolved against
# /opt/peershare/samples), each published under its base name once the daemon reports ready.
# Publishing the same content again is harmless (the control API answers 200), so restarts are fine.
# When done (whatever the outcome) it leaves a marker that peer-healthcheck waits for.
#
# PEER_LINK_RATE, PEER_LINK_DELAY, PEER_LINK_LOSS: optional, shape the container's upload first (link-shape.sh).
# The container runs as the unprivileged peershare user; the capability comes from the image's copy of tc
# that carries cap_net_admin (Dockerfile.peer), which works only where the container was given NET_ADMIN.
# Without it the container stops here with one line saying so: an unshaped benchmark would lie.
set -eu

LINK_SHAPE_NAME=peer-entrypoint PEER_LINK_TC=${PEER_LINK_TC:-/usr/local/libexec/peershare/tc} \
    sh /opt/peershare/bin/link-shape.sh

marker=/tmp/peershare-published-on-start
rm -f "$marker"

publish_when_up() {
    control="http://127.0.0.1:${PEER_CONTROL_PORT:-7071}"
    tries=0
    # Readiness, not a control endpoint: those want the secret, which readiness waits for (docs/architecture.md).
    until curl -fsS "$control/q/health/ready" >/dev/null 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -gt 120 ]; then
            echo "peer-entrypoint: the daemon's control API did not answer within 60 s; nothing published" >&2
            touch "$marker"
            return 1
        fi
        sleep 0.5
    done
    for path in $PEER_PUBLISH_ON_START; do
        case "$path" in
            /*) ;;
            *) path="/opt/peershare/samples/$path" ;;
        esac
        name=$(basename "$path")
        if peer publish "$path" "$name"; then
            echo "peer-entrypoint: published $path as $name"
        else
            echo "peer-entrypoint: publishing $path as $name failed (exit $?)" >&2
        fi
    done
    touch "$marker"
}

if [ -n "${PEER_PUBLISH_ON_START:-}" ] && [ "${1:-}" = "peer" ] && [ "${2:-}" = "daemon" ]; then
    publish_when_up &
fi
exec "$@"
