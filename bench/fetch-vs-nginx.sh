#!/usr/bin/env bash
# Moves the same random file (default 1 GiB) on this machine, over loopback, both writing to disk:
#   (a) peer to peer with peershare's fetch (SHA-256 verification on, fsync + atomic rename),
#   (b) nginx (sendfile) to curl,
# RUNS times each, and prints the medians and their ratio. Then serves the file to CONCURRENT fetchers at
# once and reports the serving peer's heap and CPU time, to show that serving is zero-copy and memory-flat.
#
# Usage: bench/fetch-vs-nginx.sh            (SIZE_MIB=1024 RUNS=5 CONCURRENT=3 by default)
#        SIZE_MIB=256 RUNS=3 bench/fetch-vs-nginx.sh
# Needs: a JDK 21+ (JAVA_HOME), nginx and curl (apt-get install -y nginx-light curl), python3.
# Everything listens on 127.0.0.1 and is stopped at exit.
set -euo pipefail

SIZE_MIB=${SIZE_MIB:-1024}
RUNS=${RUNS:-5}
CONCURRENT=${CONCURRENT:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/peershare-bench.XXXXXX")
TRACKER_PORT=18180 NGINX_PORT=18181 WIRE_BASE=18200 CONTROL_BASE=18300
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

command -v nginx >/dev/null || { log "nginx is missing: apt-get install -y nginx-light"; exit 2; }
command -v curl >/dev/null || { log "curl is missing: apt-get install -y curl"; exit 2; }
if [[ ! -f "$ROOT/peer/target/quarkus-app/quarkus-run.jar" || ! -f "$ROOT/tracker/target/quarkus-app/quarkus-run.jar" ]]; then
    log "building the applications (mvn package -DskipTests)"
    (cd "$ROOT" && mvn -q -B package -DskipTests)
fi

log "writing a ${SIZE_MIB} MiB random file"
# nginx's workers drop root and must be able to read the file.
chmod 755 "$WORK"
mkdir -p "$WORK/www"
head -c "$((SIZE_MIB * 1024 * 1024))" /dev/urandom > "$WORK/www/big.bin"
SHA=$(sha256sum "$WORK/www/big.bin" | cut -c1-64)

# --- (b) nginx + curl ----------------------------------------------------------------------------
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 64; }
http {
    sendfile on; tcp_nopush on; access_log off;
    client_body_temp_path $WORK/ngx; proxy_temp_path $WORK/ngx; fastcgi_temp_path $WORK/ngx;
    uwsgi_temp_path $WORK/ngx; scgi_temp_path $WORK/ngx;
    server { listen 127.0.0.1:$NGINX_PORT; root $WORK/www; }
}
CONF
mkdir -p "$WORK/ngx"
nginx -p "$WORK" -c "$WORK/nginx.conf" & PIDS+=($!)
for _ in $(seq 50); do curl -fsI "http://127.0.0.1:$NGINX_PORT/big.bin" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsI "http://127.0.0.1:$NGINX_PORT/big.bin" >/dev/null || { log "nginx does not serve the file:"; cat "$WORK/nginx-error.log" >&2; exit 1; }

log "nginx -> curl, $RUNS runs (and as many with an fsync of the copy, as peershare does before its rename)"
: > "$WORK/curl.times"
: > "$WORK/curl-sync.times"
for i in $(seq "$RUNS"); do
    rm -f "$WORK/curl.out"
    start=$(date +%s.%N)
    curl -fs -o "$WORK/curl.out" "http://127.0.0.1:$NGINX_PORT/big.bin"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l >> "$WORK/curl.times"
    rm -f "$WORK/curl.out"
    start=$(date +%s.%N)
    curl -fs -o "$WORK/curl.out" "http://127.0.0.1:$NGINX_PORT/big.bin" && sync "$WORK/curl.out"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l >> "$WORK/curl-sync.times"
done
[[ $(sha256sum "$WORK/curl.out" | cut -c1-64) == "$SHA" ]] || { log "curl copy differs"; exit 1; }
rm -f "$WORK/curl.out"

# --- (a) peershare ---------------------------------------------------------------------------------
# Not called in $(...): the PID must be recorded in this shell so that cleanup stops the daemon.
start_peer() { # name index; sets LAST_PID
    local name=$1 index=$2
    mkdir -p "$WORK/$name"
    PEER_HOSTNAME=$name PEER_TRACKER_URL=http://127.0.0.1:$TRACKER_PORT PEER_PORT=$((WIRE_BASE + index)) \
    PEER_CONTROL_PORT=$((CONTROL_BASE + index)) PEER_REPOSITORY="$WORK/$name" \
        "$ROOT/bin/peer" daemon > "$WORK/$name.log" 2>&1 & PIDS+=($!)
    LAST_PID=$!
}
wait_peer_registered() { # name
    for _ in $(seq 150); do
        curl -fs "http://127.0.0.1:$TRACKER_PORT/api/v1/peers/$1" 2>/dev/null | grep -q '"live":true' && return 0
        sleep 0.2
    done
    log "peer $1 did not register; see $WORK/$1.log"; tail -20 "$WORK/$1.log" >&2; exit 1
}
# Times one fetch through the daemon's control API (not through the shell, whose JVM start-up is not
# part of a transfer): POST the fetch, then GET its state with ?wait=, which the daemon answers the moment
# the fetch ends (no polling to load the daemon being measured); prints seconds from request to DONE.
timed_fetch() { # control-port name
    python3 - "$1" "$2" <<'PY'
import json, os, sys, time, urllib.request
port, name = sys.argv[1], sys.argv[2]
base = f"http://127.0.0.1:{port}/control/v1/fetches"
# The secret the daemon (same user) wrote for its control port (docs/architecture.md, "Control API authentication").
with open(os.path.expanduser(f"~/.peershare/control-{port}.secret")) as f:
    auth = {"Authorization": "Bearer " + f.read().strip()}
req = urllib.request.Request(base, data=json.dumps({"name": name}).encode(), headers={"Content-Type": "application/json", **auth})
t0 = time.perf_counter()
status = json.load(urllib.request.urlopen(req))
while status["state"] not in ("DONE", "FAILED", "ALREADY_PRESENT"):
    status = json.load(urllib.request.urlopen(urllib.request.Request(f"{base}/{status['id']}?wait=30000", headers=auth)))
elapsed = time.perf_counter() - t0
if status["state"] != "DONE":
    sys.exit(f"fetch {name} ended {status['state']}: {status.get('message')}")
print(f"{elapsed:.4f}")
PY
}

# A data folder of its own: a tracker keeps hostname ownership across runs, and each run makes new peer keys.
QUARKUS_HTTP_PORT=$TRACKER_PORT TRACKER_DATA_DIR="$WORK/tracker-data" "$ROOT/bin/tracker" daemon > "$WORK/tracker.log" 2>&1 & PIDS+=($!)
for _ in $(seq 150); do curl -fs "http://127.0.0.1:$TRACKER_PORT/q/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done

start_peer source 0; SOURCE_PID=$LAST_PID
start_peer fetcher 1
wait_peer_registered source
wait_peer_registered fetcher
log "publishing $((RUNS + 1)) copies on the source (distinct names, so every run is a real transfer)"
for i in $(seq 0 "$RUNS"); do
    PEER_CONTROL_PORT=$CONTROL_BASE "$ROOT/bin/peer" publish "$WORK/www/big.bin" "big-$i.bin" >/dev/null
done

# The first fetch is timed apart: it writes into page cache the machine may never have touched, which on
# our VMs costs several times more than writing into recycled pages (a fresh 1 GiB dd: 2.6 s against
# 0.3 s), and its daemon is not yet JIT-compiled. Every later run, like every curl run, writes into pages
# freed by deleting the previous copy.
log "peer -> peer fetch, 1 warm-up + $RUNS runs"
warmup=$(timed_fetch $((CONTROL_BASE + 1)) big-0.bin)
rm -f "$WORK/fetcher/big-0.bin"
: > "$WORK/fetch.times"
for i in $(seq "$RUNS"); do
    timed_fetch $((CONTROL_BASE + 1)) "big-$i.bin" >> "$WORK/fetch.times"
    [[ $(sha256sum "$WORK/fetcher/big-$i.bin" | cut -c1-64) == "$SHA" ]] || { log "fetched copy differs"; exit 1; }
    rm -f "$WORK/fetcher/big-$i.bin" # keep the disk from filling; the daemon re-indexes on its next scan
done

# --- serving to several fetchers at once: heap and CPU of the source ------------------------------
log "serving big-1.bin to $CONCURRENT fetchers at once"
for c in $(seq "$CONCURRENT"); do start_peer "many$c" $((1 + c)); done
for c in $(seq "$CONCURRENT"); do wait_peer_registered "many$c"; done
JSTAT="${JAVA_HOME:+$JAVA_HOME/bin/}jstat"
heap_used_kib() { "$JSTAT" -gc "$SOURCE_PID" | awk 'NR==2 {print int($3+$4+$6+$8)}'; } # S0U+S1U+EU+OU
cpu_ticks() { awk '{print $14+$15}' "/proc/$SOURCE_PID/stat"; }
heap_before=$(heap_used_kib); cpu_before=$(cpu_ticks)
: > "$WORK/heap.samples"
( while true; do heap_used_kib >> "$WORK/heap.samples" 2>/dev/null || true; sleep 0.1; done ) & SAMPLER=$!
PIDS+=($SAMPLER)
conc_start=$(date +%s.%N)
for c in $(seq "$CONCURRENT"); do timed_fetch $((CONTROL_BASE + 1 + c)) big-1.bin > "$WORK/conc-$c.time" & done
wait_fetchers() { for c in $(seq "$CONCURRENT"); do while [[ ! -s "$WORK/conc-$c.time" ]]; do sleep 0.1; done; done; }
wait_fetchers
conc_end=$(date +%s.%N)
kill "$SAMPLER" 2>/dev/null || true
cpu_after=$(cpu_ticks)
for c in $(seq "$CONCURRENT"); do
    [[ $(sha256sum "$WORK/many$c/big-1.bin" | cut -c1-64) == "$SHA" ]] || { log "concurrent copy $c differs"; exit 1; }
done
heap_max=$(sort -n "$WORK/heap.samples" | tail -1)

curl_median=$(median < "$WORK/curl.times")
curl_sync_median=$(median < "$WORK/curl-sync.times")
fetch_median=$(median < "$WORK/fetch.times")
ticks=$(getconf CLK_TCK)
printf '\nfile: %d MiB, %d runs each, loopback, both to disk\n' "$SIZE_MIB" "$RUNS"
printf 'nginx -> curl          median %.3f s  (%.0f MiB/s)   runs: %s\n' "$curl_median" "$(echo "$SIZE_MIB / $curl_median" | bc -l)" "$(paste -sd' ' "$WORK/curl.times")"
printf 'nginx -> curl + fsync  median %.3f s  (%.0f MiB/s)\n' "$curl_sync_median" "$(echo "$SIZE_MIB / $curl_sync_median" | bc -l)"
printf 'peershare fetch        median %.3f s  (%.0f MiB/s)   runs: %s\n' "$fetch_median" "$(echo "$SIZE_MIB / $fetch_median" | bc -l)" "$(paste -sd' ' "$WORK/fetch.times")"
printf 'peershare first fetch (fresh daemon, untouched page cache; not in the median): %.3f s\n' "$warmup"
printf 'ratio fetch/curl time  %.2f  (<= 1.00 means peershare is at least as fast as nginx -> curl)\n' "$(echo "$fetch_median / $curl_median" | bc -l)"
printf '%d concurrent fetches of the same file: %.2f s wall for %d MiB served\n' "$CONCURRENT" "$(echo "$conc_end - $conc_start" | bc -l)" "$((SIZE_MIB * CONCURRENT))"
printf 'source peer heap used: %d MiB before, max %d MiB while serving; source CPU time while serving: %.2f s\n' \
    "$((heap_before / 1024))" "$((heap_max / 1024))" "$(echo "($cpu_after - $cpu_before) / $ticks" | bc -l)"
