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
# Ports of their own, so this can run beside the other load scripts.
BACKEND=18011 EDGE=18091 ADMIN=18911
CONNECTIONS=32
. load/lib/policy-rounds.sh
policy_rounds_init throttle
start_backend
mint_token

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
start_edge bare throttle jwt jwt-throttle
curl -fsS -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$EDGE/jwt-throttle/hello" | grep -i '^ratelimit' || { echo "/jwt-throttle sent no RateLimit fields" >&2; exit 1; }

echo "| route        | round | requests/s | p50 | p99 | CPU µs/req | errors"
echo "|---|---|---|---|---|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  run_route bare bare 12
  run_route throttle throttle 12
  run_route jwt jwt 12
  run_route jwt-throttle jwt-throttle 12
done
echo
echo "edge RSS: $(awk '/VmRSS/ {print $2, $3}' /proc/$(cat "$WORK/edge.pid")/status)"
