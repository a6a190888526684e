#!/usr/bin/env bash
# Swarm benchmark: peershare against BitTorrent on the same shaped container network, each case side by side
# in one run, RUNS times; prints one table (medians, min-max spread, ratios) and the commands to reproduce it.
#
#   swarm    1 seed + FETCHERS fetchers, every container's upload capped at RATE (tbf on eth0, the same
#            deploy/docker/link-shape.sh on both sides), one random SIZE_MIB file. Measured: the time from
#            starting the FETCHERS fetches at once to the last verified copy, and the copies the seed uploaded
#            (its eth0 tx bytes / file size).
#              peershare:  FETCHERS x `docker exec <fetcher> peer fetch big-<run>.bin` started together (the
#                          shells' JVM start-up counts), against the peer image built from Dockerfile.peer;
#              BitTorrent: opentracker + 1 aria2c seed + FETCHERS aria2c leechers started together, each leecher
#                          seeding on until all are done (peershare fetchers stay sources too); a leecher is
#                          done when aria2c has every piece SHA-1 verified.
#            Also: CPU seconds and wall time of FETCHERS concurrent no-op `peer fetch` shells (start-up cost).
#   sources  SOURCES peers holding one file, each capped at RATE, one fetcher: its download rate as a multiple
#            of RATE, next to the same fetch from 1 source. Timed in the daemon (control API, request to
#            verified), so the shell's start-up does not hide the transfer.
#   nginx    no regression unshaped: bench/fetch-vs-nginx.sh (1 GiB over loopback, peershare vs nginx -> curl)
#            and its ratio; needs nginx-light on the host, installed with apt when missing.
#
# Usage:  bench/swarm.sh
#         RUNS=1 bench/swarm.sh                           one run of each case while developing
#         RATE=100mbit SIZE_MIB=128 CASES="swarm" bench/swarm.sh
# Settings (defaults): RATE=200mbit SIZE_MIB=256 FETCHERS=8 SOURCES=4 RUNS=3 CASES="swarm sources nginx"
#         NGINX_SIZE_MIB=1024 NGINX_RUNS=3 CASE_TIMEOUT=900 (seconds, per timed step) SKIP_MAVEN=0 KEEP_WORK=0
#
# Needs: root, Docker (.ci/run installs and starts it on Debian; so does this script), the base image
# (deploy/base-image.sh, built when missing), a JDK 21+ for the jars. The BitTorrent image (aria2, opentracker,
# mktorrent from Debian, on the base image) is built once and kept as a cache, tagged with a hash of its recipe.
# Everything else it starts -- containers, the network, the peershare images it built, its work folder -- is
# removed at exit, Ctrl-C included. Progress goes to stderr, the table to stdout.
set -euo pipefail

RATE=${RATE:-200mbit}
SIZE_MIB=${SIZE_MIB:-256}
FETCHERS=${FETCHERS:-8}
SOURCES=${SOURCES:-4}
RUNS=${RUNS:-3}
CASES=${CASES:-swarm sources nginx}
NGINX_SIZE_MIB=${NGINX_SIZE_MIB:-1024}
NGINX_RUNS=${NGINX_RUNS:-3}
CASE_TIMEOUT=${CASE_TIMEOUT:-900}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=deploy/lib/common.sh
source "$root/deploy/lib/common.sh"
# shellcheck source=bench/lib/testbed.sh
source "$root/bench/lib/testbed.sh"

has_case() { [[ " $CASES " == *" $1 "* ]]; }
for n in SIZE_MIB FETCHERS SOURCES RUNS NGINX_SIZE_MIB NGINX_RUNS CASE_TIMEOUT; do
    [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || { ps_log "$n='${!n}' must be a positive whole number"; exit 2; }
done
for c in $CASES; do
    [[ "$c" =~ ^(swarm|sources|nginx)$ ]] || { ps_log "CASES may name swarm, sources and nginx, not '$c'"; exit 2; }
done
if has_case sources && ((SOURCES > FETCHERS)); then
    ps_log "SOURCES=$SOURCES needs FETCHERS >= SOURCES (the sources are the seed and fetcher1..; the last fetcher measures)"
    exit 2
fi
PEER_LINK_RATE=$RATE LINK_SHAPE_NAME=swarm.sh sh "$root/deploy/docker/link-shape.sh" --check || exit 2

RUN_ID=$$
PREFIX=psbench$RUN_ID
LABEL=io.peershare.bench
SIZE_BYTES=$((SIZE_MIB * 1024 * 1024))
RATE_BPS=$(echo "$RATE" | awk '{v = $0 + 0; u = tolower($0); sub(/^[0-9.]+/, "", u);
    m = (u == "kbit") ? 1e3 : (u == "mbit") ? 1e6 : (u == "gbit") ? 1e9 : 1; printf "%.0f\n", v * m}')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/peershare-swarm.XXXXXX")
# The peer daemons (uid 10001) read the input files through a bind mount.
chmod 0755 "$WORK"
mkdir -p "$WORK/in" "$WORK/results"
NETWORK=$PREFIX
TRACKER=$PREFIX-tracker
PEER_IMAGE=peershare-bench/peer:run-$RUN_ID
TRACKER_IMAGE=peershare-bench/tracker:run-$RUN_ID

# The aria2c options of every BitTorrent peer, printed as they are used. DHT off: it needs bootstrap nodes
# outside this network, so here it could only time out; peer exchange stays on (aria2's default) as in a
# real swarm, and local peer discovery stays at aria2's default, off. --seed-ratio=0.0: seed until killed,
# so a leecher that is done keeps serving until the last one is.
ARIA2_OPTS=(--dir=/data --seed-ratio=0.0 --enable-dht=false --enable-dht6=false --disable-ipv6=true
            --file-allocation=none --summary-interval=0 --console-log-level=warn --log-level=notice)
OPENTRACKER_CMD=(opentracker -p 6969 -P 6969 -d /srv/opentracker -u nobody -w whitelist.txt)

# --- clean-up -----------------------------------------------------------------------------------------------
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    # Background docker exec clients and pollers of this script; the containers' own processes go with them.
    jobs -p | xargs -r kill 2>/dev/null || true
    finish_run "$rc"
}
trap cleanup EXIT
trap 'ps_log "interrupted"; exit 130' INT TERM

# --- small helpers ------------------------------------------------------------------------------------------
record() { echo "$2" >> "$WORK/results/$1"; } # name value
expect_copy() { # container path sha256
    local got
    got=$(docker exec "$1" sha256sum "$2" 2>/dev/null | cut -c1-64 || true)
    [[ "$got" == "$3" ]] || die "$1: $2 is missing or differs from the original (sha256 '$got')"
}
# A random SIZE_MIB file in $WORK/in (readable by the peers' uid); prints its SHA-256.
random_input() {
    head -c "$SIZE_BYTES" /dev/urandom >"$WORK/in/$1"
    chmod 0644 "$WORK/in/$1"
    sha256sum "$WORK/in/$1" | cut -c1-64
}
shaped_ok() { docker exec "$1" tc qdisc show dev eth0 | grep -q "tbf"; }

# --- preparation --------------------------------------------------------------------------------------------
ps_ensure_docker
remove_labelled stale
BASE_IMAGE=$(ps_base_image "$root")
OTHER_CONTAINERS_START=$(docker ps -q | wc -l)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

container_cases=0
if has_case swarm || has_case sources; then container_cases=1; fi

if ((container_cases)); then
    build_peershare_images "$BASE_IMAGE" "$WORK"
else
    ps_ensure_jdk
    if [[ "${SKIP_MAVEN:-0}" != 1 ]]; then ./mvnw -B -q package -DskipTests >&2; fi
fi

if has_case swarm; then
    # Cached across runs: the tag is a hash of the recipe and of the base image.
    bt_hash=$( { cat bench/bittorrent/Dockerfile bench/bittorrent/entrypoint.sh bench/bittorrent/done-hook.sh \
                     deploy/docker/link-shape.sh; docker image inspect -f '{{.Id}}' "$BASE_IMAGE"; } | sha256sum | cut -c1-12)
    BT_IMAGE=peershare-bittorrent:$bt_hash
    if ! docker image inspect "$BT_IMAGE" >/dev/null 2>&1; then
        ps_log "building $BT_IMAGE (apt-get install aria2 opentracker mktorrent iproute2; kept as a cache)"
        mkdir -p "$WORK/bt-context"
        cp bench/bittorrent/Dockerfile bench/bittorrent/entrypoint.sh bench/bittorrent/done-hook.sh \
            deploy/docker/link-shape.sh "$WORK/bt-context/"
        docker build -q --build-arg "BASE_IMAGE=$BASE_IMAGE" --label "$LABEL.cache=true" -t "$BT_IMAGE" \
            "$WORK/bt-context" >"$WORK/build-bt.log" 2>&1 \
            || { tail -n 20 "$WORK/build-bt.log" >&2; die "building $BT_IMAGE failed (log above): the Debian mirror must be reachable from docker build"; }
    fi
fi

# --- the peershare cluster: a tracker, the seed and FETCHERS fetchers, every peer shaped --------------------
peer_names=(seed)
for ((i = 1; i <= FETCHERS; i++)); do peer_names+=("fetcher$i"); done
pc() { echo "$PREFIX-$1"; } # container of a peer name

# --no-healthcheck: the image's HEALTHCHECK runs `docker exec` in every container every 5 s, which with ten
# containers took about a fifth of a 2-core machine at rest; the BitTorrent containers have none, and this
# measures the data path, not the monitoring.
start_cluster() {
    docker network create --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" "$NETWORK" >/dev/null
    docker run -d --no-healthcheck --name "$TRACKER" --hostname tracker --network "$NETWORK" --network-alias tracker \
        --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" "$TRACKER_IMAGE" >/dev/null
    local name
    for name in "${peer_names[@]}"; do
        docker run -d --no-healthcheck --name "$(pc "$name")" --hostname "$name" --network "$NETWORK" --network-alias "$name" \
            --cap-add NET_ADMIN -e "PEER_LINK_RATE=$RATE" -e "PEER_HOSTNAME=$name" -v "$WORK/in:/input:ro" \
            --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" "$PEER_IMAGE" >/dev/null
    done
    ps_log "waiting for the tracker and ${#peer_names[@]} peers (JVMs starting together on $(nproc) cores)"
    await 180 "the tracker getting ready" docker exec "$TRACKER" curl -fsS http://127.0.0.1:8080/q/health/ready
    for name in "${peer_names[@]}"; do
        await 240 "$name registering with the tracker (docker logs $(pc "$name"))" peer_live "$name"
        shaped_ok "$(pc "$name")" || die "$name has no tbf on eth0"
    done
}

# Publishes $WORK/in/<file> on the given peers and waits until the tracker lists them all as its sources.
publish_on() { # file peer...
    local file=$1 name
    shift
    for name in "$@"; do
        docker exec "$(pc "$name")" peer publish "/input/$file" "$file" >/dev/null \
            || die "publishing $file on $name failed"
    done
    await 60 "the tracker listing $# source(s) of $file" sources_at_least "$file" "$#"
}

forget() { # file peer...: remove the copies, so the disk does not fill over the runs
    local file=$1 name
    shift
    for name in "$@"; do docker exec "$(pc "$name")" rm -f "/data/repository/$file" >/dev/null 2>&1 || true; done
}

# --- case: peershare swarm ----------------------------------------------------------------------------------
peershare_swarm() { # run sha
    local run=$1 sha=$2 file=big-$1.bin out=$WORK/ps-$1 i tx0 tx1 t0 last=0 rc end
    mkdir -p "$out"
    publish_on "$file" seed
    tx0=$(tx_bytes "$(pc seed)")
    ps_log "run $run peershare: $FETCHERS x 'docker exec <fetcher> peer fetch $file' at once"
    local pids=()
    t0=$(now)
    for ((i = 1; i <= FETCHERS; i++)); do
        ( rc=0
          timeout "$CASE_TIMEOUT" docker exec "$(pc "fetcher$i")" peer fetch "$file" >"$out/$i.log" 2>&1 || rc=$?
          echo "$rc $(now)" >"$out/$i.end" ) &
        pids+=($!)
    done
    wait "${pids[@]}"
    for ((i = 1; i <= FETCHERS; i++)); do
        read -r rc end <"$out/$i.end"
        ((rc == 0)) || { tail -n 5 "$out/$i.log" >&2; die "run $run: fetcher$i's fetch exited $rc (124: over CASE_TIMEOUT=$CASE_TIMEOUT s)"; }
        last=$(awk -v a="$last" -v b="$end" 'BEGIN {print (b > a) ? b : a}')
    done
    tx1=$(tx_bytes "$(pc seed)")
    for ((i = 1; i <= FETCHERS; i++)); do expect_copy "$(pc "fetcher$i")" "/data/repository/$file" "$sha"; done
    record ps_time "$(awk -v a="$t0" -v b="$last" 'BEGIN {printf "%.2f", b - a}')"
    record ps_copies "$(awk -v d="$((tx1 - tx0))" -v s="$SIZE_BYTES" 'BEGIN {printf "%.2f", d / s}')"
    ps_log "run $run peershare: $(tail -n 1 "$WORK/results/ps_time") s, seed uploaded $(tail -n 1 "$WORK/results/ps_copies") copies"

    # The shells' start-up: FETCHERS no-op fetches at once (each fetcher holds the file now), wall time and CPU
    # seconds of the shells' processes, from bash's `times` (user + system of its children).
    pids=()
    t0=$(now)
    for ((i = 1; i <= FETCHERS; i++)); do
        timeout "$CASE_TIMEOUT" docker exec "$(pc "fetcher$i")" \
            bash -c 'peer fetch "$1" >/dev/null; rc=$?; times; exit $rc' _ "$file" >"$out/noop-$i.times" 2>&1 &
        pids+=($!)
    done
    wait "${pids[@]}" || ps_log "run $run: a no-op fetch failed; its shell's CPU is counted all the same"
    record shell_wall "$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.2f", b - a}')"
    # `times` prints the shell's own user/system time, then its children's (the peer wrapper and its JVM).
    record shell_cpu "$(awk '/^[0-9]+m[0-9.]+s [0-9]+m[0-9.]+s$/ && ++seen[FILENAME] == 2 {
            for (f = 1; f <= 2; f++) {split($f, p, "m"); sub(/s$/, "", p[2]); cpu += p[1] * 60 + p[2]}
        }
        END {printf "%.2f", cpu}' "$out"/noop-*.times)"
    forget "$file" "${peer_names[@]}"
}

# --- case: BitTorrent swarm ---------------------------------------------------------------------------------
bt_run() { # name hostname [docker run args...] -- command...
    local name=$1 host=$2
    shift 2
    docker run -d --name "$PREFIX-$name" --hostname "$host" --network "$NETWORK" \
        --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" "$@" >/dev/null
}
bt_scrape_complete() { # tracker container, url-encoded info hash, expected seeders
    docker exec "$1" curl -fsS "http://127.0.0.1:6969/scrape?info_hash=$2" | grep -aq "8:completei$3e"
}

bittorrent_swarm() { # run sha
    local run=$1 sha=$2 file=big-$1.bin dir=$WORK/bt-$1 i hash enc tx0 tx1 t0 last seed=$PREFIX-bt$1-seed
    mkdir -p "$dir/out" "$dir/tracker"
    bt_run "bt$run-seed" btseed --cap-add NET_ADMIN -e "PEER_LINK_RATE=$RATE" \
        -v "$WORK/in:/input:ro" -v "$dir/out:/out" "$BT_IMAGE"
    # The seed's copy of the file, the torrent (mktorrent's default 256 KiB pieces) and its info hash, which
    # opentracker (built with a whitelist) must be told before it accepts announces for it.
    docker exec "$seed" sh -c "mkdir -p /data && cp /input/$file /data/ \
        && mktorrent -a http://bttracker:6969/announce -o /out/$file.torrent /data/$file >/dev/null" \
        || die "run $run: mktorrent failed in $seed"
    hash=$(docker exec "$seed" aria2c -S "/out/$file.torrent" | sed -n 's/^Info Hash: //p')
    [[ "$hash" =~ ^[0-9a-f]{40}$ ]] || die "run $run: no info hash from aria2c -S (got '$hash')"
    echo "$hash" >"$dir/tracker/whitelist.txt"
    bt_run "bt$run-tracker" bttracker --network-alias bttracker -v "$dir/tracker:/srv/opentracker" \
        "$BT_IMAGE" "${OPENTRACKER_CMD[@]}"
    docker exec -d "$seed" aria2c "${ARIA2_OPTS[@]}" --check-integrity=true --log=/out/btseed.log "/out/$file.torrent"
    enc=$(echo "$hash" | sed 's/../%&/g')
    await 120 "run $run: the aria2c seed announcing itself complete to opentracker" \
        bt_scrape_complete "$PREFIX-bt$run-tracker" "$enc" 1
    for ((i = 1; i <= FETCHERS; i++)); do
        bt_run "bt$run-leecher$i" "leecher$i" --cap-add NET_ADMIN -e "PEER_LINK_RATE=$RATE" -v "$dir/out:/out" "$BT_IMAGE"
    done
    for ((i = 1; i <= FETCHERS; i++)); do
        await 30 "run $run: leecher$i running shaped (docker logs $PREFIX-bt$run-leecher$i)" \
            shaped_ok "$PREFIX-bt$run-leecher$i"
    done
    tx0=$(tx_bytes "$seed")
    ps_log "run $run BitTorrent: $FETCHERS aria2c leechers at once"
    local pids=()
    t0=$(now)
    # Started in parallel, like the peershare fetches; `docker exec -d` returns once aria2c runs.
    for ((i = 1; i <= FETCHERS; i++)); do
        docker exec -d "$PREFIX-bt$run-leecher$i" aria2c "${ARIA2_OPTS[@]}" --log="/out/leecher$i.log" \
            --on-bt-download-complete=/usr/local/bin/bittorrent-done "/out/$file.torrent" &
        pids+=($!)
    done
    wait "${pids[@]}" || die "run $run: starting an aria2c leecher failed"
    local deadline=$((SECONDS + CASE_TIMEOUT))
    until (($(find "$dir/out" -name 'leecher*.done' | wc -l) >= FETCHERS)); do
        ((SECONDS < deadline)) || die "run $run: not every aria2c leecher finished within CASE_TIMEOUT=$CASE_TIMEOUT s"
        sleep 0.1
    done
    last=$(cat "$dir"/out/leecher*.done | sort -g | tail -n 1)
    tx1=$(tx_bytes "$seed")
    for ((i = 1; i <= FETCHERS; i++)); do expect_copy "$PREFIX-bt$run-leecher$i" "/data/$file" "$sha"; done
    record bt_time "$(awk -v a="$t0" -v b="$last" 'BEGIN {printf "%.2f", b - a}')"
    record bt_copies "$(awk -v d="$((tx1 - tx0))" -v s="$SIZE_BYTES" 'BEGIN {printf "%.2f", d / s}')"
    ps_log "run $run BitTorrent: $(tail -n 1 "$WORK/results/bt_time") s, seed uploaded $(tail -n 1 "$WORK/results/bt_copies") copies"
    local gone=("$seed" "$PREFIX-bt$run-tracker")
    for ((i = 1; i <= FETCHERS; i++)); do gone+=("$PREFIX-bt$run-leecher$i"); done
    docker rm -f -v "${gone[@]}" >/dev/null
}

# --- case: many sources -------------------------------------------------------------------------------------
# One fetch through the fetcher daemon's control API, timed inside its container from the request to the
# verified copy (DONE); prints "seconds".
CONTROL_FETCH='
base=http://127.0.0.1:${PEER_CONTROL_PORT:-7071}/control/v1/fetches
# The control API wants the secret its daemon wrote for its user (docs/architecture.md, "Control API authentication").
auth="Authorization: Bearer $(cat "${PEER_CONTROL_SECRET_FILE:-$HOME/.peershare/control-${PEER_CONTROL_PORT:-7071}.secret}")"
t0=$(date +%s.%N)
id=$(curl -fsS -H "$auth" -H "Content-Type: application/json" -d "{\"name\":\"$1\"}" "$base" | sed -n "s/.*\"id\":\"\([^\"]*\)\".*/\1/p")
[ -n "$id" ] || { echo "the control API did not start the fetch" >&2; exit 1; }
polls=0
while :; do
    status=$(curl -fsS -H "$auth" "$base/$id?wait=1000") # answered when the fetch ends, or after 1 s
    state=$(echo "$status" | sed -n "s/.*\"state\":\"\([A-Z_]*\)\".*/\1/p")
    case "$state" in DONE) break ;; FAILED|ALREADY_PRESENT|"") echo "fetch ended ${state:-unknown}: $status" >&2; exit 1 ;; esac
    polls=$((polls + 1)); [ "$polls" -lt "$2" ] || { echo "fetch not done after $2 waits of 1 s" >&2; exit 1; }
done
awk -v a="$t0" -v b="$(date +%s.%N)" "BEGIN {printf \"%.2f\n\", b - a}"'

timed_control_fetch() { # peer file
    docker exec "$(pc "$1")" sh -c "$CONTROL_FETCH" _ "$2" "$CASE_TIMEOUT"
}

many_sources() { # run
    local run=$1 measurer=fetcher$FETCHERS t1 tn i sources=(seed)
    for ((i = 1; i < SOURCES; i++)); do sources+=("fetcher$i"); done
    # Contents of their own, so no earlier holder of the swarm file can be a source by its hash.
    local one_sha many_sha
    one_sha=$(random_input "one-$run.bin")
    many_sha=$(random_input "many-$run.bin")
    publish_on "one-$run.bin" seed
    ps_log "run $run sources: 1 source -> $measurer"
    t1=$(timed_control_fetch "$measurer" "one-$run.bin") || die "run $run: the 1-source fetch on $measurer failed"
    expect_copy "$(pc "$measurer")" "/data/repository/one-$run.bin" "$one_sha"
    publish_on "many-$run.bin" "${sources[@]}"
    ps_log "run $run sources: $SOURCES sources (${sources[*]}) -> $measurer"
    tn=$(timed_control_fetch "$measurer" "many-$run.bin") || die "run $run: the $SOURCES-source fetch on $measurer failed"
    expect_copy "$(pc "$measurer")" "/data/repository/many-$run.bin" "$many_sha"
    record one_time "$t1"
    record one_mbit "$(awk -v s="$SIZE_BYTES" -v t="$t1" 'BEGIN {printf "%.1f", s * 8 / t / 1e6}')"
    record many_time "$tn"
    record many_multiple "$(awk -v s="$SIZE_BYTES" -v t="$tn" -v r="$RATE_BPS" 'BEGIN {printf "%.2f", s * 8 / t / r}')"
    record many_vs_one "$(awk -v a="$t1" -v b="$tn" 'BEGIN {printf "%.2f", a / b}')"
    ps_log "run $run sources: 1 source $t1 s, $SOURCES sources $tn s"
    forget "one-$run.bin" seed "$measurer"
    forget "many-$run.bin" "${sources[@]}" "$measurer"
    rm -f "$WORK/in/one-$run.bin" "$WORK/in/many-$run.bin"
}

# --- the runs -----------------------------------------------------------------------------------------------
started=$SECONDS
# What else loads the machine meanwhile (a shared machine): the 1-minute load average and the containers that
# are not this run's, every 10 s.
( while :; do
      echo "$(cut -d' ' -f1 /proc/loadavg) $(( $(docker ps -q | wc -l) - $(docker ps -q --filter "label=$LABEL.run=$RUN_ID" | wc -l) ))"
      sleep 10
  done ) >"$WORK/machine.samples" 2>/dev/null &
if ((container_cases)); then
    start_cluster
    for ((run = 1; run <= RUNS; run++)); do
        ps_log "run $run of $RUNS: a random ${SIZE_MIB} MiB file"
        sha=$(random_input "big-$run.bin")
        if has_case swarm; then
            # Alternate which side goes first, so a drift in the machine's load does not favour one.
            if ((run % 2)); then
                peershare_swarm "$run" "$sha"
                bittorrent_swarm "$run" "$sha"
            else
                bittorrent_swarm "$run" "$sha"
                peershare_swarm "$run" "$sha"
            fi
        fi
        if has_case sources; then many_sources "$run"; fi
        rm -f "$WORK/in/big-$run.bin"
    done
    ps_log "removing the containers before the unshaped case"
    remove_labelled "$RUN_ID"
fi

nginx_line=""
if has_case nginx; then
    missing=()
    command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
    command -v bc >/dev/null 2>&1 || missing+=(bc)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    if ((${#missing[@]})); then
        ps_log "bench/fetch-vs-nginx.sh needs ${missing[*]}: installing with apt-get (no service is started: policy-rc.d)"
        policy_added=0
        if [[ ! -e /usr/sbin/policy-rc.d ]]; then
            # Debian's switch that keeps package scripts from starting nginx on port 80 during the install.
            printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d && policy_added=1
        fi
        { apt-get -o DPkg::Lock::Timeout=600 update -q && DEBIAN_FRONTEND=noninteractive \
            apt-get -o DPkg::Lock::Timeout=600 install -y -q "${missing[@]}"; } >&2 || apt_failed=1
        ((policy_added)) && rm -f /usr/sbin/policy-rc.d
        [[ -z "${apt_failed:-}" ]] || die "apt-get install ${missing[*]} failed: install it by hand, or leave nginx out of CASES"
    fi
    ps_log "unshaped: SIZE_MIB=$NGINX_SIZE_MIB RUNS=$NGINX_RUNS bench/fetch-vs-nginx.sh"
    SIZE_MIB=$NGINX_SIZE_MIB RUNS=$NGINX_RUNS "$root/bench/fetch-vs-nginx.sh" >"$WORK/nginx.out" \
        || die "bench/fetch-vs-nginx.sh failed (its lines above)"
    nginx_line=$(sed -n 's/^ratio fetch\/curl time *\([0-9.]*\).*/\1/p' "$WORK/nginx.out")
    [[ -n "$nginx_line" ]] || die "bench/fetch-vs-nginx.sh printed no ratio: $(tail -n 3 "$WORK/nginx.out")"
fi

# --- the table ----------------------------------------------------------------------------------------------
R=$WORK/results
ratio_of_medians() { # a b
    [[ -s "$R/$1" && -s "$R/$2" ]] || { echo "-"; return; }
    awk -v a="$(median < "$R/$1")" -v b="$(median < "$R/$2")" 'BEGIN {printf "%.2f", a / b}'
}
runs_of() { [[ -s "$R/$1" ]] && paste -sd' ' "$R/$1" || echo "-"; }
row() { printf '%-58s | %-22s | %-22s | %-8s | %s\n' "$@"; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$root" diff --quiet HEAD 2>/dev/null || commit="$commit+uncommitted changes"

echo
echo "peershare swarm benchmark: RATE=$RATE SIZE_MIB=$SIZE_MIB FETCHERS=$FETCHERS SOURCES=$SOURCES RUNS=$RUNS, commit $commit"
echo "medians over the runs (min-max); every container's upload is a tbf at $RATE on eth0 (deploy/docker/link-shape.sh)"
echo
row "case" "peershare" "BitTorrent (aria2c)" "ps / bt" "runs (peershare; bittorrent)"
row "$(printf '%.0s-' {1..58})" "$(printf '%.0s-' {1..22})" "$(printf '%.0s-' {1..22})" "--------" "----"
if has_case swarm; then
    row "1 seed + $FETCHERS fetchers: s to the last verified copy" "$(summary "$R/ps_time" %.1f)" "$(summary "$R/bt_time" %.1f)" \
        "$(ratio_of_medians ps_time bt_time)" "$(runs_of ps_time); $(runs_of bt_time)"
    row "  copies of the file the seed uploaded (eth0 tx)" "$(summary "$R/ps_copies" %.2f)" "$(summary "$R/bt_copies" %.2f)" \
        "$(ratio_of_medians ps_copies bt_copies)" "$(runs_of ps_copies); $(runs_of bt_copies)"
    row "  $FETCHERS no-op 'peer fetch' shells at once: wall s" "$(summary "$R/shell_wall" %.1f)" "" "" "$(runs_of shell_wall)"
    row "  the same: CPU s of the $FETCHERS shells together" "$(summary "$R/shell_cpu" %.1f)" "" "" "$(runs_of shell_cpu)"
fi
if has_case sources; then
    row "1 source -> 1 fetcher: s (daemon: request to verified)" "$(summary "$R/one_time" %.2f)" "" "" "$(runs_of one_time)"
    row "  its rate, Mbit/s of file data (link: $RATE)" "$(summary "$R/one_mbit" %.1f)" "" "" "$(runs_of one_mbit)"
    row "$SOURCES sources -> 1 fetcher: download rate / link rate" "$(summary "$R/many_multiple" %.2fx)" "" "" "$(runs_of many_multiple)"
    row "  the same against the 1-source fetch (time ratio)" "$(summary "$R/many_vs_one" %.2fx)" "" "" "$(runs_of many_vs_one)"
fi
if has_case nginx; then
    row "unshaped ${NGINX_SIZE_MIB} MiB loopback: fetch / nginx->curl time" "$nginx_line" "" "" "$NGINX_RUNS runs each"
    sed -n 's/^\(nginx -> curl  \|peershare fetch \)/    &/p' "$WORK/nginx.out"
fi
echo
echo "machine: $(nproc) cores; load average $LOAD_START at the start; 1-minute load sampled every 10 s:" \
    "$(awk '{s += $1; if ($1 > m) m = $1} END {if (NR) printf "mean %.1f, max %.1f", s / NR, m}' "$WORK/machine.samples")"
echo "         other engineers' running containers: $OTHER_CONTAINERS_START at the start," \
    "at most $(awk '$2 > m {m = $2} END {print m + 0}' "$WORK/machine.samples") meanwhile; $((SECONDS - started)) s in all"
echo
echo "reproduce:"
echo "  RATE=$RATE SIZE_MIB=$SIZE_MIB FETCHERS=$FETCHERS SOURCES=$SOURCES RUNS=$RUNS CASES=\"$CASES\" bench/swarm.sh"
if ((container_cases)); then
    echo "  peers:      docker run -d --cap-add NET_ADMIN -e PEER_LINK_RATE=$RATE -e PEER_HOSTNAME=<name> <image of Dockerfile.peer>"
fi
if has_case swarm; then
    echo "  peershare:  docker exec <fetcherN> peer fetch big-<run>.bin        ($FETCHERS at once; the seed published it)"
    echo "  BitTorrent: mktorrent -a http://bttracker:6969/announce -o big.torrent big.bin"
    echo "              ${OPENTRACKER_CMD[*]}"
    echo "              aria2c ${ARIA2_OPTS[*]} --check-integrity=true big.torrent                  (the seed)"
    echo "              aria2c ${ARIA2_OPTS[*]} --on-bt-download-complete=<hook> big.torrent   ($FETCHERS leechers at once)"
fi
if has_case sources; then
    echo "  sources:    POST /control/v1/fetches {\"name\":\"many-<run>.bin\"} on fetcher$FETCHERS, then GET .../{id}?wait=1000 until DONE"
fi
if has_case nginx; then
    echo "  unshaped:   SIZE_MIB=$NGINX_SIZE_MIB RUNS=$NGINX_RUNS bench/fetch-vs-nginx.sh"
fi
