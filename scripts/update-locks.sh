#!/usr/bin/env bash
# Regenerates every packages.lock.json after a package or project change (a new PackageVersion in
# Directory.Packages.props, a new project, a merge of branches that each changed packages), then shows which
# lock files changed. Commit them with the change that caused them; ./test.sh and scripts/publish.sh restore
# in locked mode and fail on a lock file that no longer matches its project.
#
#   scripts/update-locks.sh
#
# Every project of Pvtcoms.sln is re-evaluated (--force-evaluate), for every runtime in
# $(PvtcomsPublishRuntimeIdentifiers) where the project restores for them (all of src/). Projects outside the
# solution are re-evaluated too when they have a lock file. Then the lock files are checked: locked-mode
# restore of the solution and of a linux-x64 and a win-x64 publish restore of src/Host, and the package floors.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet restore Pvtcoms.sln --force-evaluate -nologo -v quiet

# Projects with a lock file that the solution does not list (e.g. a fuzz harness built on its own).
in_solution="$(dotnet sln Pvtcoms.sln list | tail -n +3)"
while IFS= read -r -d '' project; do
  relative="${project#./}"
  if ! grep -qxF "$relative" <<<"$in_solution"; then
    echo "update-locks.sh: also restoring $relative (not in Pvtcoms.sln)"
    dotnet restore "$relative" --force-evaluate -nologo -v quiet
  fi
done < <(find . \( -name bin -o -name obj -o -name artifacts -o -name .git \) -prune -o -name '*.csproj' -print0 | LC_ALL=C sort -z)

echo "update-locks.sh: checking the new lock files in locked mode"
dotnet restore Pvtcoms.sln --locked-mode -nologo -v quiet
# As `dotnet publish -r RID` restores: RuntimeIdentifier (singular) joins the locked RuntimeIdentifiers. (Not
# `dotnet restore -r RID`: that replaces RuntimeIdentifiers and so never matches a lock file with two runtimes.)
for rid in linux-x64 win-x64; do
  dotnet restore src/Host/Pvtcoms.Host.csproj --locked-mode -p:RuntimeIdentifier="$rid" -p:SelfContained=true -nologo -v quiet
done
# The publish restores above wrote RID-specific assets; restore once more without a RID so that a normal build
# of the checkout starts from the solution's assets again.
dotnet restore Pvtcoms.sln --locked-mode -nologo -v quiet
"$root/scripts/check-package-floors.sh"

git status --short -- '*packages.lock.json' || true
