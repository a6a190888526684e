# shellcheck shell=sh
# `<app> --aot-training <file>`: the training run that writes the daemon's AOT cache (JDK 25+, JEP 514/515),
# which run_daemon (launch.sh) then uses: the daemon starts in a throwaway folder with -XX:AOTCacheOutput=<file>,
# goes through its usual start (the peer scans a repository holding one file), answers the requests a testbed
# makes first (health, status, lists), and stops on SIGTERM, so the JVM writes the cache as it exits.
# Sourced by launch.sh after check_java; needs curl. Leaves nothing behind but <file>: HOME, the repository (with
# the peer's identity key and index), the control secret and the tracker's data folder are in the throwaway folder.
# The cache is only valid for this java and this application folder: run it where the daemon will run.
# Exit 0 with the cache written, or with one line saying why there is none (a Java older than 25); 1 on failure.

# A port in 20000-29999 (POSIX sh has no $RANDOM).
training_port() {
    echo $((20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 10000))
}

# Starts the daemon in $training_dir writing the cache to $1; sets training_pid and training_url (its readiness).
training_start() {
    home=$training_dir/home
    mkdir -p "$home"
    if [ "$app_name" = peer ]; then
        control=$(training_port)
        training_url="http://127.0.0.1:$control"
        mkdir -p "$training_dir/repository"
        # One file to index at start, as a restarted peer has; written before the daemon scans.
        head -c 300000 /dev/urandom >"$training_dir/repository/training.bin"
        env HOME="$home" PEER_PORT="$(training_port)" PEER_CONTROL_PORT="$control" PEER_BIND_ADDRESS=127.0.0.1 \
            PEER_REPOSITORY="$training_dir/repository" PEER_IDENTITY_FILE="$training_dir/identity.key" \
            PEER_CONTROL_SECRET_FILE="$training_dir/control.secret" PEER_TRACKER_URL=http://127.0.0.1:9 \
            PEER_HOSTNAME=aot-training PEER_METRICS_ENABLED=false PEERSHARE_AOT_CACHE=none \
            JAVA_OPTS="${JAVA_OPTS:-} -XX:AOTCacheOutput=$1" "$0" daemon >"$training_dir/daemon.log" 2>&1 &
    else
        port=$(training_port)
        training_url="http://127.0.0.1:$port"
        env HOME="$home" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" TRACKER_URL="$training_url" \
            TRACKER_DATA_DIR="$training_dir/data" TRACKER_STORE=memory PEERSHARE_AOT_CACHE=none \
            JAVA_OPTS="${JAVA_OPTS:-} -XX:AOTCacheOutput=$1" "$0" daemon >"$training_dir/daemon.log" 2>&1 &
    fi
    training_pid=$!
}

# The requests a testbed makes first; their answers do not matter, the classes they load do.
training_exercise() {
    if [ "$app_name" = peer ]; then
        secret=$(cat "$training_dir/control.secret")
        for path in /control/v1/status /control/v1/files /control/v1/status; do
            curl -sS -o /dev/null --max-time 10 -H "Authorization: Bearer $secret" "$training_url$path" || true
        done
    else
        for path in /api/v1/peers /api/v1/files '/api/v1/files?q=*.bin' /q/health/live /q/health; do
            curl -sS -o /dev/null --max-time 10 "$training_url$path" || true
        done
    fi
}

aot_training() {
    if [ -z "${1:-}" ]; then
        echo "$app_name: --aot-training needs the file to write the cache to" >&2
        return 2
    fi
    if [ "$major" -lt 25 ]; then
        echo "$app_name: no AOT cache: $java is Java $major, the cache needs 25 or newer; the daemon starts without"
        return 0
    fi
    out=$(readlink -f -- "$1")
    training_dir=$(mktemp -d "${TMPDIR:-/tmp}/peershare-aot-training.XXXXXX")
    rm -f "$out"
    training_start "$out"
    tries=0
    until curl -fsS -o /dev/null --max-time 2 "$training_url/q/health/ready" 2>/dev/null; do
        tries=$((tries + 1))
        if [ "$tries" -gt 600 ] || ! kill -0 "$training_pid" 2>/dev/null; then
            echo "$app_name: the training daemon did not become ready in 120 s; its log:" >&2
            tail -n 20 "$training_dir/daemon.log" >&2
            kill "$training_pid" 2>/dev/null || true
            rm -rf "$training_dir"
            return 1
        fi
        sleep 0.2
    done
    training_exercise
    # The daemon's main builds its command line after readiness: let it, so its classes are in the cache too and
    # the stop does not interrupt it.
    sleep 2
    kill -TERM "$training_pid"
    wait "$training_pid" || true
    if [ ! -s "$out" ]; then
        echo "$app_name: the training run wrote no AOT cache to $out; its log:" >&2
        tail -n 20 "$training_dir/daemon.log" >&2
        rm -rf "$training_dir"
        return 1
    fi
    rm -rf "$training_dir"
    echo "$app_name: AOT cache written to $out ($(wc -c <"$out") bytes)"
}
