# Shell functions shared by deploy/up.sh and .ci/run (sourced, bash). Each is idempotent.

ps_log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# Exports JAVA_HOME as a JDK 21+ when the current one (or the `java` on PATH) is older: Maven needs it to
# compile with --release 21. Prefers an explicit JAVA_HOME that is recent enough.
ps_ensure_jdk() {
    local candidate version
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 \
                     /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
        [[ -n "$candidate" && -x "$candidate/bin/javac" ]] || continue
        version=$("$candidate/bin/javac" -version 2>&1 | grep -oE '[0-9]+' | head -n 1)
        if ((version >= 21)); then
            export JAVA_HOME=$candidate
            return 0
        fi
    done
    if command -v javac >/dev/null 2>&1; then
        version=$(javac -version 2>&1 | grep -oE '[0-9]+' | head -n 1)
        ((version >= 21)) && return 0
    fi
    ps_log "no JDK 21+ found: install one (e.g. Temurin 21) and set JAVA_HOME"
    return 1
}

# Installs (Debian's docker.io / docker-compose) and starts a Docker engine when `docker info` fails.
# The `docker` on PATH may be a client only. Sets PS_STARTED_DOCKERD=1 when it started dockerd.
ps_ensure_docker() {
    PS_STARTED_DOCKERD=0
    if docker info >/dev/null 2>&1; then
        return 0
    fi
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
        if ! command -v apt-get >/dev/null 2>&1; then
            ps_log "no Docker engine and no apt-get: install Docker and start it"
            return 1
        fi
        ps_log "installing the Docker engine (docker.io, docker-compose)"
        apt-get -o DPkg::Lock::Timeout=600 update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q docker.io docker-compose >&2
    fi
    # Start dockerd when none runs; wait for it to answer. A dockerd that is still starting (or stopping)
    # is given time; if it goes away meanwhile, one is started.
    local i
    for ((i = 0; i < 90; i++)); do
        docker info >/dev/null 2>&1 && break
        if ! pgrep -x dockerd >/dev/null 2>&1; then
            ps_log "starting dockerd (log: ${PS_WORK_DIR:-/tmp}/dockerd.log)"
            nohup dockerd >>"${PS_WORK_DIR:-/tmp}/dockerd.log" 2>&1 &
            # Not a job of the calling script: its `wait` and its clean-up of background jobs leave dockerd alone.
            disown
            PS_STARTED_DOCKERD=1
        fi
        sleep 1
    done
    if ! docker info >/dev/null 2>&1; then
        ps_log "the Docker engine did not answer within 90 s; see ${PS_WORK_DIR:-/tmp}/dockerd.log"
        return 1
    fi
}

# Prints the image to use as BASE_IMAGE: $BASE_IMAGE when set; the public default when it is present
# locally or can be pulled; otherwise the local base image built (or found) by deploy/base-image.sh.
ps_base_image() {
    local root=$1 public=eclipse-temurin:21-jre
    if [[ -n "${BASE_IMAGE:-}" ]]; then
        echo "$BASE_IMAGE"
    elif docker image inspect "$public" >/dev/null 2>&1; then
        echo "$public"
    elif timeout 60 docker pull -q "$public" >/dev/null 2>&1; then
        echo "$public"
    else
        ps_log "no registry reachable: using the local base image (deploy/base-image.sh)"
        "$root/deploy/base-image.sh"
    fi
}

# Prints the compose command: `docker compose` (plugin) or `docker-compose` (standalone, e.g. Debian's 1.29).
ps_compose() {
    if docker compose version >/dev/null 2>&1; then
        echo "docker compose"
    elif command -v docker-compose >/dev/null 2>&1; then
        echo "docker-compose"
    else
        ps_log "neither 'docker compose' nor 'docker-compose' is installed"
        return 1
    fi
}
