# The scenarios that are not a plain timed cell, for load/run.sh (sourced): startup to the first 200,
# idle keep-alive connections (memory per connection), and syscalls per request. Each appends JSON
# lines to $ROWS like run_cell does.

# Startup: spawn the proxy (pinned like in the runs), GET until the first 200, stop it. Runs before
# the long-lived instances are started, on the same ports.
scenario_startup() { # repetitions
  local target i out
  for i in $(seq "$1"); do
    for target in edge nginx haproxy; do
      out=$(node "$TOOLS/first200.mjs" "$(h1_port "$target")" "$(path_prefix "$target")/hello" -- $(proxy_command "$target") | awk '{print $2}')
      log "startup $target #$i: $out ms"
      case $out in ''|*[!0-9.]*) out=null ;; esac
      printf '{"phase":"startup","round":%d,"target":"%s","first200_ms":%s}\n' "$i" "$target" "$out" >> "$ROWS"
      sleep 0.3
    done
  done
}

# Idle keep-alive connections: each proxy is restarted so it starts from its idle footprint (a heap
# that grew under the load rounds would hide the growth), then RSS before, with COUNT connections that
# each made one request and then sit idle, and the difference per connection.
scenario_idle() { # count
  local target pids before during fifo node_pid ready kb_per
  for target in edge nginx haproxy; do
    stop_target "$target"; start_target "$target"
    pids=$(target_pids "$target")
    sleep 1
    before=$(proc_rss_kb $pids | cut -d' ' -f1)
    fifo="$WORK/idle.$target.in"
    rm -f "$fifo"; mkfifo "$fifo"
    # The client keeps its stdin (the fifo) open until we write a line: that is when it closes everything.
    taskset -c "$LOADGEN_CPU" node "$TOOLS/idle-conns.mjs" "$(h1_port "$target")" "$(path_prefix "$target")/hello" "$1" 60000 \
      < "$fifo" > "$WORK/idle.$target.out" 2>&1 & node_pid=$!
    exec 7>"$fifo"
    for _ in $(seq 900); do grep -q '^READY' "$WORK/idle.$target.out" 2>/dev/null && break; kill -0 $node_pid 2>/dev/null || break; sleep 0.1; done
    ready=$(awk '/^READY/ {print $2}' "$WORK/idle.$target.out")
    sleep 1
    during=$(proc_rss_kb $pids | cut -d' ' -f1)
    echo >&7; exec 7>&-
    wait $node_pid 2>/dev/null || true
    ready=${ready:-0}
    kb_per=$(awk -v a="$before" -v b="$during" -v n="$ready" 'BEGIN { printf "%.2f", (n > 0) ? (b - a) / n : 0 }')
    log "idle $target: $ready connections open, RSS $before kB -> $during kB ($kb_per kB per connection)"
    printf '{"phase":"idle","target":"%s","connections":%d,"wanted":%d,"rss_fresh_kb":%d,"rss_with_conns_kb":%d,"kb_per_connection":%s}\n' \
      "$target" "$ready" "$1" "$before" "$during" "$kb_per" >> "$ROWS"
    sleep 1
  done
}

# Syscalls per request: perf counts raw_syscalls:sys_enter of the proxy's processes (all threads) during
# a short wrk / h2load run. Without perf the rows say so (null).
scenario_syscalls() { # seconds
  local target proto out reqs calls pids perf_out perf_pid
  for target in edge nginx haproxy; do
    for proto in h1 h2; do
      pids=$(target_pids "$target")
      pids="$pids $(pgrep -P "$pids" | tr '\n' ' ' || true)"
      perf_out="$WORK/perf.$target.$proto"
      calls=null
      if [ "$HAVE_PERF" = 1 ]; then
        taskset -c "$LOADGEN_CPU" perf stat -x, -e raw_syscalls:sys_enter -p "$(echo $pids | tr ' ' ',')" -o "$perf_out" & perf_pid=$!
        sleep 0.3
      fi
      if [ $proto = h1 ]; then out=$(load_wrk "http://127.0.0.1:$(h1_port "$target")$(path_prefix "$target")/hello" "$1" 0)
      else out=$(load_h2 "http://127.0.0.1:$(h2_port "$target")$(path_prefix "$target")/hello" "$1"); fi
      if [ "$HAVE_PERF" = 1 ]; then
        kill -INT $perf_pid 2>/dev/null; wait $perf_pid 2>/dev/null || true
        calls=$(awk -F, '/raw_syscalls:sys_enter/ {print $1+0}' "$perf_out")
        calls=${calls:-null}
      fi
      reqs=$(field "$out" requests)
      local per=null
      [ "$calls" != null ] && [ "${reqs:-0}" -gt 0 ] && per=$(awk -v c="$calls" -v n="$reqs" 'BEGIN { printf "%.2f", c / n }')
      log "syscalls $target $proto: $calls syscalls / $reqs requests = $per per request"
      printf '{"phase":"syscalls","target":"%s","cell":"%s-13B","requests":%d,"syscalls":%s,"syscalls_per_req":%s}\n' \
        "$target" "$proto" "${reqs:-0}" "$calls" "$per" >> "$ROWS"
    done
  done
}
