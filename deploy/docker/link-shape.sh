#!/bin/sh
# Shapes this container's link: the egress (upload) of its network device, from the environment.
#
#   PEER_LINK_RATE    upload cap, e.g. 200mbit (units bit, kbit, mbit, gbit; tc's SI units: 1mbit = 10^6 bit/s)
#   PEER_LINK_DELAY   added one-way delay, e.g. 20ms  (netem; skipped with one line where the kernel has none)
#   PEER_LINK_LOSS    random loss, e.g. 0.1%         (netem; likewise)
#   PEER_LINK_DEVICE  the device (default eth0)
#   PEER_LINK_TC      the tc to run (default tc); the peer image points it at its copy with cap_net_admin
#
# Used by the peer image's entry point and by the BitTorrent reference image of bench/swarm.sh, so both
# sides of a benchmark are shaped by the same lines. `link-shape.sh --check` only validates the variables.
# Exit 0: shaped, or nothing asked; 1: shaping was asked and failed (one line on stderr says what to do);
# 2: a malformed value. A benchmark on a link that silently stayed unshaped would lie, hence the exit 1.
set -eu

me=${LINK_SHAPE_NAME:-link-shape}
rate=${PEER_LINK_RATE:-}
delay=${PEER_LINK_DELAY:-}
loss=${PEER_LINK_LOSS:-}
dev=${PEER_LINK_DEVICE:-eth0}
tc=${PEER_LINK_TC:-tc}

[ -n "$rate$delay$loss" ] || exit 0

bad() { echo "$me: $1" >&2; exit 2; }

# Validated here rather than left to tc, so a typo gets a message naming the variable.
rate_bps=
if [ -n "$rate" ]; then
    rate_bps=$(echo "$rate" | awk '
        match(tolower($0), /^[0-9]+(\.[0-9]+)?(bit|kbit|mbit|gbit)$/) {
            v = $0 + 0; u = tolower($0); sub(/^[0-9.]+/, "", u)
            m = (u == "kbit") ? 1e3 : (u == "mbit") ? 1e6 : (u == "gbit") ? 1e9 : 1
            if (v * m >= 8000) { printf "%.0f\n", v * m; exit }
        }')
    [ -n "$rate_bps" ] || bad "PEER_LINK_RATE='$rate' is not a rate of at least 8kbit such as 200mbit (units: bit, kbit, mbit, gbit)"
fi
if [ -n "$delay" ]; then
    echo "$delay" | grep -Eq '^[0-9]+(\.[0-9]+)?(us|ms|s)$' || bad "PEER_LINK_DELAY='$delay' is not a delay such as 20ms (units: us, ms, s)"
fi
if [ -n "$loss" ]; then
    echo "$loss" | grep -Eq '^[0-9]+(\.[0-9]+)?%$' || bad "PEER_LINK_LOSS='$loss' is not a percentage such as 0.1%"
fi
[ "${1:-}" != "--check" ] || exit 0

asked=$(for v in PEER_LINK_RATE PEER_LINK_DELAY PEER_LINK_LOSS; do eval "x=\${$v:-}"; [ -z "$x" ] || printf '%s=%s ' "$v" "$x"; done)
asked=${asked% }

# One line that says why tc was refused and what to do. CAP_NET_ADMIN is bit 12 of the bounding set: when it
# is there and tc is still refused, the container has the capability but the tc we ran could not get it.
fail() { # tc's output
    capbnd=$(awk '/^CapBnd:/ {print $2}' /proc/self/status 2>/dev/null || true)
    nnp=$(awk '/^NoNewPrivs:/ {print $2}' /proc/self/status 2>/dev/null || true)
    if [ -n "$capbnd" ] && [ $(( 0x$capbnd >> 12 & 1 )) -eq 0 ]; then
        echo "$me: $asked needs the NET_ADMIN capability to shape $dev: add 'cap_add: [NET_ADMIN]' to the service (docker run: --cap-add NET_ADMIN)" >&2
    elif [ "$nnp" = 1 ] && [ "$tc" != tc ]; then
        echo "$me: $asked: $tc cannot use its NET_ADMIN file capability under no-new-privileges: drop 'security_opt: [no-new-privileges]' from the service" >&2
    else
        echo "$me: shaping $dev for $asked failed: $(echo "$1" | tr '\n' ' ' | sed 's/ *$//')" >&2
    fi
    exit 1
}

# tbf, the simplest shaper that holds a rate. burst: at least one 64 KiB GSO packet (tbf would otherwise split
# each one in software), else 5 ms at the rate; latency 50 ms bounds the queue (1.25 MB at 200mbit), enough
# for TCP to keep the link busy without drops. Measured with iperf3 over one shaped veth at 200mbit: 193
# Mbit/s of TCP payload, which is the rate less the Ethernet/IP/TCP headers.
tbf_args=
if [ -n "$rate" ]; then
    burst=$(awk -v r="$rate_bps" 'BEGIN { b = r / 8 * 0.005; if (b < 65536) b = 65536; printf "%.0f\n", b }')
    tbf_args="tbf rate $rate burst $burst latency 50ms"
fi

netem=0
if [ -n "$delay$loss" ]; then
    netem_args="netem${delay:+ delay $delay}${loss:+ loss $loss} limit 100000"
    # netem at the root, the rate below it (the layout of tc-netem(8)'s rate example).
    # shellcheck disable=SC2086
    if out=$("$tc" qdisc replace dev "$dev" root handle 1: $netem_args 2>&1); then
        netem=1
        echo "$me: $dev: $netem_args"
    elif echo "$out" | grep -Eqi 'kind is unknown|not found|no such file'; then
        echo "$me: ${delay:+PEER_LINK_DELAY=$delay }${loss:+PEER_LINK_LOSS=$loss }skipped: this kernel has no netem qdisc (sch_netem)${rate:+; the rate is applied}" >&2
    else
        fail "$out"
    fi
fi

if [ -n "$tbf_args" ]; then
    if [ "$netem" = 1 ]; then where="parent 1:1 handle 10:"; else where="root handle 1:"; fi
    # shellcheck disable=SC2086
    out=$("$tc" qdisc replace dev "$dev" $where $tbf_args 2>&1) || fail "$out"
    echo "$me: $dev upload: $tbf_args"
fi
exit 0
