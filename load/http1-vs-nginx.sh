#!/usr/bin/env bash
# First side-by-side run (issue 3): HTTP/1.1 keep-alive through Edge (native) and through nginx as a
# reverse proxy, same nginx backend, same wrk. Placement per DESIGN.md §5: wrk and the backend on
# CPU 0, the proxy under test alone on CPU 1. CPU per request = the proxy's utime+stime over the
# requests wrk completed. Usage: load/http1-vs-nginx.sh [seconds] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
ROUNDS="${2:-3}"
WORK="$(mktemp -d /tmp/edge-load.XXXXXX)"
EDGE_BIN="${EDGE_BIN:-artifacts/edge}"
[ -x "$EDGE_BIN" ] || { echo "build the native binary first: ./build.sh publish" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
TICK=$(getconf CLK_TCK)

cleanup() { for p in $(cat "$WORK"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null || true; done; sleep 0.3; }
trap cleanup EXIT

# Backend: nginx, one worker on CPU 0, 13-byte body, keep-alive.
cat > "$WORK/backend.conf" <<CONF
worker_processes 1; worker_cpu_affinity 01; daemon off; pid $WORK/backend.nginx.pid; error_log $WORK/backend.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:18001 backlog=4096; location / { default_type text/plain; return 200 "Hello, World!"; } } }
CONF
nginx -c "$WORK/backend.conf" -p "$WORK" & echo $! > "$WORK/backend.pid"

# nginx as the proxy under test: one worker on CPU 1, upstream keep-alive.
cat > "$WORK/proxy.conf" <<CONF
worker_processes 1; worker_cpu_affinity 10; daemon off; pid $WORK/proxy.nginx.pid; error_log $WORK/proxy.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  upstream backend { server 127.0.0.1:18001; keepalive 128; }
  server { listen 127.0.0.1:18082 backlog=4096;
    location /bench/v1/ { proxy_pass http://backend/; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
nginx -c "$WORK/proxy.conf" -p "$WORK" & echo $! > "$WORK/nginx.pid"

cat > "$WORK/edge.toml" <<CONF
[server]
admin = "127.0.0.1:18901"
access_log = "off"
[[listeners]]
bind = "127.0.0.1:18081"
[[upstreams]]
name = "backend"
endpoints = ["http://127.0.0.1:18001"]
[[apis]]
name = "bench"
base_path = "/bench/v1"
upstream = "backend"
  [[apis.resources]]
  path = "/*"
  methods = ["GET"]
CONF
taskset -c 1 "$EDGE_BIN" run -c "$WORK/edge.toml" 2>"$WORK/edge.err" & echo $! > "$WORK/edge.pid"
sleep 1
curl -fsS http://127.0.0.1:18081/bench/v1/x >/dev/null
curl -fsS http://127.0.0.1:18082/bench/v1/x >/dev/null

cpu_ticks() { # utime+stime of a process and its threads/children
  local total=0
  for p in "$@"; do
    for pid in $p $(pgrep -P "$p" 2>/dev/null); do
      [ -r /proc/$pid/stat ] && total=$((total + $(awk '{print $14+$15}' /proc/$pid/stat)))
    done
  done
  echo $total
}

run() { # name port pids...
  local name=$1 port=$2; shift 2
  local before after out reqs rps
  before=$(cpu_ticks "$@")
  out=$(taskset -c 0 wrk -t1 -c64 -d"${DURATION}s" --latency "http://127.0.0.1:$port/bench/v1/hello")
  after=$(cpu_ticks "$@")
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  local p50 p99 errs
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  local us
  us=$(awk -v t=$((after-before)) -v hz="$TICK" -v n="$reqs" 'BEGIN { printf "%.1f", t/hz*1e6/n }')
  printf "| %-6s | %s | %9s | %6s | %6s | %8s | %s\n" "$name" "$round" "$rps" "$p50" "$p99" "$us" "$errs"
}

echo "| proxy  | round | requests/s | p50 | p99 | CPU µs/req | errors"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  run edge 18081 "$(cat "$WORK/edge.pid")"
  run nginx 18082 "$(cat "$WORK/nginx.pid")"
done
echo
echo "edge RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$(cat "$WORK/edge.pid")/status)"
