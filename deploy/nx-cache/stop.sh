#!/usr/bin/env bash
# Stops the Nx cache that deploy/nx-cache/start.sh started in DATA_DIR (the entries stay).
#
#   deploy/nx-cache/stop.sh DATA_DIR
set -euo pipefail
[ $# = 1 ] || { echo "usage: $0 DATA_DIR" >&2; exit 2; }
pidfile=$1/nginx/nginx.pid
[ -f "$pidfile" ] || { echo "no $pidfile: not running" >&2; exit 1; }
pid=$(cat "$pidfile")
kill -QUIT "$pid"
for _ in $(seq 1 100); do
  kill -0 "$pid" 2>/dev/null || exit 0
  sleep 0.1
done
kill -TERM "$pid"
