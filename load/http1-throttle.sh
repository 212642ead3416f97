#!/usr/bin/env bash
# Throttle on every request vs none (issue 7): HTTP/1.1 keep-alive through Edge (native), same nginx
# backend, same wrk, placement per DESIGN.md §5 (wrk and the backend on CPU 0, Edge alone on CPU 1).
# Four routes on one Edge, rounds alternating between them:
#   /bare          no policy
#   /throttle      two limits that never refuse: an API-wide bucket and a table keyed by client address
#   /jwt           security = ["jwt"], one repeated RS256 token (a cache hit after the first request)
#   /jwt-throttle  the same JWT plus an API bucket, a per-subject table and the subscription tier from
#                  the token's "tier" claim, with the RateLimit fields on every response
# wrk sends the same Authorization header to all four, so the only difference is the policy chain.
# CPU per request = Edge's utime+stime over the requests wrk completed.
# Usage: load/http1-throttle.sh [seconds] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
ROUNDS="${2:-3}"
WORK="$(mktemp -d /tmp/edge-load-throttle.XXXXXX)"
EDGE_BIN="${EDGE_BIN:-artifacts/edge}"
[ -x "$EDGE_BIN" ] || { echo "build the native binary first: ./build.sh publish" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
TICK=$(getconf CLK_TCK)
# Ports of their own, so this can run beside the other load scripts.
BACKEND=18011 EDGE=18091 ADMIN=18911

cleanup() { for p in $(cat "$WORK"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null || true; done; sleep 0.3; }
trap cleanup EXIT

cat > "$WORK/backend.conf" <<CONF
worker_processes 1; worker_cpu_affinity 01; daemon off; pid $WORK/backend.nginx.pid; error_log $WORK/backend.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$BACKEND backlog=4096; location / { default_type text/plain; return 200 "Hello, World!"; } } }
CONF
nginx -c "$WORK/backend.conf" -p "$WORK" & echo $! > "$WORK/backend.pid"

openssl genrsa -out "$WORK/km.key" 2048 2>/dev/null
openssl rsa -in "$WORK/km.key" -pubout -out "$WORK/km.pem" 2>/dev/null
b64url() { basenc --base64url -w0 | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '{"alg":"RS256","typ":"JWT","kid":"km-1"}' | b64url)
CLAIMS=$(printf '{"iss":"https://km.example.com","sub":"alice@example.com","aud":["edge","billing"],"exp":%d,"iat":%d,"jti":"6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11","scope":"openid read:order write:order","tier":"Gold","azp":"coffee-app"}' $((NOW + 86400)) $((NOW - 60)) | b64url)
SIG=$(printf '%s.%s' "$HEADER" "$CLAIMS" | openssl dgst -sha256 -sign "$WORK/km.key" -binary | b64url)
TOKEN="$HEADER.$CLAIMS.$SIG"

# Limits far above what one core can serve: every request is checked, none is refused.
cat > "$WORK/edge.toml" <<CONF
[server]
admin = "127.0.0.1:$ADMIN"
access_log = "off"
[[listeners]]
bind = "127.0.0.1:$EDGE"
[[upstreams]]
name = "backend"
endpoints = ["http://127.0.0.1:$BACKEND"]
[auth.jwt]
issuers = [{ issuer = "https://km.example.com", certificate = "km.pem", audiences = ["edge"] }]
[throttle.tiers]
Huge = "1000000000/min"
Gold = "1000000000/min"
[[apis]]
name = "bare"
base_path = "/bare"
upstream = "backend"
[[apis]]
name = "throttle"
base_path = "/throttle"
upstream = "backend"
throttle = [{ tier = "Huge" }, { tier = "Huge", key = "ip", name = "per-ip" }]
[[apis]]
name = "jwt"
base_path = "/jwt"
upstream = "backend"
security = ["jwt"]
[[apis]]
name = "jwt-throttle"
base_path = "/jwt-throttle"
upstream = "backend"
security = ["jwt"]
subscription_throttle = true
rate_limit_headers = true
throttle = [{ tier = "Huge" }, { tier = "Huge", key = "claim:sub", name = "per-user" }]
CONF
taskset -c 1 "$EDGE_BIN" run -c "$WORK/edge.toml" 2>"$WORK/edge.err" & echo $! > "$WORK/edge.pid"
sleep 1
for path in bare throttle jwt jwt-throttle; do
  curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$EDGE/$path/hello" >/dev/null || { echo "/$path refused" >&2; cat "$WORK/edge.err" >&2; exit 1; }
done
curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$EDGE/jwt-throttle/hello" | grep -i '^ratelimit' || { echo "/jwt-throttle sent no RateLimit fields" >&2; exit 1; }

cpu_ticks() {
  local total=0
  for pid in "$@"; do [ -r /proc/$pid/stat ] && total=$((total + $(awk '{print $14+$15}' /proc/$pid/stat))); done
  echo $total
}

run() { # name path
  local name=$1 path=$2
  local before after out reqs rps p50 p99 errs us
  before=$(cpu_ticks "$(cat "$WORK/edge.pid")")
  out=$(taskset -c 0 wrk -t1 -c32 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$EDGE/$path/hello")
  after=$(cpu_ticks "$(cat "$WORK/edge.pid")")
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  us=$(awk -v t=$((after-before)) -v hz="$TICK" -v n="$reqs" 'BEGIN { printf "%.1f", t/hz*1e6/n }')
  printf "| %-12s | %s | %9s | %6s | %6s | %8s | %s\n" "$name" "$round" "$rps" "$p50" "$p99" "$us" "$errs"
}

echo "| route        | round | requests/s | p50 | p99 | CPU µs/req | errors"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  run bare bare
  run throttle throttle
  run jwt jwt
  run jwt-throttle jwt-throttle
done
echo
echo "edge RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$(cat "$WORK/edge.pid")/status)"
