#!/usr/bin/env bash
# Starts the Nx remote cache (Debian's nginx with deploy/nx-cache/nginx.conf.template).
#
#   NX_CACHE_WRITER_TOKEN=... NX_CACHE_READER_TOKEN=... deploy/nx-cache/start.sh DATA_DIR [PORT] [--foreground]
#
# DATA_DIR holds everything: the entries (DATA_DIR/store/v1/cache/<hash>) and nginx's own files
# (DATA_DIR/nginx: its configuration, pid, logs, temporary bodies). It listens on
# ${NX_CACHE_LISTEN_HOST:-127.0.0.1}:PORT (PORT 8787 unless given). Without --foreground, nginx
# runs in the background with its pid in DATA_DIR/nginx/nginx.pid (stop it with stop.sh); the
# script returns once the port answers. NX_CACHE_MAX_BODY (default 1g) caps one entry.
# Run as root, its worker runs as nobody; run as any other user, it runs as that user.
set -euo pipefail

usage() {
  echo "usage: NX_CACHE_WRITER_TOKEN=... NX_CACHE_READER_TOKEN=... $0 DATA_DIR [PORT] [--foreground]" >&2
  exit 2
}
foreground=false
args=()
for a in "$@"; do
  if [ "$a" = --foreground ]; then foreground=true; else args+=("$a"); fi
done
[ "${#args[@]}" -ge 1 ] && [ "${#args[@]}" -le 2 ] || usage
data=${args[0]}
port=${args[1]:-8787}
host=${NX_CACHE_LISTEN_HOST:-127.0.0.1}
max_body=${NX_CACHE_MAX_BODY:-1g}
writer=${NX_CACHE_WRITER_TOKEN:-}
reader=${NX_CACHE_READER_TOKEN:-}

# The tokens go into the configuration as literal text: letters, digits and - _ . ~ + / = only.
token_ok() { [[ ${#1} -ge 16 && ${#1} -le 200 && $1 =~ ^[A-Za-z0-9._~+/=-]+$ ]]; }
token_ok "$writer" || { echo "NX_CACHE_WRITER_TOKEN: 16 to 200 of A-Z a-z 0-9 - _ . ~ + / =" >&2; exit 2; }
token_ok "$reader" || { echo "NX_CACHE_READER_TOKEN: 16 to 200 of A-Z a-z 0-9 - _ . ~ + / =" >&2; exit 2; }
[ "$writer" != "$reader" ] || { echo "the writer and reader tokens must differ" >&2; exit 2; }
[[ $port =~ ^[0-9]+$ ]] || usage
[[ $max_body =~ ^[0-9]+[kKmMgG]?$ ]] || { echo "NX_CACHE_MAX_BODY: a size such as 512m" >&2; exit 2; }

nginx_bin=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$nginx_bin" ] || { echo "nginx not found: apt-get install nginx-light" >&2; exit 1; }

mkdir -p "$data"
data=$(cd "$data" && pwd)
store=$data/store
run=$data/nginx
mkdir -p "$store/v1/cache" "$run/tmp"
user_line=""
if [ "$(id -u)" = 0 ]; then
  # nginx's workers drop root: give them the folders they write to.
  user_line="user nobody nogroup;"
  chown -R nobody:nogroup "$store" "$run/tmp"
  chmod go+x "$data" "$run"
  if ! runuser -u nobody -- test -w "$store/v1/cache" -a -w "$run/tmp"; then
    echo "nginx's worker (nobody) cannot reach $store: make the folders above it traversable (chmod o+x)" >&2
    exit 1
  fi
fi

conf=$run/nginx.conf
umask 077
sed -e "s|@USER_LINE@|$user_line|" \
  -e "s|@RUN@|$run|g" \
  -e "s|@STORE@|$store|g" \
  -e "s|@LISTEN@|$host:$port|g" \
  -e "s|@MAX_BODY@|$max_body|g" \
  -e "s|@WRITER_TOKEN@|$writer|g" \
  -e "s|@READER_TOKEN@|$reader|g" \
  "$(dirname "$0")/nginx.conf.template" >"$conf"

"$nginx_bin" -t -q -p "$run" -c "$conf" -e "$run/error.log"
if $foreground; then
  exec "$nginx_bin" -p "$run" -c "$conf" -e "$run/error.log" -g 'daemon off;'
fi
"$nginx_bin" -p "$run" -c "$conf" -e "$run/error.log"
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
    echo "Nx cache on http://$host:$port (pid $(cat "$run/nginx.pid"), entries in $store/v1/cache)"
    exit 0
  fi
  sleep 0.1
done
echo "nginx did not answer on $host:$port; see $run/error.log" >&2
exit 1
