#!/usr/bin/env bash
# JWT (cached) vs a bare route (issue 6): HTTP/1.1 keep-alive through Edge (native), same nginx
# backend, same wrk, placement per DESIGN.md §5 (wrk and the backend on CPU 0, Edge alone on CPU 1).
# Three routes on one Edge: /bare (no policy), /jwt (security = ["jwt"], one repeated RS256 token, so
# every request after the first is a cache hit: hash, compare, exp/nbf, revocation), /jwt-full (the
# same plus scopes, a claim to a header and X-JWT-Assertion). wrk sends the same Authorization header
# to all three, so the only difference is the policy chain. CPU per request = Edge's utime+stime over
# the requests wrk completed. Usage: load/http1-jwt.sh [seconds] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
ROUNDS="${2:-3}"
WORK="$(mktemp -d /tmp/edge-load-jwt.XXXXXX)"
EDGE_BIN="${EDGE_BIN:-artifacts/edge}"
[ -x "$EDGE_BIN" ] || { echo "build the native binary first: ./build.sh publish" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
TICK=$(getconf CLK_TCK)

cleanup() { for p in $(cat "$WORK"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null || true; done; sleep 0.3; }
trap cleanup EXIT

cat > "$WORK/backend.conf" <<CONF
worker_processes 1; worker_cpu_affinity 01; daemon off; pid $WORK/backend.nginx.pid; error_log $WORK/backend.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:18001 backlog=4096; location / { default_type text/plain; return 200 "Hello, World!"; } } }
CONF
nginx -c "$WORK/backend.conf" -p "$WORK" & echo $! > "$WORK/backend.pid"

# The issuer's key: an RSA-2048 public key in PEM (the key manager's), the token signed with openssl.
openssl genrsa -out "$WORK/km.key" 2048 2>/dev/null
openssl rsa -in "$WORK/km.key" -pubout -out "$WORK/km.pem" 2>/dev/null
b64url() { basenc --base64url -w0 | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '{"alg":"RS256","typ":"JWT","kid":"km-1"}' | b64url)
CLAIMS=$(printf '{"iss":"https://km.example.com","sub":"alice@example.com","aud":["edge","billing"],"exp":%d,"iat":%d,"jti":"6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11","scope":"openid read:order write:order","tier":"Gold","azp":"coffee-app"}' $((NOW + 86400)) $((NOW - 60)) | b64url)
SIG=$(printf '%s.%s' "$HEADER" "$CLAIMS" | openssl dgst -sha256 -sign "$WORK/km.key" -binary | b64url)
TOKEN="$HEADER.$CLAIMS.$SIG"

cat > "$WORK/edge.toml" <<CONF
[server]
admin = "127.0.0.1:18901"
access_log = "off"
[[listeners]]
bind = "127.0.0.1:18081"
[[upstreams]]
name = "backend"
endpoints = ["http://127.0.0.1:18001"]
[auth.jwt]
issuers = [{ issuer = "https://km.example.com", certificate = "km.pem", audiences = ["edge"] }]
[[apis]]
name = "bare"
base_path = "/bare"
upstream = "backend"
[[apis]]
name = "jwt"
base_path = "/jwt"
upstream = "backend"
security = ["jwt"]
[[apis]]
name = "jwt-full"
base_path = "/jwt-full"
upstream = "backend"
security = ["jwt"]
scopes = ["read:order"]
claims_to_headers = { "X-User" = "sub" }
jwt_assertion = true
CONF
taskset -c 1 "$EDGE_BIN" run -c "$WORK/edge.toml" 2>"$WORK/edge.err" & echo $! > "$WORK/edge.pid"
sleep 1
for path in bare jwt jwt-full; do
  curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18081/$path/hello" >/dev/null || { echo "/$path refused the token" >&2; cat "$WORK/edge.err" >&2; exit 1; }
done
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/jwt/hello)" = 401 ] || { echo "/jwt served without a token" >&2; exit 1; }

cpu_ticks() {
  local total=0
  for pid in "$@"; do [ -r /proc/$pid/stat ] && total=$((total + $(awk '{print $14+$15}' /proc/$pid/stat))); done
  echo $total
}

run() { # name path
  local name=$1 path=$2
  local before after out reqs rps p50 p99 errs us
  before=$(cpu_ticks "$(cat "$WORK/edge.pid")")
  out=$(taskset -c 0 wrk -t1 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:18081/$path/hello")
  after=$(cpu_ticks "$(cat "$WORK/edge.pid")")
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  us=$(awk -v t=$((after-before)) -v hz="$TICK" -v n="$reqs" 'BEGIN { printf "%.1f", t/hz*1e6/n }')
  printf "| %-8s | %s | %9s | %6s | %6s | %8s | %s\n" "$name" "$round" "$rps" "$p50" "$p99" "$us" "$errs"
}

echo "token: ${#TOKEN} bytes (RS256, cached after the first request)"
echo "| route    | round | requests/s | p50 | p99 | CPU µs/req | errors"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  run bare bare
  run jwt jwt
  run jwt-full jwt-full
done
echo
echo "edge RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$(cat "$WORK/edge.pid")/status)"
curl -s http://127.0.0.1:18901/revocations/stats; echo
