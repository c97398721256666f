#!/usr/bin/env bash
# Publishes the self-contained `pvtcoms` executable reproducibly: the same commit gives the same bytes, whatever
# the checkout path, the clock or the order files were written in (docs/SUPPLY_CHAIN.md, ADR 0113).
#
#   scripts/publish.sh [--rid RID]... [--output DIR] [--no-archive]
#
# Default: every runtime in $(PvtcomsPublishRuntimeIdentifiers) (linux-x64 and win-x64), into artifacts/publish/.
# Writes DIR/RID/ (the published files) and, unless --no-archive, DIR/pvtcoms-RID.tar.gz (linux) or
# DIR/pvtcoms-RID.zip (windows), with sorted entries, fixed owner and every time set to SOURCE_DATE_EPOCH.
# SOURCE_DATE_EPOCH defaults to the commit time of HEAD. Restore runs in locked mode: a lock file that does not
# match the projects fails the publish instead of silently resolving other packages.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

rids=()
output="$root/artifacts/publish"
archive=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("$2"); shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --no-archive) archive=0; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "publish.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ "${#rids[@]}" -eq 0 ]; then
  rids=(linux-x64 win-x64)
fi
mkdir -p "$output"
output="$(cd "$output" && pwd)"

if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH="$(git -C "$root" log -1 --format=%ct)"
fi
export SOURCE_DATE_EPOCH
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for rid in "${rids[@]}"; do
  case "$rid" in
    linux-x64|win-x64) ;;
    *) echo "publish.sh: unsupported runtime identifier: $rid (linux-x64 or win-x64)" >&2; exit 2 ;;
  esac
  dest="$output/$rid"
  rm -rf "$dest"
  echo "publish.sh: $rid -> $dest (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
  dotnet publish src/Host/Pvtcoms.Host.csproj \
    -c Release \
    -r "$rid" \
    --self-contained true \
    -o "$dest" \
    -nologo -v quiet \
    -p:RestoreLockedMode=true \
    -p:ContinuousIntegrationBuild=true \
    -p:Deterministic=true \
    -p:PublishSingleFile=false \
    -p:PublishReadyToRun=false \
    -p:PublishTrimmed=false \
    -p:PvtcomsReproduciblePublish=true \
    -p:GenerateDocumentationFile=false
  # File times carry no meaning in the output; pin them so that archives and copies are byte-identical.
  find "$dest" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

  if [ "$archive" -eq 1 ]; then
    python3 "$root/scripts/deterministic_archive.py" "$dest" "$output" "pvtcoms-$rid" "$rid"
  fi
done
