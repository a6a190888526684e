#!/usr/bin/env bash
# One-shot shell commands and daemon start (issue 9): how long `tracker <cmd>` and `peer <cmd>` take, beside
# the same command typed in the interactive shell, and how long each daemon takes until it answers.
#
# Host (default): starts a tracker and a peer daemon from the built jars on free loopback ports (a temporary
# repository, data folder and control secret; all stopped and removed at exit), publishes one file, then runs
# under hyperfine
#   bin/tracker help, bin/tracker peers, bin/peer help, bin/peer list
# with a class-data sharing archive of their own (PEERSHARE_CDS_DIR in the work folder: the first run makes it,
# the warm-up runs cover that). Beside each: the same command in the interactive shell, per command: the shell
# fed LINES copies of it on stdin minus the shell fed none, divided by LINES. Then the daemon start times
# (STARTS fresh starts each): the tracker until /q/health/ready answers 200, the peer until its control API's
# /q/health/ready answers 200 (registered with the tracker, secret written).
#
# Containers: CONTAINER=name [APP=tracker|peer] bench/shells.sh runs `docker exec NAME <app> help` and
# `docker exec NAME tracker peers` / `docker exec NAME peer list` (and the interactive shell through
# `docker exec -i`) under hyperfine, in a running cluster (deploy/up.sh); APP defaults to peer when the name
# contains "peer". Nothing is started or stopped in that mode.
#
# Usage: bench/shells.sh                              (RUNS=20 per command, STARTS=5 per daemon)
#        RUNS=10 STARTS=3 bench/shells.sh
#        CONTAINER=tracker bench/shells.sh; CONTAINER=peer1 bench/shells.sh
# Env: RUNS WARMUP STARTS LINES JAVA_HOME (default temurin 25) PEERSHARE_HOME (another build: <home>/tracker and
#      <home>/peer are fast-jar folders) KEEP_WORK (1: keep the work folder) CONTAINER APP
# Needs: hyperfine (apt-get install -y hyperfine), curl, python3; for the host mode a JDK 21+ and the built apps
# (./mvnw -B -o package -DskipTests -pl protocol,tracker,peer).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-20} WARMUP=${WARMUP:-3} STARTS=${STARTS:-5} LINES=${LINES:-20}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/peershare-shells.XXXXXX")
PIDS=()

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "$*"; exit 1; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

for tool in hyperfine curl python3; do
    command -v "$tool" >/dev/null || die "$tool is missing: apt-get install -y $tool (this script measures with hyperfine)"
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# hyperfine's JSON → "median (min–max) | CPU" in seconds: the wall time, then user + system time (mean), which
# a busy machine inflates less than the wall time
summary() {
    python3 - "$1" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f'{r["median"]:.3f} s ({r["min"]:.3f}–{r["max"]:.3f}) | {r["user"] + r["system"]:.3f} s')
EOF
}

# Times one command with hyperfine; prints its summary.
measure() {
    local name=$1 command=$2 json=$WORK/$1.json
    hyperfine --style basic --warmup "$WARMUP" --runs "$RUNS" --export-json "$json" "$command" >&2
    summary "$json"
}

# Per-command time in the interactive shell: (shell fed LINES copies of $2 − shell fed nothing) / LINES.
# $1: a name, $2: the line, $3: the command that opens the shell reading stdin.
interactive() {
    local name=$1 line=$2 shell=$3 fed=$WORK/$1.fed
    : > "$WORK/empty.in"
    for _ in $(seq "$LINES"); do printf '%s\n' "$line"; done > "$fed"
    hyperfine --style basic --warmup 1 --runs 5 --export-json "$WORK/$name-0.json" "$shell < $WORK/empty.in" >&2
    hyperfine --style basic --warmup 1 --runs 5 --export-json "$WORK/$name-n.json" "$shell < $fed" >&2
    python3 - "$WORK/$name-0.json" "$WORK/$name-n.json" "$LINES" <<'EOF'
import json, sys
empty = json.load(open(sys.argv[1]))["results"][0]["median"]
fed = json.load(open(sys.argv[2]))["results"][0]["median"]
print(f'{max(0.0, fed - empty) / int(sys.argv[3]):.3f} s')
EOF
}

# Starts "$@" in the background (pid in STARTED, left running) and sets READY to the seconds until $url
# answers 200. Not in a subshell: STARTED and PIDS must reach the caller.
time_until_ready() {
    local url=$1 log=$2
    shift 2
    local start end
    start=$(date +%s%N)
    "$@" > "$log" 2>&1 &
    STARTED=$!
    PIDS+=("$STARTED")
    until curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; do
        kill -0 "$STARTED" 2>/dev/null || die "the daemon exited before it answered: $(tail -n 5 "$log")"
        sleep 0.02
    done
    end=$(date +%s%N)
    READY=$(python3 -c "print(f'{($end - $start) / 1e9:.3f}')")
}

stop() {
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# STARTS fresh starts of a daemon → "median (min–max)"
starts_summary() {
    python3 -c '
import statistics, sys
v = [float(x) for x in sys.argv[1:]]
print(f"{statistics.median(v):.3f} s ({min(v):.3f}–{max(v):.3f})")' "$@"
}

containers() {
    local name=$CONTAINER app=${APP:-}
    if [[ -z "$app" ]]; then
        if [[ "$name" == *peer* ]]; then app=peer; else app=tracker; fi
    fi
    local list=peers
    [[ "$app" == peer ]] && list=list
    docker exec "$name" "$app" help >/dev/null || die "docker exec $name $app help failed: is the container running?"
    local help one shell
    help=$(measure "c-help" "docker exec $name $app help")
    one=$(measure "c-$list" "docker exec $name $app $list")
    shell=$(interactive "c-i-$list" "$list" "docker exec -i $name $app")
    printf '\n| command (container %s) | one-shot: median (min–max) | CPU (docker client) | in the interactive shell |\n' "$name"
    printf '| --- | --- | --- | --- |\n| `%s help` | %s | |\n| `%s %s` | %s | %s |\n' "$app" "$help" "$app" "$list" "$one" "$shell"
}

if [[ -n "${CONTAINER:-}" ]]; then
    containers
    exit 0
fi

[[ -x "$JAVA_HOME/bin/java" ]] || die "no Java at $JAVA_HOME: set JAVA_HOME to a JDK 21+"
home=${PEERSHARE_HOME:-}
tracker_jar=${home:+$home/tracker/quarkus-run.jar}
peer_jar=${home:+$home/peer/quarkus-run.jar}
tracker_jar=${tracker_jar:-$ROOT/tracker/target/quarkus-app/quarkus-run.jar}
peer_jar=${peer_jar:-$ROOT/peer/target/quarkus-app/quarkus-run.jar}
for jar in "$tracker_jar" "$peer_jar"; do
    [[ -f "$jar" ]] || die "$jar is missing: ./mvnw -B -o package -DskipTests -pl protocol,tracker,peer"
done

TRACKER_PORT=$(free_port) PEER_PORT=$(free_port) CONTROL_PORT=$(free_port)
export PEERSHARE_CDS_DIR=$WORK/cds
export TRACKER_URL=http://127.0.0.1:$TRACKER_PORT
export PEER_CONTROL_PORT=$CONTROL_PORT PEER_CONTROL_SECRET_FILE=$WORK/control.secret
mkdir -p "$WORK/tracker-data" "$WORK/repository"

start_tracker() {
    time_until_ready "$TRACKER_URL/q/health/ready" "$WORK/tracker.log" \
        env QUARKUS_HTTP_PORT="$TRACKER_PORT" TRACKER_DATA_DIR="$WORK/tracker-data" "$ROOT/bin/tracker" daemon
}
start_peer() {
    time_until_ready "http://127.0.0.1:$CONTROL_PORT/q/health/ready" "$WORK/peer.log" \
        env PEER_HOSTNAME=bench-peer PEER_PORT="$PEER_PORT" PEER_REPOSITORY="$WORK/repository" \
        PEER_TRACKER_URL="$TRACKER_URL" "$ROOT/bin/peer" daemon
}

log "daemon starts: $STARTS each (tracker on 127.0.0.1:$TRACKER_PORT, peer control API on 127.0.0.1:$CONTROL_PORT)"
tracker_starts=() peer_starts=()
for _ in $(seq "$STARTS"); do
    start_tracker
    tracker_starts+=("$READY")
    stop "$STARTED"
done
start_tracker # left running for the peer and the commands
for _ in $(seq "$STARTS"); do
    start_peer
    peer_starts+=("$READY")
    stop "$STARTED"
done
start_peer
log "tracker start: ${tracker_starts[*]} s; peer start: ${peer_starts[*]} s"

head -c 100000 /dev/urandom > "$WORK/sample.bin"
"$ROOT/bin/peer" publish "$WORK/sample.bin" sample.bin >/dev/null

rm -rf "$PEERSHARE_CDS_DIR"
first_start=$(date +%s%N)
"$ROOT/bin/tracker" help >/dev/null
first_end=$(date +%s%N)
first=$(python3 -c "print(f'{($first_end - $first_start) / 1e9:.3f} s')")

declare -A one shell
for command in "tracker help" "tracker peers" "peer help" "peer list"; do
    key=${command// /-}
    log "measuring bin/$command"
    one[$key]=$(measure "$key" "$ROOT/bin/$command")
done
for command in "tracker peers" "peer list"; do
    key=${command// /-}
    app=${command%% *} line=${command#* }
    shell[$key]=$(interactive "i-$key" "$line" "$ROOT/bin/$app")
done

cat <<EOF

Java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)
hyperfine: $RUNS runs after $WARMUP warm-up each; interactive: (shell fed $LINES lines − shell fed none) / $LINES

| command | one-shot: median (min–max) | CPU (user + sys) | in the interactive shell |
| --- | --- | --- | --- |
| \`bin/tracker help\` | ${one[tracker-help]} | |
| \`bin/tracker peers\` | ${one[tracker-peers]} | ${shell[tracker-peers]} |
| \`bin/peer help\` | ${one[peer-help]} | |
| \`bin/peer list\` | ${one[peer-list]} | ${shell[peer-list]} |
| \`bin/tracker help\`, first run (makes the CDS archive) | $first | | |

| daemon start (until /q/health/ready answers), $STARTS starts | median (min–max) |
| --- | --- |
| tracker | $(starts_summary "${tracker_starts[@]}") |
| peer (control API) | $(starts_summary "${peer_starts[@]}") |
EOF
