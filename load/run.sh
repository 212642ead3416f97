#!/usr/bin/env bash
# Side-by-side load run (issue 8): the same backend, routes and load for every target — direct to the
# backend, Edge (native binary), nginx as a reverse proxy, HAProxy — in interleaved rounds, then the
# report: load/results/latest.md, latest.json (every round), latest.svg. Method: docs/performance.md.
#
# Usage: load/run.sh [--quick] [--rounds N] [--duration SECONDS] [--idle CONNECTIONS] [--out DIR]
#   defaults: 5 rounds of 4 s cells, 10,000 idle connections (about 7 minutes in all)
#   --quick:  1 round of 2 s cells, 1,000 idle connections (about 2 minutes; a smoke test)
# Needs: artifacts/edge (./build.sh publish), nginx, haproxy, wrk, h2load, node, curl, openssl, perf
# (optional: syscalls); build/install-load-deps.sh installs them. `./build.sh load` does all of it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LOAD="$ROOT/load"; CONF="$LOAD/conf"; LIB="$LOAD/lib"; TOOLS="$LOAD/tools"
EDGE_BIN="${EDGE_BIN:-$ROOT/artifacts/edge}"
OUT="$LOAD/results"
ROUNDS=5; DURATION=4; IDLE=10000; STARTUP_REPS=5; PARTIAL_ROUNDS=2; SYSCALL_SECS=3; QUICK=0
FLAG_OTHER_PCT=${FLAG_OTHER_PCT:-10}
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1; ROUNDS=1; DURATION=2; IDLE=1000; STARTUP_REPS=1; PARTIAL_ROUNDS=1; SYSCALL_SECS=2 ;;
    --rounds) ROUNDS=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --idle) IDLE=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
# Every run is bounded: cap the parameters so a typo cannot make a run of hours.
[ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 20 ] || { echo "--rounds must be 1..20" >&2; exit 2; }
[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 30 ] || { echo "--duration must be 1..30 seconds" >&2; exit 2; }
[ "$IDLE" -ge 0 ] && [ "$IDLE" -le 15000 ] || { echo "--idle must be 0..15000" >&2; exit 2; }

source "$LIB/common.sh"; source "$LIB/targets.sh"; source "$LIB/cells.sh"; source "$LIB/scenarios.sh"

[ -x "$EDGE_BIN" ] || die "no native binary at $EDGE_BIN: run ./build.sh publish (or ./build.sh load)"
for tool in nginx haproxy wrk h2load node curl openssl taskset; do
  command -v $tool >/dev/null || die "needs $tool: run build/install-load-deps.sh"
done
[ "$(nproc)" -ge 2 ] || die "needs 2 CPUs (load generator on CPU 0, proxy on CPU 1)"
HAVE_PERF=0
perf stat -e raw_syscalls:sys_enter true >/dev/null 2>&1 && HAVE_PERF=1
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -gt $((IDLE + 1000)) ] || die "open files limit $(ulimit -n) is too low for --idle $IDLE"

WORK="$(mktemp -d /tmp/edge-loadrun.XXXXXX)"
chmod 755 "$WORK"   # nginx's workers drop root and must read 4k.txt here
ROWS="$WORK/rows.jsonl"; : > "$ROWS"
cleanup() {
  local f
  for f in "$WORK"/*.pid; do [ -e "$f" ] && kill "$(cat "$f" 2>/dev/null)" 2>/dev/null || true; done
  sleep 0.5
  # Kept for a look after a failure (or with LOAD_KEEP_WORK=1); removed after a clean run.
  [ "${LOAD_OK:-0}" = 1 ] && [ "${LOAD_KEEP_WORK:-0}" != 1 ] && rm -rf "$WORK"
  return 0
}
trap cleanup EXIT
STARTED=$(date +%s)
log "work dir $WORK; $ROUNDS rounds × ${DURATION}s; idle $IDLE; perf=$HAVE_PERF; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The JWT issuer: an RSA-2048 key, its public half in PEM for Edge, one RS256 token reused by every
# request (so every request after the first is a verified-token cache hit).
openssl genrsa -out "$WORK/km.key" 2048 2>/dev/null
openssl rsa -in "$WORK/km.key" -pubout -out "$WORK/km.pem" 2>/dev/null
b64url() { basenc --base64url -w0 | tr -d '='; }
NOW=$(date +%s)
JWT_HEAD=$(printf '{"alg":"RS256","typ":"JWT","kid":"km-1"}' | b64url)
JWT_BODY=$(printf '{"iss":"https://km.example.com","sub":"alice@example.com","aud":["edge"],"exp":%d,"iat":%d,"jti":"6f1c2d9e-41a7-4b6e-9d3c-0e6b2f0a9c11","scope":"read:order"}' $((NOW + 86400)) $((NOW - 60)) | b64url)
JWT_SIG=$(printf '%s.%s' "$JWT_HEAD" "$JWT_BODY" | openssl dgst -sha256 -sign "$WORK/km.key" -binary | b64url)
TOKEN="$JWT_HEAD.$JWT_BODY.$JWT_SIG"

# Throttle on the JWT route only when this build's `edge check` accepts a throttle policy; otherwise
# the scenario runs JWT alone and the report says "throttle: not available in this build".
render_edge 1 "$WORK/edge-throttle.toml"
if check_out=$("$EDGE_BIN" check -c "$WORK/edge-throttle.toml" 2>&1); then
  THROTTLE=1; THROTTLE_NOTE="on (tier Load = 100000000/min, key claim:sub: every request takes a token, none is refused)"
else
  THROTTLE=0; THROTTLE_NOTE="not available in this build (edge check: $(echo "$check_out" | grep -m1 -v '^edge check' | sed "s#$WORK/##"))"
fi
log "throttle: $THROTTLE_NOTE"

# A leftover server on one of the ports would be measured instead of ours: refuse to start.
for port in $BACKEND_H1 $BACKEND_H2 $EDGE_H1 $EDGE_ADMIN $NGINX_H1 $NGINX_H2 $HAPROXY_H1 $HAPROXY_H2; do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "port $port is in use (another load run, or a leftover proxy): stop it first"
done
start_backend
render_proxies "$THROTTLE"
"$EDGE_BIN" check -c "$WORK/edge.toml" >/dev/null || die "edge.toml rejected"

log "startup to first 200 ($STARTUP_REPS × each proxy)"
scenario_startup "$STARTUP_REPS"

for t in edge nginx haproxy; do start_target "$t"; done
curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$EDGE_H1/jwt/hello" || die "Edge refused the JWT: $(tail -5 "$WORK/edge.stderr")"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$EDGE_H1/jwt/hello")" = 401 ] || die "Edge served /jwt without a token"
for t in "${TARGETS[@]}"; do
  for p in hello 4k; do
    [ "$(curl -s "http://127.0.0.1:$(h1_port "$t")$(path_prefix "$t")/$p" | wc -c)" = "$([ $p = hello ] && echo 13 || echo 4096)" ] || die "$t: /$p does not answer the expected body"
  done
done

log "warm-up (1 s per target and protocol)"
for t in "${TARGETS[@]}"; do
  load_wrk "http://127.0.0.1:$(h1_port "$t")$(path_prefix "$t")/hello" 1 0 >/dev/null
  load_h2 "http://127.0.0.1:$(h2_port "$t")$(path_prefix "$t")/hello" 1 >/dev/null
done

# Peak rounds: within a round every cell visits every target back to back, and the order of the
# targets rotates from round to round, so drift and neighbours hit all targets alike.
for round in $(seq "$ROUNDS"); do
  log "round $round/$ROUNDS (load average $(loadavg1))"
  order=("${TARGETS[@]:$(( (round - 1) % 4 ))}" "${TARGETS[@]:0:$(( (round - 1) % 4 ))}")
  for cell in h1-13B h1-4K h2-13B; do
    for t in "${order[@]}"; do
      base="$(path_prefix "$t")"
      case $cell in
        h1-13B) run_cell peak "$round" "$t" "$cell" wrk "http://127.0.0.1:$(h1_port "$t")$base/hello" "$DURATION" 0 ;;
        h1-4K)  run_cell peak "$round" "$t" "$cell" wrk "http://127.0.0.1:$(h1_port "$t")$base/4k" "$DURATION" 0 ;;
        h2-13B) run_cell peak "$round" "$t" "$cell" h2load "http://127.0.0.1:$(h2_port "$t")$base/hello" "$DURATION" 0 ;;
      esac
    done
  done
  # JWT (cached) + throttle against a bare route on the same Edge, the same Authorization header on both.
  pair=(bare jwt); [ $((round % 2)) = 0 ] && pair=(jwt bare)
  for route in "${pair[@]}"; do
    run_cell jwt "$round" edge "h1-13B-$route" wrk "http://127.0.0.1:$EDGE_H1/$route/hello" "$DURATION" 0 -H "Authorization: Bearer $TOKEN"
  done
done

# Partial load: every target gets the same offered rate, about half of the slowest proxy's median peak
# (HTTP/1.1, 13 B), so the latencies compare at equal load. wrk's think time sets the rate.
peak_min=$(node -e '
  const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  const med = a => { a.sort((x, y) => x - y); return a.length ? (a[(a.length - 1) >> 1] + a[a.length >> 1]) / 2 : 0; };
  const m = ["edge", "nginx", "haproxy"].map(t => med(rows.filter(r => r.phase === "peak" && r.cell === "h1-13B" && r.target === t).map(r => r.rps)));
  console.log(Math.round(Math.min(...m)));' "$ROWS")
THINK_MS=$(awk -v p="$peak_min" -v c="$WRK_CONNECTIONS" 'BEGIN { t = c * 1000 / (p / 2); printf "%d", t < 1 ? 1 : t + 0.5 }')
log "partial load: slowest proxy's median peak $peak_min req/s; think time $THINK_MS ms on each of $WRK_CONNECTIONS connections"
for round in $(seq "$PARTIAL_ROUNDS"); do
  order=("${TARGETS[@]:$(( (round - 1) % 4 ))}" "${TARGETS[@]:0:$(( (round - 1) % 4 ))}")
  for t in "${order[@]}"; do
    run_cell partial "$round" "$t" h1-13B-half wrk "http://127.0.0.1:$(h1_port "$t")$(path_prefix "$t")/hello" "$DURATION" "$THINK_MS"
  done
done

log "syscalls per request (${SYSCALL_SECS} s per target and protocol)"
scenario_syscalls "$SYSCALL_SECS"

# Peak RSS under load (VmHWM of every process of the proxy) before the idle-connection scenario raises it.
for t in edge nginx haproxy; do
  read -r rss hwm < <(proc_rss_kb $(target_pids "$t"))
  printf '{"phase":"memory","target":"%s","rss_kb":%d,"peak_rss_kb":%d}\n' "$t" "$rss" "$hwm" >> "$ROWS"
done

if [ "$IDLE" -gt 0 ]; then
  log "idle keep-alive connections: $IDLE per proxy"
  scenario_idle "$IDLE"
fi

FINISHED=$(date +%s)
mkdir -p "$OUT"
node -e '
  const [rows, out] = process.argv.slice(1, 3);
  const meta = JSON.parse(process.argv[3]);
  meta.rows = require("fs").readFileSync(rows, "utf8").trim().split("\n").filter(Boolean).map(JSON.parse);
  require("fs").writeFileSync(out, JSON.stringify(meta, null, 1) + "\n");' "$ROWS" "$OUT/latest.json" "$(cat <<JSON
{"started":"$(date -u -d @"$STARTED" +%Y-%m-%dT%H:%M:%SZ)","elapsed_s":$((FINISHED - STARTED)),"quick":$([ $QUICK = 1 ] && echo true || echo false),
 "rounds":$ROUNDS,"duration_s":$DURATION,"partial_rounds":$PARTIAL_ROUNDS,"think_ms":$THINK_MS,"partial_offered_base_rps":$peak_min,
 "wrk":"wrk -t1 -c$WRK_CONNECTIONS","h2load":"h2load -t1 -c$H2_CONNECTIONS -m$H2_STREAMS","flag_other_pct":$FLAG_OTHER_PCT,
 "throttle":$([ $THROTTLE = 1 ] && echo true || echo false),"throttle_note":$(printf '%s' "$THROTTLE_NOTE" | node -e 'process.stdin.on("data",d=>process.stdout.write(JSON.stringify(String(d))))'),
 "machine":{"cpus":$(nproc),"kernel":"$(uname -r)","model":"$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)","loadavg_end":"$(cut -d' ' -f1-3 /proc/loadavg)"},
 "versions":{"edge":"$("$EDGE_BIN" version 2>&1 | head -1)","nginx":"$(nginx -v 2>&1 | sed 's/.*: //')","haproxy":"$(haproxy -v | head -1 | cut -d' ' -f3)","wrk":"$(wrk -v 2>&1 | head -1 | cut -d' ' -f2)","h2load":"$(h2load --version | cut -d' ' -f2)"},
 "perf":$([ $HAVE_PERF = 1 ] && echo true || echo false)}
JSON
)"
node "$LOAD/report.mjs" "$OUT/latest.json" "$OUT"
LOAD_OK=1
log "done in $((FINISHED - STARTED)) s: $OUT/latest.md, latest.json, latest.svg"
