#!/usr/bin/env bash
# Builds the local Java 25 base image for Dockerfile.tracker / Dockerfile.peer WITHOUT any container
# registry: debootstrap a minimal Debian trixie root file system from the machine's own Debian mirror,
# then `docker import` it. Only needed where `docker pull eclipse-temurin:25-jre` cannot work
# (see deploy/README.md).
#
# The tag is a hash of this file (the recipe), so an unchanged recipe is never rebuilt: the script
# prints the tag and exits at once when the image exists. The only output on stdout is the tag, so
#   BASE_IMAGE=$(deploy/base-image.sh)
# works; progress goes to stderr.
#
# Environment:
#   DEBIAN_MIRROR   mirror to bootstrap from (default: the first Debian archive URI in /etc/apt/sources*)
#   BASE_IMAGE_REPO image repository name (default: peershare-base)
# Needs root (debootstrap) and a running Docker engine.
set -euo pipefail

SUITE=trixie
# What the images need at run time: a Java runtime, 25 (the apps need 21+; 25's AOT cache, trained when the
# images are built, starts the daemons about a third faster: bin/lib/launch.sh); curl for HEALTHCHECKs; iproute2 and procps for
# the fault tests and for operators (ip, ss, ps, pkill); ca-certificates for TLS to a remote tracker.
# redis-server and haproxy for Dockerfile.redis and Dockerfile.balancer (replicated trackers): in the cached
# base they cost a few MiB once, instead of an apt-get of about 40 s in every build of those two images.
PACKAGES=openjdk-25-jre-headless,ca-certificates,curl,iproute2,procps,redis-server,haproxy
REPO=${BASE_IMAGE_REPO:-peershare-base}

log() { echo "base-image: $*" >&2; }

script_path=$(readlink -f "${BASH_SOURCE[0]}")
recipe_hash=$(sha256sum "$script_path" | cut -c1-12)
TAG="$REPO:$recipe_hash"

if docker image inspect "$TAG" >/dev/null 2>&1; then
    log "$TAG exists, nothing to do"
    echo "$TAG"
    exit 0
fi

# The first plain Debian archive URI in the machine's apt sources (one-line and deb822 formats),
# skipping security, updates and third-party repositories.
find_mirror() {
    local files=()
    [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
    shopt -s nullglob
    files+=(/etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources)
    shopt -u nullglob
    ((${#files[@]})) || return 0
    grep -hoE '^(deb[[:space:]]+(\[[^]]*\][[:space:]]+)?|URIs:[[:space:]]*)https?://[^[:space:]]+' "${files[@]}" \
        | grep -oE 'https?://[^[:space:]]+' \
        | grep -E '/debian/?$' \
        | head -n 1
}

mirror=${DEBIAN_MIRROR:-$(find_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}

if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q debootstrap >&2 \
        || { apt-get -o DPkg::Lock::Timeout=600 update -q >&2 \
             && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q debootstrap >&2; }
fi

rootfs=$(mktemp -d /tmp/peershare-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

log "debootstrap $SUITE from $mirror with $PACKAGES (about a minute)"
started=$SECONDS
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$rootfs" "$mirror" >&2 \
    || { log "debootstrap failed; see $rootfs/debootstrap/debootstrap.log"; trap - EXIT; exit 1; }

# Keep the image small: package caches and lists are not needed at run time.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/debootstrap

# Not `readlink -f /usr/bin/java`: its alternatives link is absolute and would resolve on the host.
java_home=$(cd "$rootfs" && ls -d usr/lib/jvm/java-25-openjdk-* | head -n 1)
[[ -x "$rootfs/$java_home/bin/java" ]] || { log "no Java 25 runtime in the root file system"; exit 1; }
java_home=/$java_home

log "docker import $TAG"
tar -C "$rootfs" -c . | docker import \
    --change "ENV JAVA_HOME=$java_home" \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'LABEL io.peershare.base=true' \
    --change 'CMD ["bash"]' \
    --message "peershare base: debian $SUITE minbase + $PACKAGES" \
    - "$TAG" >&2
log "built $TAG in $((SECONDS - started)) s"
echo "$TAG"
