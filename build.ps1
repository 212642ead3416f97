# Thin entry point: ./build.ps1 [build|test|publish|check|run|bench|load|deps] [extra msbuild args]
# The steps live in build/Edge.Build.proj, shared with build.sh.
param([string]$Target = "build", [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest)
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot
& dotnet msbuild build/Edge.Build.proj -nologo -v:m "-t:$Target" @Rest
exit $LASTEXITCODE
