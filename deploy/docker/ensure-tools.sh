#!/bin/sh
# Image build step: make sure the run-time tools the images rely on are present -- curl (HEALTHCHECK),
# ip/ss (iproute2), ps/pkill (procps). The local base image (deploy/base-image.sh) has them all, so this
# does nothing there and needs no network; on a public Debian/Ubuntu JRE image it installs what is missing.
# Arguments name extra tools one image needs: `setcap` (libcap2-bin), for the peer image's shaping helper.
set -eu
missing=""
for extra in "$@"; do
    case "$extra" in
        setcap) command -v setcap >/dev/null 2>&1 || missing="$missing libcap2-bin" ;;
        *) echo "ensure-tools: unknown extra tool '$extra'" >&2; exit 2 ;;
    esac
done
command -v curl >/dev/null 2>&1 || missing="$missing curl ca-certificates"
command -v ip >/dev/null 2>&1 || missing="$missing iproute2"
command -v ps >/dev/null 2>&1 || missing="$missing procps"
command -v bash >/dev/null 2>&1 || missing="$missing bash"
if [ -n "$missing" ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "ensure-tools: missing$missing and no apt-get to install them; use a Debian/Ubuntu based BASE_IMAGE" >&2
        exit 1
    fi
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
    rm -rf /var/lib/apt/lists/*
fi
