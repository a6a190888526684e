#!/bin/sh
# Entry point of the BitTorrent reference image: shape eth0 exactly as a peershare peer does (the same
# link-shape.sh, the same PEER_LINK_* variables), then run the command. Exits 1 when shaping was asked and
# refused, so a benchmark never runs on an unshaped link.
set -eu
LINK_SHAPE_NAME=bittorrent sh /usr/local/lib/bittorrent/link-shape.sh
exec "$@"
