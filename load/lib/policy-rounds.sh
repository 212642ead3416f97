# Shared by load/http1-jwt.sh and load/http1-throttle.sh (sourced, not run): one Edge with several
# routes that differ only in their policy chain, an nginx backend, an RS256 token from a key made
# here, and wrk rounds that report CPU per request from Edge's /proc times.
# The caller sets BACKEND, EDGE (ports), CONNECTIONS (wrk -c) and calls policy_rounds_init NAME first.

policy_rounds_init() { # name: the temp directory's tag
  WORK="$(mktemp -d "/tmp/edge-load-$1.XXXXXX")"
  EDGE_BIN="${EDGE_BIN:-artifacts/edge}"
  [ -x "$EDGE_BIN" ] || { echo "build the native binary first: ./build.sh publish" >&2; exit 1; }
  command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "needs wrk and nginx (apt-get install wrk nginx-light)" >&2; exit 1; }
  TICK=$(getconf CLK_TCK)
  trap policy_rounds_cleanup EXIT
}

policy_rounds_cleanup() { for p in $(cat "$WORK"/*.pid 2>/dev/null); do kill "$p" 2>/dev/null || true; done; sleep 0.3; }

# The fixed backend: nginx, one worker on CPU 0, a 13-byte answer, upstream keep-alive.
start_backend() {
  cat > "$WORK/backend.conf" <<CONF
worker_processes 1; worker_cpu_affinity 01; daemon off; pid $WORK/backend.nginx.pid; error_log $WORK/backend.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000;
  server { listen 127.0.0.1:$BACKEND backlog=4096; location / { default_type text/plain; return 200 "Hello, World!"; } } }
CONF
  nginx -c "$WORK/backend.conf" -p "$WORK" & echo $! > "$WORK/backend.pid"
}

# The issuer's key: an RSA-2048 public key in PEM (the key manager's, $WORK/km.pem) and TOKEN, signed
# with openssl.
mint_token() {
  openssl genrsa -out "$WORK/km.key" 2048 2>/dev/null
  openssl rsa -in "$WORK/km.key" -pubout -out "$WORK/km.pem" 2>/dev/null
  local now header claims sig
  now=$(date +%s)
  header=$(printf '{"alg":"RS256","typ":"JWT","kid":"km-1"}' | b64url)
  claims=$(printf '{"iss":"https://km.example.com","sub":"alice@example.com","aud":["edge","billing"],"exp":%d,"iat":%d,"jti":"6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11","scope":"openid read:order write:order","tier":"Gold","azp":"coffee-app"}' $((now + 86400)) $((now - 60)) | b64url)
  sig=$(printf '%s.%s' "$header" "$claims" | openssl dgst -sha256 -sign "$WORK/km.key" -binary | b64url)
  TOKEN="$header.$claims.$sig"
}

b64url() { basenc --base64url -w0 | tr -d '='; }

# Edge on CPU 1 with $WORK/edge.toml; then every listed route must answer the token.
start_edge() { # paths...
  taskset -c 1 "$EDGE_BIN" run -c "$WORK/edge.toml" 2>"$WORK/edge.err" & echo $! > "$WORK/edge.pid"
  sleep 1
  local path
  for path in "$@"; do
    curl -fsS -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$EDGE/$path/hello" >/dev/null || { echo "/$path refused the token" >&2; cat "$WORK/edge.err" >&2; exit 1; }
  done
}

cpu_ticks() {
  local total=0
  for pid in "$@"; do [ -r /proc/$pid/stat ] && total=$((total + $(awk '{print $14+$15}' /proc/$pid/stat))); done
  echo $total
}

# One wrk run against a route, printed as a table row (uses $round and $DURATION).
run_route() { # name path width
  local name=$1 path=$2 width=${3:-8}
  local before after out reqs rps p50 p99 errs us
  before=$(cpu_ticks "$(cat "$WORK/edge.pid")")
  out=$(taskset -c 0 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$EDGE/$path/hello")
  after=$(cpu_ticks "$(cat "$WORK/edge.pid")")
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  us=$(awk -v t=$((after-before)) -v hz="$TICK" -v n="$reqs" 'BEGIN { printf "%.1f", t/hz*1e6/n }')
  printf "| %-${width}s | %s | %9s | %6s | %6s | %8s | %s\n" "$name" "$round" "$rps" "$p50" "$p99" "$us" "$errs"
}
