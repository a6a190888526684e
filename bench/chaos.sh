#!/usr/bin/env bash
# Chaos run: swarm fetches in containers while faults hit them at random moments; at the end, a count of what
# every fetch left behind. The one number that must be 0: files committed with wrong bytes or partial content.
#
# Each round publishes a new random SIZE_MIB file on 1-2 random peers, starts `peer fetch` on FETCHERS other
# peers at once, and meanwhile injects 1-4 faults, each at a random moment (0.2-3 s apart), chosen from:
#   kill      SIGKILL a peer of the round (docker kill -s KILL), started again 1-3 s later (same repository)
#   pause     freeze a peer of the round (docker pause) for 1-6 s
#   cut       pull a peer's cable (docker network disconnect) for 2-6 s
#   corrupt   overwrite 1 MiB of a source's copy in place and restore its mtime (a source that lies by mistake)
#   diskfull  fill the small-disk peer's repository (tmpfs of SMALL_DISK_MIB) for 2-8 s while it fetches
#   tracker   SIGKILL the tracker, started again 1-3 s later
# Each fetch names the content it wants by its SHA-256, as a user who got the hash from the publisher does: a
# source whose copy changed under it re-indexes the changed bytes as another content of the same name, and a
# fetch by name alone may rightly fetch that (a whole, verified copy of what that source now holds; the first
# 200-fault run counted one such fetch as wrong). Every fault is undone before the next round. Then each fetcher's copy is checked: committed (the file is
# there and its SHA-256 is the original's), refused (no file), or WRONG (a file that differs). Finally every
# repository is swept for copies of any round's file that differ from the original (the corrupted sources'
# own copies excepted: those are the faults).
#
# Usage:  bench/chaos.sh                       200 faults (about 20 minutes on 2 cores)
#         FAULTS=20 bench/chaos.sh             a short run while developing
# Settings (defaults): FAULTS=200 PEERS=6 FETCHERS=3 SIZE_MIB=32 RATE=100mbit SMALL_DISK_MIB=48 SEED=$RANDOM
#         FETCH_TIMEOUT=180 (s, per fetch) SKIP_MAVEN=0 KEEP_WORK=0
# Exit: 0 when nothing wrong was committed, 1 otherwise (or when the testbed itself fails).
# Needs: root, Docker (installed and started when missing, as .ci/run does), a JDK 21+ for the jars. Removes
# everything it started at exit, Ctrl-C included. Progress goes to stderr, the table to stdout.
set -euo pipefail

FAULTS=${FAULTS:-200}
PEERS=${PEERS:-6}
FETCHERS=${FETCHERS:-3}
SIZE_MIB=${SIZE_MIB:-32}
RATE=${RATE:-100mbit}
SMALL_DISK_MIB=${SMALL_DISK_MIB:-48}
SEED=${SEED:-$RANDOM}
FETCH_TIMEOUT=${FETCH_TIMEOUT:-180}

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# shellcheck source=deploy/lib/common.sh
source "$root/deploy/lib/common.sh"
# shellcheck source=bench/lib/testbed.sh
source "$root/bench/lib/testbed.sh"

for n in FAULTS PEERS FETCHERS SIZE_MIB SMALL_DISK_MIB FETCH_TIMEOUT; do
    [[ "${!n}" =~ ^[1-9][0-9]*$ ]] || { ps_log "$n='${!n}' must be a positive whole number"; exit 2; }
done
((PEERS >= FETCHERS + 2)) || { ps_log "PEERS=$PEERS must be at least FETCHERS + 2 (sources and fetchers)"; exit 2; }
((SMALL_DISK_MIB > SIZE_MIB)) || { ps_log "SMALL_DISK_MIB must exceed SIZE_MIB (the small disk holds one copy)"; exit 2; }
RANDOM=$SEED

RUN_ID=$$
LABEL=io.peershare.bench
PREFIX=pschaos$RUN_ID
NETWORK=$PREFIX
TRACKER=$PREFIX-tracker
PEER_IMAGE=peershare-bench/peer:run-$RUN_ID
TRACKER_IMAGE=peershare-bench/tracker:run-$RUN_ID
SMALL=peer$PEERS # the peer whose repository is a small tmpfs (the disk that fills)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/peershare-chaos.XXXXXX")
chmod 0755 "$WORK" # the peer daemons (uid 10001) read the inputs through a bind mount
mkdir -p "$WORK/in" "$WORK/logs"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    ((${#pending[@]} == 0)) || kill "${pending[@]}" 2>/dev/null || true
    finish_run "$rc"
}
trap cleanup EXIT
trap 'ps_log "interrupted"; exit 130' INT TERM

pc() { echo "$PREFIX-$1"; } # container of a peer name
rand() { echo $((RANDOM % ($2 - $1 + 1) + $1)); } # integer in [$1, $2]
rand_ms() { awk -v a="$1" -v b="$2" -v r="$RANDOM" 'BEGIN {printf "%.2f", a + (b - a) * r / 32767}'; } # seconds
declare -A faults=() # kind -> count
injected=0
busy="" # the targets under a fault in this round
pending=() # background fetches and fault undos of this round
started=0 committed=0 refused=0 wrong=0 lied=0

# --- the testbed ----------------------------------------------------------------------------------------------
ps_ensure_docker
remove_labelled stale
BASE_IMAGE=$(ps_base_image "$root")
build_peershare_images "$BASE_IMAGE" "$WORK/logs"

peer_names=()
for ((i = 1; i <= PEERS; i++)); do peer_names+=("peer$i"); done

start_testbed() {
    docker network create --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" "$NETWORK" >/dev/null
    docker run -d --no-healthcheck --name "$TRACKER" --hostname tracker --network "$NETWORK" --network-alias tracker \
        -e TRACKER_HEARTBEAT_INTERVAL=1s -e TRACKER_PEER_TTL=4s \
        --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" "$TRACKER_IMAGE" >/dev/null
    local name extra
    for name in "${peer_names[@]}"; do
        extra=()
        if [[ "$name" == "$SMALL" ]]; then
            # The identity key lives outside the tmpfs, which a restart empties: a peer that loses its key loses
            # its name (the tracker answers 409 until the binding expires or an operator releases it).
            extra=(--tmpfs "/data/repository:rw,size=${SMALL_DISK_MIB}m,uid=10001,gid=10001,mode=0755"
                   -e PEER_IDENTITY_FILE=/home/peershare/.peershare/identity.key)
        fi
        docker run -d --no-healthcheck --name "$(pc "$name")" --hostname "$name" --network "$NETWORK" \
            --network-alias "$name" --cap-add NET_ADMIN -e "PEER_LINK_RATE=$RATE" -e "PEER_HOSTNAME=$name" \
            -e PEER_CONNECT_TIMEOUT=2s -e PEER_SOCKET_TIMEOUT=10s -v "$WORK/in:/input:ro" "${extra[@]}" \
            --label "$LABEL=true" --label "$LABEL.run=$RUN_ID" "$PEER_IMAGE" >/dev/null
    done
}

tracker_ready() { docker exec "$TRACKER" curl -fsS --max-time 5 http://127.0.0.1:8080/q/health/ready; }
await_all_live() {
    await 120 "the tracker getting ready (docker logs $TRACKER)" tracker_ready
    local name
    for name in "${peer_names[@]}"; do
        await 120 "$name live on the tracker (docker logs $(pc "$name"))" peer_live "$name"
    done
}

# --- faults ---------------------------------------------------------------------------------------------------
# Each fault undoes itself in the background; the round waits for every undo before it checks anything.
fault_kill() {
    local c=$1
    docker kill -s KILL "$c" >/dev/null 2>&1 || return 1
    ( sleep "$(rand_ms 1 3)"; docker start "$c" >/dev/null ) &
    pending+=($!)
}
fault_pause() {
    local c=$1
    docker pause "$c" >/dev/null 2>&1 || return 1
    ( sleep "$(rand_ms 1 6)"; docker unpause "$c" >/dev/null ) &
    pending+=($!)
}
fault_cut() {
    local name=$1 c
    c=$(pc "$name")
    docker network disconnect -f "$NETWORK" "$c" >/dev/null 2>&1 || return 1
    ( sleep "$(rand_ms 2 6)"; docker network connect --alias "$name" "$NETWORK" "$c" >/dev/null ) &
    pending+=($!)
}
# Overwrites 1 MiB of the copy in place and puts its mtime back: size and mtime say "unchanged".
fault_corrupt() {
    local c=$1 file=$2 mib
    mib=$(rand 0 $((SIZE_MIB - 1)))
    docker exec -u 0 "$c" sh -c "f=/data/repository/$file; [ -f \$f ] || exit 1; t=\$(stat -c %Y \$f); \
        head -c 1048576 /dev/urandom | dd of=\$f bs=1M seek=$mib conv=notrunc status=none; touch -d @\$t \$f" \
        >/dev/null 2>&1 || return 1
    echo "$c $file" >>"$WORK/corrupted"
}
fault_diskfull() {
    local c=$1
    docker exec -u 0 "$c" sh -c 'mkdir -p /data/repository/.peershare; \
        head -c 1G /dev/zero > /data/repository/.peershare/chaos-filler 2>/dev/null; true' >/dev/null 2>&1 || return 1
    ( sleep "$(rand_ms 2 8)"; docker exec -u 0 "$c" rm -f /data/repository/.peershare/chaos-filler >/dev/null 2>&1 ) &
    pending+=($!)
}
fault_tracker() {
    docker kill -s KILL "$TRACKER" >/dev/null 2>&1 || return 1
    ( sleep "$(rand_ms 1 3)"; docker start "$TRACKER" >/dev/null ) &
    pending+=($!)
}

# Injects one fault of a random kind into the round's peers (or the tracker); a peer already under a fault of
# this round is left alone, so every fault is undone the way it was done. Tries another kind when one cannot
# be applied (e.g. no source left to corrupt).
inject_one() { # file sources-csv fetchers-csv
    local file=$1 sources fetchers kinds kind target attempt free=()
    IFS=, read -r -a sources <<<"$2"
    IFS=, read -r -a fetchers <<<"$3"
    for target in "${sources[@]}" "${fetchers[@]}"; do
        [[ " $busy " == *" $target "* ]] || free+=("$target")
    done
    kinds=(kill pause cut corrupt tracker)
    [[ " ${fetchers[*]} " == *" $SMALL "* ]] && kinds+=(diskfull diskfull)
    for attempt in 1 2 3 4 5 6; do
        kind=${kinds[$(rand 0 $((${#kinds[@]} - 1)))]}
        case $kind in
            kill | pause | cut)
                ((${#free[@]})) || continue
                target=${free[$(rand 0 $((${#free[@]} - 1)))]} ;;
            corrupt)
                target=${sources[$(rand 0 $((${#sources[@]} - 1)))]}
                [[ " $busy " != *" $target "* ]] || continue ;;
            diskfull)
                target=$SMALL
                [[ " $busy " != *" $target "* ]] || continue ;;
            tracker)
                target=tracker
                [[ " $busy " != *" tracker "* ]] || continue ;;
        esac
        case $kind in
            kill) fault_kill "$(pc "$target")" ;;
            pause) fault_pause "$(pc "$target")" ;;
            cut) fault_cut "$target" ;;
            corrupt) fault_corrupt "$(pc "$target")" "$file" ;;
            diskfull) fault_diskfull "$(pc "$target")" ;;
            tracker) fault_tracker ;;
        esac || continue
        [[ "$kind" == corrupt ]] || busy="$busy $target"
        faults[$kind]=$(( ${faults[$kind]:-0} + 1 ))
        injected=$((injected + 1))
        echo "$kind $target" >>"$WORK/logs/faults"
        return 0
    done
    ps_log "no fault could be applied this time (every candidate is under one already)"
}

# --- one round ------------------------------------------------------------------------------------------------
pick_peers() { # count, excluding the names after it; prints names, one a line
    local count=$1
    shift
    printf '%s\n' "${peer_names[@]}" | grep -vxF -f <(printf '%s\n' "$@" "") | shuf --random-source=<(yes "$RANDOM") -n "$count"
}

round() {
    local r=$1 file=chaos-$1.bin sha name rc out
    head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom >"$WORK/in/$file"
    chmod 0644 "$WORK/in/$file"
    sha=$(sha256sum "$WORK/in/$file" | cut -c1-64)
    echo "$file $sha" >>"$WORK/originals"
    mapfile -t sources < <(pick_peers "$(rand 1 2)" "$SMALL")
    mapfile -t fetchers < <(pick_peers "$FETCHERS" "${sources[@]}")
    for name in "${sources[@]}"; do
        docker exec "$(pc "$name")" peer publish "/input/$file" "$file" >/dev/null || die "round $r: publishing on $name failed"
    done
    await 60 "round $r: the tracker listing the sources of $file" sources_at_least "$file" "${#sources[@]}"

    pending=()
    for name in "${fetchers[@]}"; do
        ( timeout "$FETCH_TIMEOUT" docker exec "$(pc "$name")" peer fetch "$file" --sha256 "$sha" >"$WORK/logs/$r-$name.out" 2>&1; \
          echo $? >"$WORK/logs/$r-$name.rc" ) &
        pending+=($!)
    done
    started=$((started + ${#fetchers[@]}))
    busy=""
    local n
    n=$(rand 1 4)
    ((n <= FAULTS - injected)) || n=$((FAULTS - injected))
    for ((k = 0; k < n; k++)); do
        sleep "$(rand_ms 0.2 3)"
        inject_one "$file" "$(IFS=,; echo "${sources[*]}")" "$(IFS=,; echo "${fetchers[*]}")"
    done
    wait "${pending[@]}" || true # the fetches and every undo
    pending=()
    await_all_live

    for name in "${fetchers[@]}"; do
        out=$(docker exec "$(pc "$name")" sha256sum "/data/repository/$file" 2>/dev/null | cut -c1-64 || true)
        rc=$(cat "$WORK/logs/$r-$name.rc" 2>/dev/null || echo "?")
        if [[ -z "$out" ]]; then
            refused=$((refused + 1))
            [[ "$rc" != 0 ]] || { lied=$((lied + 1)); ps_log "round $r: $name said the fetch succeeded, but has no $file"; }
        elif [[ "$out" == "$sha" ]]; then
            committed=$((committed + 1))
        else
            wrong=$((wrong + 1))
            ps_log "round $r: $name committed $file with WRONG bytes (sha256 $out, original $sha)"
        fi
    done
    # The small disk holds one copy at a time.
    docker exec "$(pc "$SMALL")" rm -f "/data/repository/$file" >/dev/null 2>&1 || true
    rm -f "$WORK/in/$file"
    ps_log "round $r: ${sources[*]} -> ${fetchers[*]}: $n fault(s); so far $injected faults, $committed committed, $refused refused, $wrong wrong"
}

# Every copy of a round's file anywhere must be the original, except the corrupted sources' own copies.
sweep() {
    local name c file got sha
    for name in "${peer_names[@]}"; do
        c=$(pc "$name")
        while read -r got file; do
            [[ -n "$file" ]] || continue
            file=${file##*/}
            sha=$(awk -v f="$file" '$1 == f {print $2}' "$WORK/originals")
            [[ -n "$sha" && "$got" != "$sha" ]] || continue
            grep -qxF "$c $file" "$WORK/corrupted" 2>/dev/null && continue
            wrong=$((wrong + 1))
            ps_log "sweep: $name holds $file with WRONG bytes (sha256 $got)"
        done < <(docker exec "$c" sh -c 'cd /data/repository && sha256sum chaos-*.bin 2>/dev/null' || true)
    done
}

ps_log "chaos run: $FAULTS faults, $PEERS peers ($SMALL on a ${SMALL_DISK_MIB} MiB tmpfs), $FETCHERS fetchers a round," \
    "$SIZE_MIB MiB files, links $RATE, seed $SEED"
start_testbed
await_all_live
t0=$SECONDS
r=0
while ((injected < FAULTS)); do
    r=$((r + 1))
    round "$r"
done
sweep

echo
echo "chaos run: $injected faults in $r rounds, $(((SECONDS - t0) / 60)) min; $PEERS peers, $SIZE_MIB MiB files, links $RATE, seed $SEED"
printf '%-10s %s\n' fault count
for kind in kill pause cut corrupt diskfull tracker; do printf '%-10s %s\n' "$kind" "${faults[$kind]:-0}"; done
echo
printf '%-62s %s\n' "fetches started" "$started"
printf '%-62s %s\n' "files committed, verified against the original" "$committed"
printf '%-62s %s\n' "fetches refused (no file)" "$refused"
printf '%-62s %s\n' "  of which the shell said it succeeded" "$lied"
printf '%-62s %s\n' "files committed with wrong bytes or partial content (must be 0)" "$wrong"
echo "reproduce: SEED=$SEED FAULTS=$FAULTS bench/chaos.sh"
((wrong == 0 && lied == 0))
