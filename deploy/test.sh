#!/usr/bin/env bash
# The README's test command: sets up what the whole suite needs, then runs it, from a fresh clone on a fresh machine.
#   deploy/test.sh                      unit tests, end-to-end tests with real processes, the container suites
#   deploy/test.sh -Dit.test=SwarmIT    extra arguments go to Maven (./mvnw -B verify <arguments>)
#   deploy/test.sh --dry-run            says what it would install, start, build and run; changes nothing
# Set-up, each step only where needed (so a second run goes straight to the tests; deploy/lib/common.sh):
#   1. a JDK 21+ as JAVA_HOME: JAVA_HOME, the javac on PATH or the newest in /usr/lib/jvm; on Debian as root it
#      installs openjdk-21-jdk-headless when there is none;
#   2. a Docker engine that answers: on Debian as root it installs docker.io and starts dockerd;
#   3. the base image of the tracker and peer images: $BASE_IMAGE when set (e.g. eclipse-temurin:25-jre where a
#      registry is reachable), else the local one deploy/base-image.sh builds without any registry (root, once);
#   4. the Testcontainers settings for a machine without registry access;
#   5. Debian's chromium and chromium-driver for the dashboard's browser suite (as root on Debian; elsewhere that
#      suite is skipped with a line saying what to install);
# then ./mvnw -B verify; afterwards it removes the containers, networks and images the suites left behind (label
# io.peershare.it: this run's, and those of runs whose process is gone, never those of a run in progress) and
# exits with Maven's exit code. Where a step cannot be done (not root, not Debian) it says in one line what to
# install. A dockerd it started keeps running afterwards (the local base image stays as a cache).
# .ci/run (CI) is this command. `./mvnw -B verify` alone runs the same suite on a machine already set up.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PS_WORK_DIR=${PS_WORK_DIR:-${TMPDIR:-/tmp}/peershare-test}
mkdir -p "$PS_WORK_DIR"
# shellcheck source=lib/common.sh
source "$root/deploy/lib/common.sh"

if [[ "${1:-}" == --dry-run ]]; then
    shift
    export PS_DRY_RUN=1
fi

started=$SECONDS
ps_ensure_jdk
ps_ensure_docker
ps_ensure_browser

if ps_dry_run; then
    ps_log "JDK: ${JAVA_HOME:-none yet} ($(ps_jdk_version "${JAVA_HOME:-}" || echo "would be installed"))"
    ps_log "base image: ${BASE_IMAGE:-the local one from deploy/base-image.sh (built once if missing: about a minute, needs root)}"
    ps_log "would run: ./mvnw -B verify${*:+ $*}, then remove what the suites left behind"
    exit 0
fi

# Everything the integration suites create carries the label io.peershare.it, and io.peershare.it.run=<pid
# of the run's owner>: this script's pid for its own run. cleanup mine removes this run's resources;
# cleanup stale removes those of runs whose process is gone (a crashed run), never those of a live run,
# so two runs on one Docker engine leave each other alone.
export PEERSHARE_IT_RUN=$$

owner_gone() {
    [[ -z "$1" || "$1" == "<no value>" ]] && return 0
    [[ "$1" =~ ^[0-9]+$ ]] || return 0
    ! kill -0 "$1" 2>/dev/null
}

cleanup() {
    local mode=$1 id run removed=0
    while read -r id run; do
        [[ -n "$id" ]] || continue
        if [[ "$mode" == mine && "$run" == "$PEERSHARE_IT_RUN" ]] || { [[ "$mode" == stale ]] && owner_gone "$run"; }; then
            docker rm -f -v "$id" >/dev/null 2>&1 && removed=$((removed + 1))
        fi
    done < <(docker ps -a --filter label=io.peershare.it --format '{{.ID}} {{.Label "io.peershare.it.run"}}' 2>/dev/null || true)
    while read -r id run; do
        [[ -n "$id" ]] || continue
        if [[ "$mode" == mine && "$run" == "$PEERSHARE_IT_RUN" ]] || { [[ "$mode" == stale ]] && owner_gone "$run"; }; then
            docker network rm "$id" >/dev/null 2>&1 && removed=$((removed + 1))
        fi
    done < <(docker network ls --filter label=io.peershare.it --format '{{.ID}} {{.Label "io.peershare.it.run"}}' 2>/dev/null || true)
    for id in $(docker images -q --filter label=io.peershare.it 2>/dev/null | sort -u); do
        run=$(docker image inspect -f '{{index .Config.Labels "io.peershare.it.run"}}' "$id" 2>/dev/null || true)
        if [[ "$mode" == mine && "$run" == "$PEERSHARE_IT_RUN" ]] || { [[ "$mode" == stale ]] && owner_gone "$run"; }; then
            docker rmi -f "$id" >/dev/null 2>&1 && removed=$((removed + 1))
        fi
    done
    ((removed == 0)) || ps_log "removed $removed leftover container(s)/network(s)/image(s) ($mode)"
}
cleanup stale
trap 'cleanup mine' EXIT

if [[ -n "${BASE_IMAGE:-}" ]]; then
    base_image=$BASE_IMAGE
elif ! base_image=$("$root/deploy/base-image.sh"); then
    ps_log "no base image: deploy/base-image.sh failed (the first time it needs root and debootstrap); or set BASE_IMAGE to a Java 21+ image you can pull, e.g. BASE_IMAGE=eclipse-temurin:25-jre"
    exit 1
fi
ps_log "base image: $base_image"

# Testcontainers on a machine without registry: no Ryuk reaper (every test removes what it starts, and
# cleanup() above catches the rest), and the base image for its start-up checks instead of alpine.
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_TINYIMAGE_CONTAINER_IMAGE=$base_image
# The integration suites build Dockerfile.tracker / Dockerfile.peer with this as BASE_IMAGE.
export PEERSHARE_BASE_IMAGE=$base_image

ps_log "running: ./mvnw -B verify${*:+ $*} (JAVA_HOME=$JAVA_HOME)"
set +e
./mvnw -B verify "$@"
rc=$?
set -e
ps_log "./mvnw -B verify exited with $rc after $((SECONDS - started)) s in total"
if ((rc == 0)); then
    ps_log "all green; next: deploy/up.sh starts a tracker and three peers to try (README, \"A five-minute tour\")"
fi
exit "$rc"
