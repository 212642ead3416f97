#!/usr/bin/env bash
# Installs the Debian packages Edge's build and tests use, only those missing. Idempotent.
#   clang, zlib1g-dev : native AOT link (ILCompiler)
#   curl              : integration tests drive Edge with a real client
#   nodejs            : integration tests drive Edge with Node clients (net, http2)
#   openssl           : TLS integration tests (openssl s_client: ALPN, protocol versions, mTLS)
#   nghttp2-client    : HTTP/2 integration tests (nghttp) and h2load measurements
set -euo pipefail
packages=(clang zlib1g-dev curl nodejs openssl nghttp2-client)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root or install them (apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
