#!/usr/bin/env bash
# Fails when any security-relevant package resolved in a packages.lock.json (direct or transitive), or the .NET
# runtime the self-contained publish ships, is below its floor in supply-chain/floors.tsv.
#
#   scripts/check-package-floors.sh [--root DIR] [--floors FILE] [--no-framework]
#
# --root: the tree whose packages.lock.json files are checked (default: this checkout; bin/, obj/ and
# artifacts/ are skipped). --no-framework: skip the runtime check (it asks the SDK which runtime pack
# version a publish would ship). Prints one "below floor: ..." line per offender; exit 1 then, 2 on bad input.
set -euo pipefail
checkout="$(cd "$(dirname "$0")/.." && pwd)"
root="$checkout"
floors="$checkout/supply-chain/floors.tsv"
framework=1
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --floors) floors="$2"; shift 2 ;;
    --no-framework) framework=0; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "check-package-floors.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

mapfile -d '' lockfiles < <(find "$root" \( -name bin -o -name obj -o -name artifacts -o -name .git \) -prune \
  -o -name packages.lock.json -type f -print0 | LC_ALL=C sort -z)

frameworks=()
if [ "$framework" -eq 1 ]; then
  # The runtime packs a self-contained publish of pvtcoms ships: the SDK's LatestRuntimeFrameworkVersion for
  # net10.0, read from the SDK that global.json selects.
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
  sdk_version="$(cd "$checkout" && dotnet --version)"
  bundled="$dotnet_root/sdk/$sdk_version/Microsoft.NETCoreSdk.BundledVersions.props"
  if [ ! -f "$bundled" ]; then
    echo "check-package-floors.sh: $bundled not found (use --no-framework to skip the runtime check)" >&2
    exit 2
  fi
  frameworks=(--bundled-versions "$bundled")
fi

exec python3 "$checkout/scripts/check_package_floors.py" --floors "$floors" "${frameworks[@]}" "${lockfiles[@]}"
