#!/usr/bin/env bash
# What a local user, or odd files in its repository folder, can do to a peer daemon (issue 7, "local" items).
# Runs one daemon of the given build on free loopback ports and prints one line per attack: what happened.
#   [SKIP_UNREADABLE=1] bench/hardening/local-attacks.sh [quarkus-app dir]   (default: peer/target/quarkus-app; build it first)
# Needs curl, setpriv and a JDK 21+ in JAVA_HOME. Run as root: the daemon then runs as `nobody`, so that a
# chmod 000 file is really unreadable to it (root reads everything).
set -u
APP=$(cd "${1:-$(dirname "$0")/../../peer/target/quarkus-app}" && pwd)
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
WORK=$(mktemp -d /tmp/peershare-local-attacks.XXXXXX)
chmod 755 "$WORK"
# Four consecutive free ports: wire and control of the daemon, and of the second one.
BASE=$(python3 -c '
import random, socket
while True:
    base = random.randrange(20000, 40000)
    try:
        for p in range(base, base + 4):
            s = socket.socket(); s.bind(("127.0.0.1", p)); s.close()
        print(base); break
    except OSError:
        pass')
REPO=$WORK/repo
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
as_daemon_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$WORK/home" "$@"; }

mkdir -p "$REPO/.peershare/manifests" "$WORK/home"
echo "fine" > "$REPO/fine.txt"
echo "locked" > "$REPO/locked.txt"
echo '{"vers' > "$REPO/.peershare/index.json.leftover.tmp"
chown -R nobody:nogroup "$REPO" "$WORK/home"
# SKIP_UNREADABLE=1: leave the unreadable file out (a daemon that refuses to start over it cannot show the rest).
if [ -n "${SKIP_UNREADABLE:-}" ]; then rm "$REPO/locked.txt"; else chmod 000 "$REPO/locked.txt"; fi

start() { # wire-port control-port log
    # nobody's home (/nonexistent) is not writable: the secret goes where the script can read it.
    as_daemon_user env PEER_PORT="$1" PEER_CONTROL_PORT="$2" PEER_REPOSITORY="$REPO" PEER_CONTROL_SECRET_FILE="$WORK/home/.peershare/control-$2.secret" PEER_HOSTNAME=attacked \
        PEER_TRACKER_URL=http://127.0.0.1:9 PEER_RESCAN_INTERVAL=1s "$JAVA" -jar "$APP/quarkus-run.jar" daemon > "$3" 2>&1 &
    PIDS+=($!)
}
start $BASE $((BASE + 1)) "$WORK/daemon.log"
CONTROL=http://127.0.0.1:$((BASE + 1))
for _ in $(seq 360); do curl -fs "$CONTROL/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
if ! curl -fs "$CONTROL/q/health/ready" >/dev/null 2>&1; then
    echo "unreadable file in the repository | the daemon did not start: $(grep -m1 -E 'ERROR|Exception' "$WORK/daemon.log" || tail -n 3 "$WORK/daemon.log")"
    exit 0
fi
echo "unreadable file in the repository | daemon up, sharing: $(curl -s -H "Authorization: Bearer $(cat "$WORK/home/.peershare/control-$((BASE + 1)).secret" 2>/dev/null)" "$CONTROL/control/v1/files" | grep -o '"name":"[^"]*"' | tr '\n' ' ')"
echo "leftover index temp file | $( [ -e "$REPO/.peershare/index.json.leftover.tmp" ] && echo still there || echo cleared at start)"

# Another local user (root here stands for anyone who reaches 127.0.0.1) asks the daemon to publish its environment.
code=$(curl -s -o "$WORK/out" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"localPath":"/proc/self/environ","name":"environ.txt","replace":true}' "$CONTROL/control/v1/publish")
echo "publish /proc/self/environ without the secret | HTTP $code $(head -c 160 "$WORK/out")"
code=$(curl -s -o "$WORK/out" -w '%{http_code}' -H 'Host: evil.example' "$CONTROL/control/v1/files")
echo "DNS rebinding (Host: evil.example) | HTTP $code $(head -c 120 "$WORK/out")"

# Same size, mtime set back: is the new content noticed?
SECRET=$(cat "$WORK/home/.peershare/control-$((BASE + 1)).secret" 2>/dev/null || echo none)
sha_of() { curl -s -H "Authorization: Bearer $SECRET" "$CONTROL/control/v1/files" | grep -o '"name":"fine.txt"[^}]*' | grep -o '"sha256":"[0-9a-f]\{12\}'; }
before=$(sha_of)
mtime=$(stat -c %y "$REPO/fine.txt")
printf 'FINE\n' > "$REPO/fine.txt"; touch -d "$mtime" "$REPO/fine.txt"
sleep 4
after=$(sha_of)
echo "same size, mtime set back | $( [ "$before" = "$after" ] && echo "still served as $before (stale hash)" || echo "re-hashed: $before -> $after")"

# A second daemon on the same folder (other ports).
start $((BASE + 2)) $((BASE + 3)) "$WORK/second.log"
second=${PIDS[-1]}
for _ in $(seq 60); do kill -0 "$second" 2>/dev/null || break; curl -fs "http://127.0.0.1:$((BASE + 3))/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
if kill -0 "$second" 2>/dev/null; then
    echo "second daemon on the same repository | started as well (both run on one folder)"
else
    wait "$second"; code=$?
    echo "second daemon on the same repository | exit $code: $(grep -m1 -o 'cannot start the peer daemon.*' "$WORK/second.log")"
fi
