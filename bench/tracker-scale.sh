#!/usr/bin/env bash
# One tracker, a large registry (issue 8): fills a tracker on loopback with a simulated population
# (PEERS peers × FILES files from a CATALOG of distinct files, Zipf-skewed), then measures
#   - registration and announce rates of the fill, then heartbeat absorption (every peer once per HEARTBEAT
#     for HEARTBEAT_SECONDS),
#   - GET /api/v1/files/{name}/sources with wrk (CONNS keep-alive connections, WRK_THREADS threads, names drawn
#     by popularity), req/s and p99,
#   - the tracker's heartbeat capacity with wrk: PUT /api/v1/peers/{hostname}/heartbeat with each peer's token,
#     cycling over the population (bench/scale/heartbeat.lua; same connections and threads), heartbeats/s, p50,
#     p99 and non-2xx (the generator's own heartbeat phase above shares the cores with the tracker: this is
#     what the tracker absorbs when a lean client sends them),
#   - search latency for several patterns, heap after a full GC (jcmd),
#   - opentracker's announce with wrk in the same run (filled first with OT_FILL seconds of announces),
# on the memory store, the Redis store (a redis-server of its own on loopback, no persistence) or both (STORE=both:
# memory then redis, one table with a column each). REPLICAS=2 (redis): two trackers on one Redis; the population
# writes through the first, the reads (wrk, searches) go to the second, so they measure a view fed by the stream.
# The fill (and the heap, heartbeat figures) FILLS times, the read measurements RUNS times on each fill (a fill of
# 100,000 peers takes about 5 minutes: registrations wait for the identity journal's fsync), then prints medians
# with (min-max) over all of them.
#
# Usage: bench/tracker-scale.sh                       (100000 × 100, FILLS=1, RUNS=3)
#        PEERS=10000 FILES=100 RUNS=1 bench/tracker-scale.sh
#        TRACKER_APP=/tmp/before/quarkus-app LABEL=before bench/tracker-scale.sh   (another build, e.g. the base)
#        STORE=both PEERS=10000 bench/tracker-scale.sh       (memory, then redis; REPLICAS=2 for two redis trackers)
# Env: PEERS FILES CATALOG SKEW FILLS RUNS XMX CONNS WRK_THREADS WRK_SECONDS HEARTBEAT HEARTBEAT_SECONDS POP_THREADS KEYS
#      WORKERS STORE (memory | redis | both) REPLICAS (1 | 2, redis only) REDIS_PORT PORT2 JFR (1: record the
#      tracker (the one wrk reads from) during each sources run, kept in KEEP_WORK's folder)
#      GC (zgc | g1 | parallel: the tracker's collector, default zgc as bin/tracker) TRACKER_JAVA_OPTS (more JVM
#      options for the tracker, e.g. -XX:+UseCompactObjectHeaders)
#      OT (1: also opentracker) OT_FILL SKIP_MAVEN (1: reuse target/) TRACKER_APP LABEL RESULTS (file to append to)
# Needs: JDK 21+ (JAVA_HOME), wrk, opentracker, curl, redis-server for redis (apt-get install -y wrk opentracker curl
# redis-server; the script starts its own redis-server process, never the system service). Loopback only;
# everything it starts is stopped at exit. The tracker runs with the reachability check off, any advertised
# address allowed, and a peer TTL of 1 h (so the whole population stays live while wrk runs; heartbeats are
# measured in their own phase).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=${PEERS:-100000} FILES=${FILES:-100}
CATALOG=${CATALOG:-$((PEERS * FILES / 10))} SKEW=${SKEW:-1.0}
FILLS=${FILLS:-1} RUNS=${RUNS:-3} XMX=${XMX:-3g} CONNS=${CONNS:-64} WRK_THREADS=${WRK_THREADS:-2} WRK_SECONDS=${WRK_SECONDS:-15}
HEARTBEAT=${HEARTBEAT:-5s} HEARTBEAT_SECONDS=${HEARTBEAT_SECONDS:-20} POP_THREADS=${POP_THREADS:-32}
# The tracker's worker threads (Quarkus' default here: 200). More registrations waiting at once did not make
# the identity book's batches larger (1024: requests timed out), see bench/README.md.
WORKERS=${WORKERS:-200}
OT=${OT:-1} OT_FILL=${OT_FILL:-30} LABEL=${LABEL:-this-checkout}
TRACKER_APP=${TRACKER_APP:-$ROOT/tracker/target/quarkus-app}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA=$JAVA_HOME/bin/java
PORT=${PORT:-18380} OT_PORT=${OT_PORT:-18381} PORT2=${PORT2:-18382} REDIS_PORT=${REDIS_PORT:-18383}
STORE=${STORE:-memory} REPLICAS=${REPLICAS:-1}
# The tracker's collector: zgc (generational ZGC, as bin/tracker daemon runs it: JDK 21-23 need
# -XX:+ZGenerational, from 24 on it is the only ZGC and the flag is gone), g1 (the JVM's default on 2+ cores and
# 2 GB), parallel (throughput; no concurrent work). ZGC has no compressed references: its heap is ~30 % larger.
GC=${GC:-zgc}
JAVA_FEATURE=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
case "$GC" in
    parallel) GC_FLAGS=(-XX:+UseParallelGC) ;;
    g1) GC_FLAGS=(-XX:+UseG1GC) ;;
    zgc) GC_FLAGS=(-XX:+UseZGC); if [[ "$JAVA_FEATURE" -lt 24 ]]; then GC_FLAGS+=(-XX:+ZGenerational); fi ;;
    *) echo "GC must be parallel, g1 or zgc" >&2; exit 2 ;;
esac
# As bin/tracker daemon: compact object headers on JDK 25+, unless TRACKER_JAVA_OPTS says otherwise.
if [[ "$JAVA_FEATURE" -ge 25 && "${TRACKER_JAVA_OPTS:-}" != *CompactObjectHeaders* ]]; then
    GC_FLAGS+=(-XX:+UseCompactObjectHeaders)
fi
case "$STORE" in memory) STORES=(memory) ;; redis) STORES=(redis) ;; both) STORES=(memory redis) ;;
    *) echo "STORE must be memory, redis or both" >&2; exit 2 ;; esac
# Every registration waits for the identity journal's fsync: keep it on tmpfs so the disk does not set
# the pace.
WORK=$(mktemp -d "$( [[ -d /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")/peershare-scale.XXXXXX")
RESULTS=${RESULTS:-$WORK/results.txt}
# The peers' keys, made once and reused by every run (KEYS=path keeps them across invocations).
KEYS=${KEYS:-$WORK/keys.txt}
PIDS=() REDIS_PID= TRACKER_PIDS=()

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "$*"; exit 1; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [[ "${KEEP_WORK:-0}" == 1 ]] && log "work folder kept: $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR) print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
summary() { # metric: "median (min-max)" over the runs
    local values
    values=$(awk -v m="$1" '$1 == m {print $2}' "$WORK/metrics")
    [[ -n "$values" ]] || { echo "-"; return; }
    printf '%s (%s-%s)' "$(median <<<"$values")" "$(sort -g <<<"$values" | head -n1)" "$(sort -g <<<"$values" | tail -n1)"
}
metric() { echo "$1 $2" >> "$WORK/metrics"; }

for tool in wrk curl jcmd; do
    command -v "$tool" >/dev/null || [[ -x "$JAVA_HOME/bin/$tool" ]] || die "$tool is missing: apt-get install -y wrk curl (jcmd: a JDK)"
done
JCMD=$JAVA_HOME/bin/jcmd
if [[ "$STORE" != memory ]] && ! command -v redis-server >/dev/null; then die "redis-server is missing: apt-get install -y redis-server"; fi
if [[ "$OT" == 1 ]] && ! command -v opentracker >/dev/null; then die "opentracker is missing: apt-get install -y opentracker (or OT=0)"; fi

cd "$ROOT"
if [[ "${SKIP_MAVEN:-0}" != 1 ]]; then
    log "building protocol and tracker (./mvnw -B -o package -DskipTests; SKIP_MAVEN=1 reuses target/)"
    ./mvnw -B -o -q package -DskipTests -pl protocol,tracker >&2
fi
[[ -f "$TRACKER_APP/quarkus-run.jar" ]] || die "$TRACKER_APP/quarkus-run.jar is missing: build the tracker first"
mkdir -p "$WORK/pop"
# The generator only: its unit test (PopulationTest) needs JUnit, which is not on this class path.
"$JAVA_HOME/bin/javac" -d "$WORK/pop" -cp protocol/target/classes \
    $(ls integration-tests/src/test/java/io/peershare/it/population/*.java | grep -v 'Test\.java$')
POP_CP="$WORK/pop:$ROOT/protocol/target/classes"

# A fresh redis-server per fill: loopback, no persistence (nothing written to disk), stopped with the trackers.
start_redis() {
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --protected-mode yes \
        --daemonize no > "$WORK/redis.log" 2>&1 &
    REDIS_PID=$!
    PIDS+=("$REDIS_PID")
    for _ in $(seq 50); do
        redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && return
        sleep 0.2
    done
    die "redis-server did not start; see $WORK/redis.log"
}

# start_tracker STORE PORT: one tracker process; its pid is appended to TRACKER_PIDS.
start_tracker() {
    local store=$1 port=$2 log=$WORK/tracker-$2.log
    # Another process on the port would answer the health check and take the population: refuse instead.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use already: choose PORT, PORT2, OT_PORT, REDIS_PORT"; fi
    rm -rf "$WORK/data-$port"
    # Every safepoint (a collector's pauses are safepoints, whichever collector) is logged: gc_pause_* below.
    # shellcheck disable=SC2086  # TRACKER_JAVA_OPTS holds several options
    "$JAVA" -Xmx"$XMX" "${GC_FLAGS[@]}" ${TRACKER_JAVA_OPTS:-} -Xlog:safepoint=info:file="$WORK/safepoints-$port.log" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -Dtracker.verify-reachability=false -Dtracker.registration.allow-any-address=true \
        -Dtracker.data-dir="$WORK/data-$port" -Dtracker.peer-ttl=1h -Dtracker.peer-expiry=2h -Dtracker.max-peers="$PEERS" \
        -Dtracker.store="$store" -Dquarkus.redis.hosts="redis://127.0.0.1:$REDIS_PORT" \
        -Dquarkus.log.category.\"io.peershare\".level=WARN -Dquarkus.thread-pool.max-threads="$WORKERS" \
        -jar "$TRACKER_APP/quarkus-run.jar" daemon > "$log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    TRACKER_PIDS+=("$pid")
    for _ in $(seq 120); do
        curl -fsS --max-time 2 "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && return
        sleep 0.5
    done
    die "the tracker did not start; see $log"
}
# The store's trackers: writes go to PORT; reads to READ_PORT (the second replica with REPLICAS=2).
start_trackers() {
    local store=$1
    TRACKER_PIDS=() READ_PORT=$PORT
    [[ "$store" == redis ]] && start_redis
    start_tracker "$store" "$PORT"
    if [[ "$store" == redis && "$REPLICAS" == 2 ]]; then
        start_tracker "$store" "$PORT2"
        READ_PORT=$PORT2
    fi
    READ_PID=${TRACKER_PIDS[-1]}
}
stop_trackers() {
    for pid in "${TRACKER_PIDS[@]}" ${REDIS_PID:+"$REDIS_PID"}; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    REDIS_PID=
}
# With two replicas: wait until the reading replica's view answers the first names as the writer does.
await_view() {
    [[ "$READ_PORT" == "$PORT" ]] && return
    local name a b
    for _ in $(seq 120); do
        local same=1
        for name in $(head -n 20 "$WORK/names.txt"); do
            a=$(curl -sS --max-time 5 "http://127.0.0.1:$PORT/api/v1/files/$name/sources?limit=1" | grep -o '"completeSources":[0-9]*' | head -n1)
            b=$(curl -sS --max-time 5 "http://127.0.0.1:$READ_PORT/api/v1/files/$name/sources?limit=1" | grep -o '"completeSources":[0-9]*' | head -n1)
            [[ "$a" == "$b" ]] || { same=0; break; }
        done
        [[ "$same" == 1 ]] && { log "the reading replica's view has caught up"; return; }
        sleep 0.5
    done
    die "the reading replica's view did not catch up in 60 s"
}

# wrk's summary → "req/s p99_ms" (p99 from --latency, converted to ms)
wrk_figures() {
    awk '/Requests\/sec/ {rps=$2}
         $1 == "99%" {v=$2; u=v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
                      ms = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v; p99=ms}
         $1 == "50%" {v=$2; u=v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v);
                      p50 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v}
         /Non-2xx/ {non2xx=$4}
         / requests in / {n=$1}
         END {printf "%.0f %.2f %d %.2f %d\n", rps, p99, non2xx, p50, n}' "$1"
}

# Per thread of process $1: "tid name ticks" (user + system CPU, in clock ticks) from /proc.
cpu_ticks() {
    local task
    for task in /proc/"$1"/task/*; do
        awk -v tid="${task##*/}" -v name="$(tr ' ' '_' < "$task/comm")" '{sub(/^.*\) /, ""); print tid, name, $12 + $13}' \
            "$task/stat" 2>/dev/null || true
    done
}
# The collector's share of one sources run (in folder $1): its pauses (safepoints whose operation is a
# collection: the VM operations of Parallel, G1 and ZGC), and the CPU of its threads against the tracker's
# (threads that ended during the run are not counted: the sources run starts none).
gc_figures() {
    local out=$1
    read -r pause_ms pause_max < <(awk '/Safepoint "[^"]*(GC|Collect|Z[A-Z]|G1|Parallel)/ {
            t = $0; sub(/.*Total: /, "", t); sub(/ ns.*/, "", t); t += 0; sum += t; if (t > max) max = t }
        END {printf "%.1f %.2f\n", sum / 1e6, max / 1e6}' "$out/safepoints.txt")
    metric gc_pause_ms_per_s "$(awk -v a="$pause_ms" -v s="$WRK_SECONDS" 'BEGIN {printf "%.1f", a / s}')"
    metric gc_pause_max_ms "$pause_max"
    read -r gc_share cores CPU_TICKS < <(awk -v s="$WRK_SECONDS" -v hz="$(getconf CLK_TCK)" '
        FNR == NR {before[$1] = $3; next}
        {d = $3 - before[$1]; all += d; if ($2 ~ /^(GC_Thread|G1_|Z[A-Z]|PSYoung|VM_Thread)/) gc += d}
        END {printf "%.2f %.2f %d\n", all ? gc / all : 0, all / hz / s, all}' "$out/cpu-before.txt" "$out/cpu-after.txt")
    metric gc_cpu_share "$gc_share"; metric tracker_cpu_cores "$cores"
    log "gc: pauses $pause_ms ms in ${WRK_SECONDS}s (longest $pause_max ms), GC threads $gc_share of the tracker's CPU, tracker $cores cores"
}

population() { "$JAVA" -Xmx2g -cp "$POP_CP" io.peershare.it.population.Population --tracker "http://127.0.0.1:$PORT" \
    --peers "$PEERS" --files "$FILES" --catalog "$CATALOG" --skew "$SKEW" --threads "$POP_THREADS" \
    --keys "$KEYS" "$@"; }

fill_tracker() {
    local run=$1 out=$WORK/fill$1
    mkdir -p "$out"
    start_trackers "$CURRENT_STORE"
    log "fill $run ($CURRENT_STORE): filling the tracker with $PEERS peers × $FILES files (catalog $CATALOG, skew $SKEW)"
    # One process: the heartbeat phase needs the tokens (and keys) of the fill.
    population --duration "${HEARTBEAT_SECONDS}s" --heartbeat-interval "$HEARTBEAT" --names-out "$WORK/names.txt" \
        --tokens-out "$WORK/tokens.txt" | tee "$out/fill.txt" >&2
    metric keys_s "$(awk '/POPULATION keys/ {print $5}' "$out/fill.txt")"
    metric register_per_s "$(awk '$2 == "register" {print $5}' "$out/fill.txt" | tr -d '/s')"
    metric announce_per_s "$(awk '$2 == "announce" {print $5}' "$out/fill.txt" | tr -d '/s')"
    metric announce_p99_ms "$(awk '$2 == "announce" {print $10}' "$out/fill.txt")"
    metric heartbeat_per_s "$(awk '$2 == "heartbeat" {print $5}' "$out/fill.txt" | tr -d '/s')"
    metric heartbeat_p99_ms "$(awk '$2 == "heartbeat" {print $10}' "$out/fill.txt")"
    await_view
    "$JCMD" "$READ_PID" GC.run >/dev/null
    "$JCMD" "$READ_PID" GC.class_histogram > "$out/histo.txt"
    metric heap_mib "$(awk '/^Total/ {printf "%.0f", $3 / 1048576}' "$out/histo.txt")"
    log "fill $run: heap after a full GC $(tail -n1 <<<"$(awk '$1 == "heap_mib" {print $2}' "$WORK/metrics")") MiB"
}

measure_tracker() {
    local run=$1 out=$WORK/run$1
    mkdir -p "$out"
    log "run $run: sources with wrk ($CONNS connections, $WRK_THREADS threads, ${WRK_SECONDS}s after a 5 s warm-up)"
    NAMES_FILE=$WORK/names.txt wrk -t"$WRK_THREADS" -c"$CONNS" -d5s -s bench/scale/sources.lua "http://127.0.0.1:$READ_PORT" >/dev/null
    if [[ "${JFR:-0}" == 1 ]]; then
        "$JCMD" "$READ_PID" JFR.start name=sources duration="${WRK_SECONDS}s" filename="$out/sources.jfr" >/dev/null
    fi
    local pauses_before
    pauses_before=$(wc -l < "$WORK/safepoints-$READ_PORT.log")
    cpu_ticks "$READ_PID" > "$out/cpu-before.txt"
    NAMES_FILE=$WORK/names.txt wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WRK_SECONDS}s" --latency -s bench/scale/sources.lua \
        "http://127.0.0.1:$READ_PORT" > "$out/wrk-sources.txt"
    cpu_ticks "$READ_PID" > "$out/cpu-after.txt"
    tail -n +"$((pauses_before + 1))" "$WORK/safepoints-$READ_PORT.log" > "$out/safepoints.txt"
    gc_figures "$out"
    read -r rps p99 non2xx p50 requests < <(wrk_figures "$out/wrk-sources.txt")
    metric sources_rps "$rps"; metric sources_p99_ms "$p99"; metric sources_p50_ms "$p50"
    # The tracker's CPU per answer moves less with the machine's load than the rate and the tail do.
    metric tracker_cpu_us_per_answer "$(awk -v t="$CPU_TICKS" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
        'BEGIN {printf "%.0f", n ? t / hz * 1e6 / n : 0}')"
    LAST_SOURCES_RPS=$rps
    log "run $run: sources $rps req/s, p99 $p99 ms, non-2xx $non2xx"

    for pattern in 'holiday-photo-0000042.*' '*-000004*' '*podcast*' '*.iso' '*scan*7?.pdf'; do
        local best=999999 t
        for _ in 1 2 3; do
            t=$(curl -sS -o /dev/null --max-time 60 -w '%{time_total}' -G --data-urlencode "q=$pattern" \
                "http://127.0.0.1:$READ_PORT/api/v1/files")
            best=$(awk -v a="$best" -v b="$t" 'BEGIN {print (b * 1000 < a) ? b * 1000 : a}')
        done
        metric "search_ms[$pattern]" "$best"
    done
}

# Heartbeats as fast as the tracker takes them, each from a registered peer with its token (writes: to PORT,
# the replica the population registered with).
measure_heartbeats() {
    local run=$1 out=$WORK/run$1
    mkdir -p "$out"
    log "run $run: heartbeats with wrk ($CONNS connections, $WRK_THREADS threads, ${WRK_SECONDS}s after a 5 s warm-up)"
    TOKENS_FILE=$WORK/tokens.txt wrk -t"$WRK_THREADS" -c"$CONNS" -d5s -s bench/scale/heartbeat.lua "http://127.0.0.1:$PORT" >/dev/null
    TOKENS_FILE=$WORK/tokens.txt wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WRK_SECONDS}s" --latency -s bench/scale/heartbeat.lua \
        "http://127.0.0.1:$PORT" > "$out/wrk-heartbeat.txt"
    read -r rps p99 non2xx p50 _ < <(wrk_figures "$out/wrk-heartbeat.txt")
    metric heartbeat_wrk_per_s "$rps"; metric heartbeat_wrk_p50_ms "$p50"; metric heartbeat_wrk_p99_ms "$p99"
    metric heartbeat_wrk_non2xx "$non2xx"
    log "run $run: heartbeats $rps/s, p50 $p50 ms, p99 $p99 ms, non-2xx $non2xx"
}

run_opentracker() {
    local run=$1 out=$WORK/run$1 dir=$WORK/ot
    mkdir -p "$dir" "$out"
    chmod 755 "$dir"
    opentracker -i 127.0.0.1 -p $OT_PORT -P $OT_PORT -d "$dir" -u nobody > "$out/opentracker.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    sleep 1
    log "run $run: opentracker, $OT_FILL s of announces from $PEERS peers over $CATALOG torrents, then measured"
    PEERS=$PEERS CATALOG=$CATALOG wrk -t"$WRK_THREADS" -c"$CONNS" -d"${OT_FILL}s" -s bench/scale/announce.lua \
        "http://127.0.0.1:$OT_PORT" > "$out/wrk-ot-fill.txt"
    PEERS=$PEERS CATALOG=$CATALOG wrk -t"$WRK_THREADS" -c"$CONNS" -d"${WRK_SECONDS}s" --latency -s bench/scale/announce.lua \
        "http://127.0.0.1:$OT_PORT" > "$out/wrk-ot.txt"
    read -r rps p99 _ p50 _ < <(wrk_figures "$out/wrk-ot.txt")
    metric ot_announce_rps "$rps"; metric ot_announce_p99_ms "$p99"; metric ot_announce_p50_ms "$p50"
    # The machine is shared and its load changes between runs: the ratio of the two in one run varies less.
    metric sources_per_ot_announce "$(awk -v a="$LAST_SOURCES_RPS" -v b="$rps" 'BEGIN {printf "%.2f", b ? a / b : 0}')"
    log "run $run: opentracker announce $rps req/s, p99 $p99 ms"
    kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

: > "$WORK/all-metrics"
for CURRENT_STORE in "${STORES[@]}"; do
    : > "$WORK/metrics"
    for fill in $(seq "$FILLS"); do
        fill_tracker "$fill"
        for run in $(seq "$RUNS"); do
            # Interleaved: both see the same machine state in each run (opentracker idles while peershare is measured).
            measure_tracker "$CURRENT_STORE.$fill.$run"
            measure_heartbeats "$CURRENT_STORE.$fill.$run"
            if [[ "$OT" == 1 ]]; then run_opentracker "$CURRENT_STORE.$fill.$run"; fi
        done
        stop_trackers
    done
    mv "$WORK/metrics" "$WORK/metrics.$CURRENT_STORE"
    cat "$WORK/metrics.$CURRENT_STORE" >> "$WORK/all-metrics"
done

column_name() { [[ "$1" == redis && "$REPLICAS" == 2 ]] && echo "redis (2 replicas: writes to one, reads from the other)" || echo "$1"; }
{
    echo "## tracker-scale $LABEL: $PEERS peers × $FILES files, catalog $CATALOG (skew $SKEW), $FILLS fill(s) × $RUNS runs, -Xmx$XMX, GC $GC, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
    printf '| metric |'; for st in "${STORES[@]}"; do printf ' %s, median (min-max) |' "$(column_name "$st")"; done; echo
    printf '| --- |'; for _ in "${STORES[@]}"; do printf ' --- |'; done; echo
    awk '{print $1}' "$WORK/all-metrics" | awk '!seen[$0]++' | while read -r name; do
        printf '| %s |' "$name"
        for st in "${STORES[@]}"; do cp "$WORK/metrics.$st" "$WORK/metrics"; printf ' %s |' "$(summary "$name")"; done
        echo
    done
} | tee -a "$RESULTS"
