# One measured run ("cell") for load/run.sh (sourced): a load generator on CPU 0 against one target for
# a bounded time, with the proxy's CPU, the CPUs' other use and the latencies around it. Each cell
# appends one JSON object to $ROWS (one line) and prints one line on stderr for the person watching.

WRK_CONNECTIONS=64
H2_CONNECTIONS=16
H2_STREAMS=32

# wrk: HTTP/1.1 keep-alive. Prints the RESULT line of lib/report.lua.
load_wrk() { # url seconds [think_ms] [extra wrk args...]
  local url=$1 secs=$2 think=${3:-0}; shift 3 || shift $#
  WRK_THINK_MS=$think timeout $((secs + 15)) taskset -c "$LOADGEN_CPU" \
    wrk -t1 -c"$WRK_CONNECTIONS" -d"${secs}s" --timeout 5s -s "$LIB/report.lua" "$@" "$url" 2>&1 | grep '^RESULT'
}

# h2load: h2c with prior knowledge. Prints a RESULT line in the same shape as wrk's; percentiles come
# from h2load's per-request log (third column: microseconds to the end of the response).
load_h2() { # url seconds
  local url=$1 secs=$2 out log="$WORK/h2load.log"
  rm -f "$log"
  out=$(timeout $((secs + 15)) taskset -c "$LOADGEN_CPU" \
    h2load -t1 -c"$H2_CONNECTIONS" -m"$H2_STREAMS" -D "$secs" --log-file="$log" "$url" 2>&1) || true
  local done_ succeeded failed errored timeouts
  read -r done_ succeeded failed errored timeouts < <(echo "$out" | awk '/^requests:/ {
      for (i = 1; i <= NF; i++) { v = $i; gsub(/,/, "", v)
        if ($(i+1) ~ /^done/) d = v; if ($(i+1) ~ /^succeeded/) s = v; if ($(i+1) ~ /^failed/) f = v
        if ($(i+1) ~ /^errored/) e = v; if ($(i+1) ~ /^timeout/) t = v }
      print d+0, s+0, f+0, e+0, t+0 }')
  [ -n "$done_" ] || { echo "RESULT requests=0 duration_us=$((secs * 1000000)) bytes=0 err_connect=1 err_read=0 err_write=0 err_status=0 err_timeout=0 p50_us=0 p99_us=0 p999_us=0 max_us=0"; return; }
  local p50 p99 p999 max
  read -r p50 p99 p999 max < <(cut -f3 "$log" 2>/dev/null | sort -n | awk '{ v[NR] = $1 }
      END { if (NR == 0) { print 0, 0, 0, 0; exit }
            i50 = int(NR * 0.50); i99 = int(NR * 0.99); i999 = int(NR * 0.999)
            if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1; if (i999 < 1) i999 = 1
            print v[i50], v[i99], v[i999], v[NR] }')
  echo "RESULT requests=$succeeded duration_us=$((secs * 1000000)) bytes=0 err_connect=$errored err_read=0 err_write=0 err_status=$failed err_timeout=$timeouts p50_us=$p50 p99_us=$p99 p999_us=$p999 max_us=$max"
}

field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1==k {print $2}'; }

# run_cell phase round target cell tool url seconds [think_ms] [wrk args...]
run_cell() {
  local phase=$1 round=$2 target=$3 cell=$4 tool=$5 url=$6 secs=$7 think=${8:-0}; shift 8 || shift $#
  local pids; pids=$(target_pids "$target")
  local backend_pid; backend_pid=$(cat "$WORK/backend.pid")
  local p0 b0 c0 g0 l0 p1 b1 c1 g1 out
  l0=$(loadavg1)
  children_ticks > "$WORK/g0"
  p0=$(proc_ticks $pids); b0=$(proc_ticks "$backend_pid"); c0=$(cpu_sample); g0=$(cat "$WORK/g0")
  if [ "$tool" = wrk ]; then out=$(load_wrk "$url" "$secs" "$think" "$@"); else out=$(load_h2 "$url" "$secs"); fi
  p1=$(proc_ticks $pids); b1=$(proc_ticks "$backend_pid"); c1=$(cpu_sample)
  children_ticks > "$WORK/g1"; g1=$(cat "$WORK/g1")
  [ -n "$out" ] || out="RESULT requests=0 duration_us=1 bytes=0 err_connect=1 err_read=0 err_write=0 err_status=0 err_timeout=0 p50_us=0 p99_us=0 p999_us=0 max_us=0"
  local rss; rss=$(proc_rss_kb $pids)
  awk -v out="$out" -v p0="$p0" -v p1="$p1" -v b0="$b0" -v b1="$b1" -v c0="$c0" -v c1="$c1" \
      -v g0="$g0" -v g1="$g1" -v hz="$TICK" -v rss="$rss" -v l0="$l0" -v l1="$(loadavg1)" \
      -v phase="$phase" -v round="$round" -v target="$target" -v cell="$cell" -v tool="$tool" \
      -v think="$think" -v has_proxy="$([ -n "$pids" ] && echo 1 || echo 0)" -v flag_pct="$FLAG_OTHER_PCT" '
    function num(x) { return x + 0 }
    BEGIN {
      n = split(out, kv, " "); for (i = 2; i <= n; i++) { split(kv[i], a, "="); r[a[1]] = a[2] }
      split(p0, pa, " "); split(p1, pb, " "); split(b0, ba, " "); split(b1, bb, " ")
      split(c0, ca, " "); split(c1, cb, " "); split(rss, m, " ")
      user = pb[1] - pa[1]; sys = pb[2] - pa[2]; backend = (bb[1] + bb[2]) - (ba[1] + ba[2])
      loadgen = g1 - g0
      busy0 = cb[1] - ca[1]; total0 = cb[2] - ca[2]; steal0 = cb[3] - ca[3]
      busy1 = cb[4] - ca[4]; total1 = cb[5] - ca[5]; steal1 = cb[6] - ca[6]
      reqs = num(r["requests"]); secs = num(r["duration_us"]) / 1e6
      errors = num(r["err_connect"]) + num(r["err_read"]) + num(r["err_write"]) + num(r["err_status"]) + num(r["err_timeout"])
      # What else ran: CPU 1 should hold only the proxy, CPU 0 only the backend and the load generator.
      other1 = total1 > 0 ? 100 * (busy1 - user - sys) / total1 : 0
      other0 = total0 > 0 ? 100 * (busy0 - backend - loadgen) / total0 : 0
      steal = (total0 + total1) > 0 ? 100 * (steal0 + steal1) / (total0 + total1) : 0
      flagged = (other1 > flag_pct || other0 > flag_pct || steal > flag_pct) ? "true" : "false"
      cpu_us = (has_proxy && reqs > 0) ? sprintf("%.2f", (user + sys) / hz * 1e6 / reqs) : "null"
      user_us = (has_proxy && reqs > 0) ? sprintf("%.2f", user / hz * 1e6 / reqs) : "null"
      sys_us = (has_proxy && reqs > 0) ? sprintf("%.2f", sys / hz * 1e6 / reqs) : "null"
      printf "{\"phase\":\"%s\",\"round\":%d,\"target\":\"%s\",\"cell\":\"%s\",\"tool\":\"%s\",\"think_ms\":%d,", phase, round, target, cell, tool, think
      rps = (secs > 0) ? reqs / secs : 0
      printf "\"requests\":%d,\"seconds\":%.3f,\"rps\":%.1f,\"errors\":%d,", reqs, secs, rps, errors
      printf "\"errors_by_kind\":{\"connect\":%d,\"read\":%d,\"write\":%d,\"status\":%d,\"timeout\":%d},", num(r["err_connect"]), num(r["err_read"]), num(r["err_write"]), num(r["err_status"]), num(r["err_timeout"])
      printf "\"p50_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"max_us\":%d,", num(r["p50_us"]), num(r["p99_us"]), num(r["p999_us"]), num(r["max_us"])
      printf "\"cpu_us_per_req\":%s,\"user_us_per_req\":%s,\"sys_us_per_req\":%s,", cpu_us, user_us, sys_us
      printf "\"proxy_ticks\":%d,\"backend_ticks\":%d,\"loadgen_ticks\":%d,\"rss_kb\":%d,\"hwm_kb\":%d,", user + sys, backend, loadgen, num(m[1]), num(m[2])
      printf "\"other_cpu0_pct\":%.1f,\"other_cpu1_pct\":%.1f,\"steal_pct\":%.1f,\"loadavg\":[%s,%s],\"flagged\":%s}\n", other0, other1, steal, l0, l1, flagged
      printf "  %s r%d %-7s %-13s %9.0f req/s  %6s µs/req  p50 %6.2f ms  p99 %6.2f ms  errors %d  other: cpu0 %.0f %%, cpu1 %.0f %%, steal %.0f %%%s\n", phase, round, target, cell, rps, cpu_us, num(r["p50_us"]) / 1000, num(r["p99_us"]) / 1000, errors, other0, other1, steal, (flagged == "true" ? "  FLAGGED" : "") > "/dev/stderr"
    }' >> "$ROWS"
}
