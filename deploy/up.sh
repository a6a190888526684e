#!/usr/bin/env bash
# Brings the peershare cluster (compose.yaml: a tracker and peer1..peer3) up from a fresh clone:
# builds the jars, picks a base image (the public one, or on a machine without registry access the local
# one from deploy/base-image.sh), builds the images and starts the containers, then waits until they are
# healthy. Idempotent: run it again after a change to rebuild and restart what changed.
#
#   deploy/up.sh                  build and start
#   SKIP_MAVEN=1 deploy/up.sh     reuse the jars already in */target/quarkus-app
#   deploy/up.sh down             stop and remove the containers (volumes kept; add -v to drop them)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=lib/common.sh
source "$root/deploy/lib/common.sh"

if ! docker info >/dev/null 2>&1; then
    ps_log "the Docker engine does not answer: start Docker (or run .ci/run once, which installs and starts it)"
    exit 1
fi
read -r -a compose <<<"$(ps_compose)"

if [[ "${1:-}" == "down" ]]; then
    shift
    exec "${compose[@]}" -f compose.yaml down "$@"
fi

if [[ "${SKIP_MAVEN:-0}" != 1 ]]; then
    ps_ensure_jdk
    ps_log "building the applications (./mvnw -B package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi

BASE_IMAGE=$(ps_base_image "$root")
export BASE_IMAGE
ps_log "building the images on $BASE_IMAGE"
"${compose[@]}" -f compose.yaml build
ps_log "starting the cluster"
"${compose[@]}" -f compose.yaml up -d

ps_log "waiting until tracker, peer1, peer2 and peer3 are healthy"
for ((i = 0; i < 120; i++)); do
    unhealthy=0
    for c in tracker peer1 peer2 peer3; do
        status=$(docker inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$c" 2>/dev/null || echo missing)
        [[ "$status" == healthy ]] || unhealthy=1
    done
    ((unhealthy)) || break
    sleep 1
done
"${compose[@]}" -f compose.yaml ps
if ((unhealthy)); then
    ps_log "not all containers are healthy after 120 s; see '${compose[*]} logs'"
    exit 1
fi
cat <<'TOUR'

The cluster is up. Try:
  docker exec -it peer1 peer                 # peer1's shell (help, publish, fetch, list)
  docker exec peer3 peer fetch cat.png       # fetch a sample file from peer1/peer2
  docker exec tracker tracker discover peer2 # peer2's files, asked live
  docker exec tracker tracker ping peer2     # is peer2 alive, and how fast
  deploy/up.sh down                          # stop it
TOUR
