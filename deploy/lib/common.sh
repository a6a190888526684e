# shellcheck shell=bash disable=SC2034  # PS_STARTED_DOCKERD is read by the scripts that source this file
# Shell functions shared by deploy/up.sh, deploy/test.sh (which .ci/run calls) and the benchmarks (sourced, bash).
# Each is idempotent.

ps_log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

# PS_DRY_RUN=1 (deploy/up.sh --dry-run, deploy/test.sh --dry-run): the ps_ensure_* functions say what they would
# install or start, and change nothing.
ps_dry_run() { [[ "${PS_DRY_RUN:-0}" == 1 ]]; }

# The major version of the JDK whose home is $1 (from its javac); fails when $1 is empty or holds no javac.
ps_jdk_version() {
    [[ -n "$1" && -x "$1/bin/javac" ]] || return 1
    "$1/bin/javac" -version 2>&1 | sed -n 's/^javac \([0-9][0-9]*\).*/\1/p' | head -n 1 | grep .
}

# The home of the javac on PATH (through the alternatives links), or nothing.
ps_javac_home() {
    local javac
    javac=$(command -v javac 2>/dev/null) || return 0
    javac=$(readlink -f "$javac" 2>/dev/null || printf '%s' "$javac")
    dirname "$(dirname "$javac")"
}

# Exports JAVA_HOME as a JDK 21+ and puts its bin/ first on PATH: Maven compiles with --release 21, and the default
# java of many machines is older (17 on Debian 12 and here). Takes, in this order, JAVA_HOME, the javac on PATH, or
# the newest JDK in $PS_JDK_DIRS (default: /usr/lib/jvm /opt/java /usr/java), when it is 21 or newer. With none: on
# Debian as root it installs openjdk-21-jdk-headless (or -25-) and takes that; otherwise it says in one line what
# to install, and fails.
ps_ensure_jdk() {
    local home version best="" best_version=0 dir
    for home in "${JAVA_HOME:-}" "$(ps_javac_home)"; do
        version=$(ps_jdk_version "$home") || continue
        if ((version >= 21)); then
            ps_use_jdk "$home"
            return 0
        fi
    done
    for dir in ${PS_JDK_DIRS:-/usr/lib/jvm /opt/java /usr/java}; do
        for home in "$dir"/*/; do
            home=${home%/}
            version=$(ps_jdk_version "$home") || continue
            if ((version >= 21 && version > best_version)); then
                best=$home
                best_version=$version
            fi
        done
    done
    if [[ -n "$best" ]]; then
        ps_use_jdk "$best"
        return 0
    fi
    local looked="no JDK 21+ found (JAVA_HOME, javac on PATH, ${PS_JDK_DIRS:-/usr/lib/jvm /opt/java /usr/java})"
    if ! command -v apt-get >/dev/null 2>&1; then
        ps_log "$looked: install one (e.g. Temurin 21, https://adoptium.net) and set JAVA_HOME to it"
        return 1
    fi
    if [[ "$(id -u)" != 0 ]]; then
        ps_log "$looked: install one as root (apt-get install openjdk-21-jdk-headless), or set JAVA_HOME to a JDK 21+"
        return 1
    fi
    if ps_dry_run; then
        ps_log "$looked: would install openjdk-21-jdk-headless (or openjdk-25-jdk-headless) with apt-get"
        return 0
    fi
    if [[ "${PS_JDK_INSTALLED:-0}" != 1 ]]; then
        apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || true
        local package
        for package in openjdk-21-jdk-headless openjdk-25-jdk-headless; do
            apt-cache show --no-all-versions "$package" >/dev/null 2>&1 || continue
            ps_log "installing $package (no JDK 21+ on this machine)"
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q "$package" >&2 || break
            PS_JDK_INSTALLED=1 ps_ensure_jdk
            return
        done
    fi
    ps_log "$looked, and apt offers neither openjdk-21-jdk-headless nor openjdk-25-jdk-headless: install Temurin 21 (https://adoptium.net) and set JAVA_HOME to it"
    return 1
}

ps_use_jdk() {
    export JAVA_HOME=$1
    case ":$PATH:" in
        "$1/bin:"*) ;;
        *) export PATH="$1/bin:$PATH" ;;
    esac
}

# Makes sure a Docker engine answers: when `docker info` fails, on Debian as root it installs Debian's docker.io and
# docker-compose (when dockerd or docker-compose is missing; the `docker` on PATH may be a client only) and starts
# dockerd. Where it cannot (not root, no apt-get, a socket this user may not use), it says in one line what to do,
# and fails. Sets PS_STARTED_DOCKERD=1 when it started dockerd.
ps_ensure_docker() {
    PS_STARTED_DOCKERD=0
    local error
    if error=$(docker info 2>&1 >/dev/null); then
        return 0
    fi
    if [[ "$error" == *"permission denied"* ]]; then
        ps_log "the Docker engine runs but $(id -un) may not use it: run this as root, or add $(id -un) to the group docker (usermod -aG docker $(id -un)) and log in again"
        return 1
    fi
    if [[ "$(id -u)" != 0 ]]; then
        ps_log "no Docker engine answers, and installing or starting one needs root: run this as root once (on Debian it installs docker.io and starts dockerd), or install Docker and start it yourself"
        return 1
    fi
    if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
        if ! command -v apt-get >/dev/null 2>&1; then
            ps_log "no Docker engine answers and this is not Debian (no apt-get): install Docker (https://docs.docker.com/engine/install/) and start it"
            return 1
        fi
        if ps_dry_run; then
            ps_log "no Docker engine answers: would install docker.io and docker-compose (apt-get) and start dockerd"
            return 0
        fi
        ps_log "installing the Docker engine (docker.io, docker-compose)"
        apt-get -o DPkg::Lock::Timeout=600 update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q docker.io docker-compose >&2
    fi
    if ps_dry_run; then
        ps_log "no Docker engine answers: would start dockerd (log: ${PS_WORK_DIR:-/tmp}/dockerd.log)"
        return 0
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
    local root=$1 public=eclipse-temurin:25-jre
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

# The browser the dashboard suite drives (integration-tests DashboardIT): Debian's chromium and chromium-driver.
# When either is missing, on Debian as root it installs both; elsewhere it says in one line what to install and
# returns 0 all the same (the suite is then skipped with the same advice: everything else still runs).
ps_ensure_browser() {
    if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
        return 0
    fi
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
        ps_log "no /usr/bin/chromium or /usr/bin/chromedriver: the dashboard's browser suite will be skipped; install Debian's chromium and chromium-driver (as root: apt-get install chromium chromium-driver) to run it"
        return 0
    fi
    if ps_dry_run; then
        ps_log "no chromium or chromedriver: would install chromium and chromium-driver (apt-get) for the browser suite"
        return 0
    fi
    ps_log "installing chromium and chromium-driver (the dashboard's browser suite)"
    apt-get -o DPkg::Lock::Timeout=600 update -q >&2 || true
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
        chromium chromium-driver >&2 \
        || ps_log "could not install chromium and chromium-driver: the dashboard's browser suite will be skipped"
}
