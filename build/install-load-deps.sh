#!/usr/bin/env bash
# Installs what the side-by-side load run (load/run.sh, `./build.sh load`) uses, only what is missing.
# Idempotent. Kept apart from install-deps.sh: CI runs that one for the tests, which need none of these.
#   nginx          : the fixed backend, and a proxy under test
#   haproxy        : a proxy under test
#   wrk            : HTTP/1.1 keep-alive load
#   nghttp2-client : h2load, h2c load
#   linux-perf     : syscalls per request (perf stat); optional, the run says "not measured" without it
#   nodejs, curl, openssl : the report, the idle-connection and startup clients; readiness; the JWT key
set -euo pipefail
packages=(nginx haproxy wrk nghttp2-client nodejs curl openssl)
optional=(linux-perf)
missing=()
for p in "${packages[@]}" "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-load-deps: missing ${missing[*]}; run as root or install them (apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "install-load-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# perf is optional: a kernel without a matching package still gets a load run, without syscall counts.
apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null 2>&1 || echo "install-load-deps: linux-perf not installed; syscalls will not be measured" >&2
