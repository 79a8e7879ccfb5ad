#!/usr/bin/env bash
# The benchmarks from an application that references the library as a user's app does
# (bench/Autograd.AppBench: a PackageReference to Autograd.Client from a local folder), each beside
# PyTorch in the same run (bench/reference/app.py).
#
#   bench/app-bench.sh              pack, build, start a 3-member loopback cluster, run the app, stop the cluster
#   bench/app-bench.sh --embedded   the same without the cluster (no remote rows)
#
# Packs Autograd.Nodes and Autograd.Client into artifacts/packages with a version of its own
# (0.1.0-bench.<UTC timestamp>), so the NuGet cache never serves an older build, and restores the app
# against that version. The cluster is deploy/local-cluster.sh's (mutual TLS with its development
# certificates), run from .run/app-bench on the first free block of 3 ports from 4153; it is stopped
# on exit, however the script ends.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
APP=$ROOT/bench/Autograd.AppBench
PACKAGES=$ROOT/artifacts/packages
VERSION=0.1.0-bench.$(date -u +%Y%m%d%H%M%S)
MEMBERS=3
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case ${1:-} in
  "") remote=true ;;
  --embedded) remote=false ;;
  *) echo "usage: $0 [--embedded]" >&2; exit 2 ;;
esac

echo "machine: $(nproc) CPUs, $(uptime)"

# Older bench packages are of no further use (the NuGet cache keeps its own copies).
rm -f "$PACKAGES"/Autograd.*.0.1.0-bench.*.nupkg
for project in Autograd.Nodes Autograd.Client; do
  echo "packing $project $VERSION"
  dotnet pack "$ROOT/src/$project/$project.csproj" -c Release -o "$PACKAGES" -p:PackageVersion="$VERSION" -v quiet
done
echo "building bench/Autograd.AppBench against $VERSION"
dotnet build "$APP" -c Release -p:AutogradVersion="$VERSION" -v quiet
app_dll=$APP/bin/Release/net10.0/Autograd.AppBench.dll

# No listener on any of the $MEMBERS ports from $1.
ports_free() {
  local listening i
  listening=$(ss -Htln | awk '{print $4}')
  for ((i = 0; i < MEMBERS; i++)); do
    grep -q ":$(($1 + i))\$" <<<"$listening" && return 1
  done
  return 0
}

args=()
if $remote; then
  export AUTOGRAD_RUN_DIR=$ROOT/.run/app-bench
  # The members run the current source: build them now rather than use an older build.
  echo "building src/Autograd.Host"
  dotnet build "$ROOT/src/Autograd.Host" -c Release -v quiet
  # Other engineers' clusters may hold the default ports: take the first free block of $MEMBERS.
  port=4153
  until ports_free "$port"; do port=$((port + 10)); done
  trap '"$ROOT/deploy/local-cluster.sh" stop' EXIT
  "$ROOT/deploy/local-cluster.sh" start "$MEMBERS" "$port"
  eval "$("$ROOT/deploy/local-cluster.sh" client-env)"
  args=(--connect "127.0.0.1:$port")
fi

dotnet "$app_dll" "${args[@]}"
echo "machine after: $(uptime)"
