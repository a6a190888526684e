#!/usr/bin/env bash
# How fast the daemons start, on this host (no Docker): for the peer and the tracker, with and without the AOT
# cache, RUNS starts each (default 5), and per start the wall time from exec to ready and the CPU the daemon
# (with the wrapper's children) used until then. Ready means: the peer's /q/health/ready on its control API (as
# deploy/docker/peer-healthcheck.sh asks), the tracker's /q/health/ready; and the CPU used by 2 s after ready
# (what a boot costs the machine: work after readiness, JIT, counted too). Prints median (min-max) per case.
#
#   bench/daemon-start.sh            # after ./mvnw -B -o -q package -DskipTests -pl protocol,peer,tracker
#   RUNS=9 APPS=peer CACHES=none bench/daemon-start.sh     # CACHES: none, aot or both (default)
#   BASE=/tmp/old bench/daemon-start.sh   # adds "base" rows: bin/ and */target/quarkus-app of another checkout
#
# Java: $JAVA_HOME, else java on PATH. The "aot" rows first train a cache per app (bin/<app> --aot-training, the
# command the images run) into a temporary folder and point PEERSHARE_AOT_CACHE at it; on a JVM older than 25
# they start without it, as bin/lib/launch.sh does. Every daemon runs in a temporary folder (HOME, repository,
# tracker data), on 127.0.0.1 and random ports in 20000-29999, and is stopped with SIGTERM after each start.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-5}
APPS=${APPS:-peer tracker}
CACHES=${CACHES:-none aot}
tick=$(getconf CLK_TCK)
work=$(mktemp -d "${TMPDIR:-/tmp}/peershare-start.XXXXXX")
daemon=""
cleanup() {
    if [[ -n "$daemon" ]]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

port() { echo $((20000 + RANDOM % 10000)); }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
# CPU ticks of process $1 and of the children it waited for (the wrapper's `java -version`, if any).
cpu_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"; }

# Starts app $1 in folder $2 with the wrappers of checkout $3 (configured by the environment only, so the wrapper
# is timed as users run it); sets daemon and ready_url.
start_daemon() {
    local app=$1 dir=$2 log=$2/daemon.log bin=$3/bin
    mkdir -p "$dir/home"
    if [[ "$app" == peer ]]; then
        local control; control=$(port)
        ready_url="http://127.0.0.1:$control/q/health/ready"
        HOME=$dir/home PEER_PORT=$(port) PEER_CONTROL_PORT=$control PEER_REPOSITORY=$dir/repository \
            PEER_BIND_ADDRESS=127.0.0.1 PEER_HOSTNAME=bench-peer PEER_TRACKER_URL=http://127.0.0.1:9 \
            "$bin/peer" daemon >"$log" 2>&1 &
    else
        local http; http=$(port)
        ready_url="http://127.0.0.1:$http/q/health/ready"
        HOME=$dir/home QUARKUS_HTTP_PORT=$http TRACKER_DATA_DIR=$dir/data \
            "$bin/tracker" daemon >"$log" 2>&1 &
    fi
    daemon=$!
}

# One start of app $1 from checkout $2: prints "<wall ms> <cpu ms>" to ready and "<cpu ms>" 2 s later.
one_start() {
    local app=$1 dir; dir=$(mktemp -d "$work/run.XXXXXX")
    local t0; t0=$(now_ms)
    start_daemon "$app" "$dir" "$2"
    local ticks=""
    for _ in $(seq 1 3000); do
        if curl -fsS -o /dev/null --max-time 1 "$ready_url" 2>/dev/null; then
            ticks=$(cpu_ticks "$daemon"); break
        fi
        kill -0 "$daemon" 2>/dev/null || break
        sleep 0.01
    done
    local t1; t1=$(now_ms)
    sleep 2
    local settled; settled=$(cpu_ticks "$daemon" 2>/dev/null || echo 0)
    kill -TERM "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
    daemon=""
    if [[ -z "$ticks" ]]; then
        echo "daemon-start: $app did not become ready; its log:" >&2; cat "$dir/daemon.log" >&2; exit 1
    fi
    if grep -qi 'warning\|error' "$dir/daemon.log"; then
        echo "daemon-start: $app logged a warning or an error (see below); the figures may not mean much" >&2
        grep -i 'warning\|error' "$dir/daemon.log" | head -n 5 >&2
    fi
    echo "$((t1 - t0)) $((ticks * 1000 / tick)) $((settled * 1000 / tick))"
}

# median (min-max) of the numbers on stdin, divided by $1 with $2 decimals.
summary() {
    sort -n | awk -v d="$1" -v p="$2" '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.*f (%.*f-%.*f)", p, m / d, p, v[1] / d, p, v[NR] / d }'
}

# measure <app> <row name> [checkout]
measure() {
    local app=$1 cache=$2 results="$work/$1-$2.txt"
    : >"$results"
    for _ in $(seq 1 "$RUNS"); do one_start "$app" "${3:-$root}" >>"$results"; done
    printf '%-8s %-6s %22s %20s %20s\n' "$app" "$cache" "$(cut -d' ' -f1 "$results" | summary 1 0)" \
        "$(cut -d' ' -f2 "$results" | summary 1000 2)" "$(cut -d' ' -f3 "$results" | summary 1000 2)"
}

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "# $("$java" -version 2>&1 | head -n 1), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $RUNS starts each"
printf '%-8s %-6s %22s %20s %20s\n' app cache "wall ms to ready" "CPU s to ready" "CPU s, ready + 2 s"
for app in $APPS; do
    if [[ -n "${BASE:-}" ]]; then PEERSHARE_AOT_CACHE=none measure "$app" base "$BASE"; fi
    if [[ " $CACHES " == *" none "* ]]; then PEERSHARE_AOT_CACHE=none measure "$app" none; fi
    [[ " $CACHES " == *" aot "* ]] || continue
    cache="$work/$app.aot"
    "$root/bin/$app" --aot-training "$cache" >"$work/$app-training.log" 2>&1 \
        || { echo "daemon-start: training $app failed; its log:" >&2; cat "$work/$app-training.log" >&2; exit 1; }
    if [[ -s "$cache" ]]; then
        PEERSHARE_AOT_CACHE=$cache measure "$app" aot
    else
        echo "daemon-start: no AOT cache for $app (this java has none before 25)" >&2
    fi
done
