# shellcheck shell=bash
# What the container benchmarks share (bench/swarm.sh, bench/chaos.sh): clean-up of what a run labelled,
# waiting, medians, and building the peershare images of this checkout. Source it after deploy/lib/common.sh,
# with LABEL (e.g. io.peershare.bench) and RUN_ID (the run's pid) set.

die() { ps_log "$*"; exit 1; }

# Removes the containers (with their anonymous volumes), networks and images of run $1, or with "stale" those
# of runs whose process is gone (a crashed or killed run), never those of a run still going on this engine.
remove_labelled() {
    local which=$1 id run
    selected() {
        if [[ "$which" == stale ]]; then
            [[ "$1" =~ ^[0-9]+$ ]] && ! kill -0 "$1" 2>/dev/null
        else
            [[ "$1" == "$which" ]]
        fi
    }
    while read -r id run; do
        if [[ -n "$id" ]] && selected "$run"; then docker rm -f -v "$id" >/dev/null 2>&1 || true; fi
    done < <(docker ps -a --filter "label=$LABEL" --format "{{.ID}} {{.Label \"$LABEL.run\"}}" 2>/dev/null || true)
    while read -r id run; do
        if [[ -n "$id" ]] && selected "$run"; then docker network rm "$id" >/dev/null 2>&1 || true; fi
    done < <(docker network ls --filter "label=$LABEL" --format "{{.ID}} {{.Label \"$LABEL.run\"}}" 2>/dev/null || true)
    while read -r id; do
        [[ -n "$id" ]] || continue
        run=$(docker image inspect -f "{{index .Config.Labels \"$LABEL.run\"}}" "$id" 2>/dev/null || true)
        if selected "$run"; then docker rmi -f "$id" >/dev/null 2>&1 || true; fi
    done < <(docker images -q --filter "label=$LABEL.run" 2>/dev/null | sort -u)
}

# The end of a run: removes what run $RUN_ID started and its work folder $WORK (kept with KEEP_WORK=1), exits $1.
finish_run() {
    ps_log "cleaning up (containers, network, images of run $RUN_ID)"
    remove_labelled "$RUN_ID"
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then ps_log "work folder kept: $WORK"; else rm -rf "$WORK"; fi
    exit "$1"
}

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR] = $1} END {if (NR) print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# "median (min-max)" of a results file, one number a line, printed with format $2.
summary() {
    local file=$1 fmt=$2
    [[ -s "$file" ]] || { echo "-"; return; }
    printf "$fmt ($fmt-$fmt)" "$(median < "$file")" "$(sort -g "$file" | head -n 1)" "$(sort -g "$file" | tail -n 1)"
}
# Waits until a command succeeds, at most $1 seconds; $2 says what is awaited (for the failure line).
await() {
    local limit=$1 what=$2 deadline
    shift 2
    deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "$what did not happen within $limit s"
        sleep 0.5
    done
}

# The tracker container's REST API (container $TRACKER), from inside it.
tracker_api() { docker exec "$TRACKER" curl -fsS --max-time 5 "http://127.0.0.1:8080/api/v1/$1"; }
peer_live() { tracker_api "peers/$1" | grep -q '"live":true'; }
sources_at_least() { # name count
    local n
    n=$(tracker_api "files/$1/sources" | grep -o '"hostname"' | wc -l)
    ((n >= $2))
}
tx_bytes() { docker exec "$1" cat /sys/class/net/eth0/statistics/tx_bytes; }

# Builds the jars (unless SKIP_MAVEN=1) and the images peershare-bench/{tracker,peer}:run-$RUN_ID from the
# Dockerfiles on base image $1, labelled with this run; build logs go to folder $2.
build_peershare_images() {
    local base=$1 logs=$2 app image
    ps_ensure_jdk
    if [[ "${SKIP_MAVEN:-0}" != 1 ]]; then
        ps_log "building the applications (./mvnw -B package -DskipTests; SKIP_MAVEN=1 reuses */target)"
        ./mvnw -B -q package -DskipTests >&2
    fi
    for app in tracker peer; do
        [[ -f "$app/target/quarkus-app/quarkus-run.jar" ]] || die "$app/target/quarkus-app is missing: run ./mvnw -B package -DskipTests"
    done
    ps_log "building the peershare images from Dockerfile.tracker and Dockerfile.peer on $base"
    for app in tracker peer; do
        image=peershare-bench/$app:run-$RUN_ID
        docker build -q -f "Dockerfile.$app" --build-arg "BASE_IMAGE=$base" \
            --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" -t "$image" . >"$logs/build-$app.log" 2>&1 \
            || { tail -n 20 "$logs/build-$app.log" >&2; die "building $image failed (log above)"; }
    done
}
