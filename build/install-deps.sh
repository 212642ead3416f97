#!/usr/bin/env bash
# Installs what Edge's build and tests use, only what is missing. Idempotent.
#   clang, zlib1g-dev : native AOT link (ILCompiler)
#   curl              : integration tests drive Edge with a real client
#   nodejs (+ npm)    : integration tests drive Edge with Node clients (net, http2, jose, @grpc/grpc-js)
#   openssl           : TLS integration tests (openssl s_client: ALPN, protocol versions, mTLS)
#   nghttp2-client    : HTTP/2 integration tests (nghttp) and h2load measurements
# Then the Node packages the tests require, pinned by tests/node/package-lock.json.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
packages=(clang zlib1g-dev curl nodejs openssl nghttp2-client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs ships without npm (NodeSource's includes it): ask for the npm package only then.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing ${missing[*]}; run as root or install them (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node packages: reinstalled when the lock file changed since the last install.
node_dir="$root/tests/node"
stamp="$node_dir/node_modules/.edge-lock-sha256"
want="$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "install-deps: npm ci in tests/node"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
