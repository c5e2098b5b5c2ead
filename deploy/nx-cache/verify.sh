#!/usr/bin/env bash
# Checks every entry of the Nx cache in DATA_DIR and removes those that are not a readable
# gzip'd tar archive (a damaged disk, a hand-edited file). Nx 23.3.1 stops a run that downloads
# such an entry ("Failed to read entry from tarball") and, because the server answers later
# uploads of the same hash with 409, cannot replace it: removing it lets the next run rebuild
# and (from a writer) store it again. Safe to run while the server runs (cron, CI).
#
#   deploy/nx-cache/verify.sh DATA_DIR
set -euo pipefail
[ $# = 1 ] || { echo "usage: $0 DATA_DIR" >&2; exit 2; }
dir=$1/store/v1/cache
[ -d "$dir" ] || { echo "no $dir" >&2; exit 1; }
checked=0
removed=0
for f in "$dir"/*; do
  [ -f "$f" ] || continue
  checked=$((checked + 1))
  if ! tar -tzf "$f" >/dev/null 2>&1; then
    rm -f -- "$f"
    removed=$((removed + 1))
    echo "removed damaged entry $(basename "$f")"
  fi
done
echo "$checked entries checked, $removed removed"
