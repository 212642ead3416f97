# Starting and stopping the backend and the targets for load/run.sh (sourced). Every process started
# here writes its pid to $WORK/<name>.pid, which the EXIT trap of run.sh uses to stop exactly these.

TARGETS=(direct edge nginx haproxy)

render() { # template output: fills @WORK@, the ports and the throttle blocks
  sed -e "s#@WORK@#$WORK#g" \
      -e "s/@BACKEND_H1@/$BACKEND_H1/g" -e "s/@BACKEND_H2@/$BACKEND_H2/g" \
      -e "s/@ADMIN@/$EDGE_ADMIN/g" \
      -e "s/@PROXY_H1@/$3/g" -e "s/@PROXY_H2@/$4/g" \
      "$1" > "$2"
}

# Edge's config with or without the throttle policy on /jwt (see throttle_probe in run.sh).
render_edge() { # with_throttle(0|1) output
  local tiers="" policy=""
  if [ "$1" = 1 ]; then
    tiers=$'[throttle.tiers]\nLoad = "100000000/min"'
    policy='throttle = { tier = "Load", key = "claim:sub" }'
  fi
  render "$CONF/edge.toml" "$2.tmp" "$EDGE_H1" "$EDGE_H1"
  awk -v tiers="$tiers" -v policy="$policy" '
    /^@THROTTLE_TIERS@$/ { if (tiers != "") print tiers; next }
    /^@THROTTLE_POLICY@$/ { if (policy != "") print policy; next }
    { print }' "$2.tmp" > "$2"
  rm -f "$2.tmp"
}

start_backend() {
  head -c 4096 /dev/zero | tr '\0' 'x' > "$WORK/4k.txt"
  render "$CONF/backend.nginx.conf" "$WORK/backend.conf" 0 0
  taskset -c "$LOADGEN_CPU" nginx -c "$WORK/backend.conf" -p "$WORK" & echo $! > "$WORK/backend.pid"
  wait_200 "http://127.0.0.1:$BACKEND_H1/hello" || die "backend did not start: $(cat "$WORK/backend.err")"
}

# The command line of each proxy, pinned to the proxy CPU; used by the startup scenario and start_target.
proxy_command() { # target
  case $1 in
    edge)    echo "taskset -c $PROXY_CPU $EDGE_BIN run -c $WORK/edge.toml" ;;
    nginx)   echo "taskset -c $PROXY_CPU nginx -c $WORK/proxy.nginx.conf -p $WORK" ;;
    haproxy) echo "taskset -c $PROXY_CPU haproxy -db -f $WORK/haproxy.cfg" ;;
  esac
}

render_proxies() { # with_throttle
  render_edge "$1" "$WORK/edge.toml"
  render "$CONF/proxy.nginx.conf" "$WORK/proxy.nginx.conf" "$NGINX_H1" "$NGINX_H2"
  render "$CONF/haproxy.cfg" "$WORK/haproxy.cfg" "$HAPROXY_H1" "$HAPROXY_H2"
}

start_target() { # target
  [ "$1" = direct ] && return 0
  # shellcheck disable=SC2046
  $(proxy_command "$1") 2>"$WORK/$1.stderr" >/dev/null & echo $! > "$WORK/$1.pid"
  wait_200 "http://127.0.0.1:$(h1_port "$1")$(path_prefix "$1")/hello" || die "$1 did not start: $(tail -5 "$WORK/$1.stderr")"
}

stop_target() { # target
  local pid
  pid=$(cat "$WORK/$1.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$WORK/$1.pid"
}

target_pids() { # target -> the processes whose CPU is the proxy's (empty for direct)
  [ "$1" = direct ] && return 0
  cat "$WORK/$1.pid"
}

h1_port() { case $1 in direct) echo $BACKEND_H1;; edge) echo $EDGE_H1;; nginx) echo $NGINX_H1;; haproxy) echo $HAPROXY_H1;; esac; }
h2_port() { case $1 in direct) echo $BACKEND_H2;; edge) echo $EDGE_H1;; nginx) echo $NGINX_H2;; haproxy) echo $HAPROXY_H2;; esac; }
path_prefix() { [ "$1" = direct ] || echo /bench/v1; }

wait_200() { # url: up to 10 s
  local deadline=$((SECONDS + 10))
  while [ $SECONDS -lt $deadline ]; do
    [ "$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ] && return 0
    sleep 0.05
  done
  return 1
}
