#!/usr/bin/env bash
# Runs every test project of the solution. Installs from Debian what the tests need when it is missing,
# then prints one closing line: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

# Debian packages the test suites need: tor (private Tor network), chromium + emoji font (Playwright UI tests),
# a session bus + gnome-keyring + secret-tool (the Secret Service device-key backend test), postgresql (relay cluster
# tests), afl++ (the fuzz stage).
debian_packages=(tor chromium fonts-noto-color-emoji dbus-daemon dbus-bin gnome-keyring libsecret-tools postgresql afl++)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
# wine64 runs the Windows DPAPI device-key check (ADR 0121); without Wine's recommended extras.
if ! dpkg-query -W -f='${Status}' wine64 2>/dev/null | grep -q "install ok installed"; then
  echo "Installing from Debian: wine64"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  [ "${#missing[@]}" -gt 0 ] || $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends wine64
fi

results="test-results"
rm -rf "$results"
mkdir -p "$results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Supply chain (docs/SUPPLY_CHAIN.md): restore only what the committed lock files name, then build without
# restoring again.
dotnet restore Pvtcoms.sln --locked-mode -nologo -v quiet
dotnet build Pvtcoms.sln -c Release --no-restore -nologo -v quiet
status=0
dotnet test Pvtcoms.sln -c Release --no-build --logger "trx" --results-directory "$results" || status=$?

# Counted checks beside the test projects: each adds 1 to passed or failed in the closing line.
extra_passed=0; extra_failed=0
count_check() {
  local name="$1"; shift
  if "$@"; then
    extra_passed=$((extra_passed + 1))
  else
    echo "check failed: $name" >&2
    extra_failed=$((extra_failed + 1)); status=1
  fi
}
# Every resolved package (and the shipped runtime) at or above its floor in supply-chain/floors.tsv.
count_check "package floors" scripts/check-package-floors.sh
# Reproducible publish: two clones of HEAD in different directories publish byte-identical files. CI runs
# linux-x64 only (time budget, ADR 0113); PVTCOMS_REPRO_RIDS="linux-x64 win-x64" checks both, "none" skips.
for rid in ${PVTCOMS_REPRO_RIDS:-linux-x64}; do
  [ "$rid" = "none" ] && continue
  count_check "reproducible publish $rid" scripts/verify-reproducible.sh --rid "$rid"
done
# Windows DPAPI device-key backend, run for real under Wine (ADR 0121): init, restart, tampered blob and key id.
count_check "DPAPI device key under Wine" scripts/check-dpapi-wine.sh

passed=0; failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "${#trx_files[@]}" -eq 0 ]; then
  echo "no test results were written" >&2
  status=1
fi
passed=$((passed + extra_passed)); failed=$((failed + extra_failed))

# Fuzz stage (docs/FUZZING.md, ADR 0111): afl-fuzz on every parser target for FUZZ_SECONDS each (default 20),
# two at a time; each target counts as one test. FUZZ_SECONDS=0 skips the stage.
fuzz_seconds="${FUZZ_SECONDS:-20}"
if [ "$fuzz_seconds" != "0" ]; then
  fuzz_log="$results/fuzz.log"
  fuzz_status=0
  FUZZ_NO_BUILD=1 fuzz/run.sh "$fuzz_seconds" 2>&1 | tee "$fuzz_log" || fuzz_status=$?
  fuzz_counts=$(grep -E '^fuzz: [0-9]+ passed, [0-9]+ failed$' "$fuzz_log" | tail -n 1 || true)
  fp=$(sed -n 's/^fuzz: \([0-9]*\) passed.*/\1/p' <<<"$fuzz_counts")
  ff=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$fuzz_counts")
  passed=$((passed + ${fp:-0})); failed=$((failed + ${ff:-0}))
  if [ "$fuzz_status" -ne 0 ] || [ -z "$fuzz_counts" ]; then
    [ -z "$fuzz_counts" ] && failed=$((failed + 1))
    status=1
  fi
fi
echo "tests: ${passed} passed, ${failed} failed"
exit "$status"
