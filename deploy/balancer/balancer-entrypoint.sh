#!/bin/sh
# The balancer's entry point (Dockerfile.balancer): writes the HAProxy configuration with one `server` line
# per tracker replica, then runs HAProxy in the foreground.
#   TRACKER_SERVERS="tracker-1:8080 tracker-2:8080 other:9090"   the replicas, host[:port] (port 8080 if absent)
#   TRACKER_REPLICAS=3                                           else tracker-1..tracker-3 on 8080 (default 2)
# BALANCER_TEMPLATE / BALANCER_CONFIG override where the template is read and the result written.
set -eu
template=${BALANCER_TEMPLATE:-/etc/haproxy/peershare.cfg}
config=${BALANCER_CONFIG:-/tmp/haproxy.cfg}

fail() {
    echo "balancer: $*" >&2
    exit 2
}

servers=$(echo "${TRACKER_SERVERS:-}" | tr ',' ' ')
if [ -z "$(echo "$servers" | tr -d ' ')" ]; then
    replicas=${TRACKER_REPLICAS:-2}
    case "$replicas" in
        '' | *[!0-9]* | 0*) fail "TRACKER_REPLICAS must be a whole number of 1 or more, got '$replicas'" ;;
    esac
    servers=""
    k=1
    while [ "$k" -le "$replicas" ]; do
        servers="$servers tracker-$k"
        k=$((k + 1))
    done
fi

lines=""
for server in $servers; do
    case "$server" in
        *:*) host=${server%%:*} port=${server#*:} ;;
        *) host=$server port=8080 ;;
    esac
    case "$host" in
        '' | *[!A-Za-z0-9._-]*) fail "'$server' in TRACKER_SERVERS is not host[:port]" ;;
    esac
    case "$port" in
        '' | *[!0-9]*) fail "'$server' in TRACKER_SERVERS is not host[:port]" ;;
    esac
    # Named after the replica (tracker-1), with the port when it is not the usual one (two on one host).
    name=$host
    [ "$port" = 8080 ] || name=$host-$port
    lines="$lines    server $name $host:$port
"
done

grep -q '^    # @servers@$' "$template" || fail "$template has no '# @servers@' line to replace"
# awk, not sed: the server lines go in verbatim. Written next to the target, then renamed.
awk -v lines="$lines" '$0 == "    # @servers@" { printf "%s", lines; next } { print }' "$template" >"$config.tmp"
mv "$config.tmp" "$config"
echo "balancer: trackers$(printf '%s' "$lines" | awk '{ printf " %s", $3 }')" >&2
# Checked quietly (an unresolvable replica is only a warning); on failure checked again to show why.
if ! haproxy -c -q -f "$config" >/dev/null 2>&1; then
    haproxy -c -f "$config" >&2 || true
    fail "the configuration in $config does not load (see above)"
fi
exec haproxy -db -f "$config"
