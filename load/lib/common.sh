# Shared settings and /proc sampling for load/run.sh (sourced, not run).
# Placement (the same for every target): load generator and backend on CPU 0, the proxy under test
# alone on CPU 1. All traffic stays on 127.0.0.1.

LOADGEN_CPU=0
PROXY_CPU=1
TICK=$(getconf CLK_TCK)

# Ports: the backend, then one block per target. Edge serves HTTP/1.1 and h2c on one listener;
# nginx 1.22 and HAProxy get a second port for h2c (prior knowledge).
BACKEND_H1=18001
BACKEND_H2=18002
EDGE_H1=18101
EDGE_ADMIN=18901
NGINX_H1=18201
NGINX_H2=18202
HAPROXY_H1=18301
HAPROXY_H2=18302

log() { printf '[load %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# utime and stime (clock ticks) of the given processes, each with its direct children (nginx's master
# and workers). /proc/PID/stat of a process already sums all of its threads.
proc_ticks() { # pids... -> "user sys"
  local u=0 s=0 pid child line
  for pid in "$@"; do
    for child in "$pid" $(pgrep -P "$pid" 2>/dev/null); do
      [ -r "/proc/$child/stat" ] || continue
      # Fields after the ")" that closes comm: utime and stime are the 12th and 13th.
      line=$(sed 's/^.*) //' "/proc/$child/stat" 2>/dev/null) || continue
      set -- $line
      u=$((u + ${12})); s=$((s + ${13}))
    done
  done
  echo "$u $s"
}

# Resident set now and at its peak (VmHWM), kB, summed over the processes and their children.
proc_rss_kb() { # pids... -> "rss hwm"
  local r=0 h=0 pid child
  for pid in "$@"; do
    for child in "$pid" $(pgrep -P "$pid" 2>/dev/null); do
      [ -r "/proc/$child/status" ] || continue
      r=$((r + $(awk '/^VmRSS:/ {print $2}' "/proc/$child/status" 2>/dev/null || echo 0)))
      h=$((h + $(awk '/^VmHWM:/ {print $2}' "/proc/$child/status" 2>/dev/null || echo 0)))
    done
  done
  echo "$r $h"
}

# Per-CPU counters from /proc/stat: "busy0 total0 steal0 busy1 total1 steal1" (ticks). Busy counts
# user, nice, system, irq and softirq; total adds idle, iowait and steal.
cpu_sample() {
  awk '$1=="cpu0" || $1=="cpu1" {
         busy = $2 + $3 + $4 + $7 + $8; total = busy + $5 + $6 + $9
         printf "%d %d %d ", busy, total, $9 }
       END { print "" }' /proc/stat
}

# CPU time (ticks) of this shell's finished children: the load generators run in the foreground, so the
# difference around one run is the load generator's own CPU (bash's `times`, second line). `times` must
# run in this shell, not in a $(...) subshell (which has no children of its own): hence the file.
children_ticks() {
  times > "$WORK/times"
  awk -v hz="$TICK" 'NR==2 {
    t = 0
    for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
    printf "%d\n", t * hz + 0.5 }' "$WORK/times"
}

loadavg1() { cut -d' ' -f1 /proc/loadavg; }
