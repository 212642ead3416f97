#!/usr/bin/env bash
# Thin entry point: ./build.sh [build|test|publish|check|run|bench|load|deps] [extra msbuild args]
# The steps live in build/Edge.Build.proj so build.ps1 runs exactly the same ones.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-build}"
[ $# -gt 0 ] && shift
exec dotnet msbuild build/Edge.Build.proj -nologo -v:m -t:"$target" "$@"
