#!/bin/sh
# aria2c --on-bt-download-complete hook (arguments: GID, number of files, path): called once every piece is
# downloaded and SHA-1 verified, before seeding starts. Writes the wall-clock time to /out/<hostname>.done
# for bench/swarm.sh, which takes the latest of them as the end of the run (containers share the host's clock).
set -eu
date +%s.%N > "/out/$(hostname).done.tmp"
mv "/out/$(hostname).done.tmp" "/out/$(hostname).done"
