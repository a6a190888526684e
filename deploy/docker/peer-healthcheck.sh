#!/bin/sh
# HEALTHCHECK of the peer image: healthy when the daemon's control API reports ready and, if the container
# was asked to publish files at start (PEER_PUBLISH_ON_START), once that has been done -- so "healthy"
# means the sample files are offered. Exit 0 healthy, 1 not (Docker's convention).
curl -fsS "http://127.0.0.1:${PEER_CONTROL_PORT:-7071}/q/health/ready" >/dev/null 2>&1 || exit 1
if [ -n "${PEER_PUBLISH_ON_START:-}" ] && [ ! -f /tmp/peershare-published-on-start ]; then
    exit 1
fi
exit 0
