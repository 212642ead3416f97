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
BACKEND=18001 EDGE=18081
CONNECTIONS=64
. load/lib/policy-rounds.sh
policy_rounds_init jwt
start_backend
mint_token

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
start_edge bare jwt jwt-full
[ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/jwt/hello)" = 401 ] || { echo "/jwt served without a token" >&2; exit 1; }

echo "token: ${#TOKEN} bytes (RS256, cached after the first request)"
echo "| route    | round | requests/s | p50 | p99 | CPU µs/req | errors"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  run_route bare bare 8
  run_route jwt jwt 8
  run_route jwt-full jwt-full 8
done
echo
echo "edge RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$(cat "$WORK/edge.pid")/status)"
curl -s http://127.0.0.1:18901/revocations/stats; echo
