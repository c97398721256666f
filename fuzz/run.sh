#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of untrusted bytes (docs/FUZZING.md).
#
#   fuzz/run.sh [seconds-per-target] [target ...]
#
# Builds the driver (fuzz/Pvtcoms.Fuzz), copies its output to fuzz/out/bin, instruments the copies of
# Pvtcoms.Protocol.dll and Pvtcoms.Actors.dll (Tor namespace) with the local sharpfuzz tool, then runs afl-fuzz
# (AFL++ from Debian) on each target for the time box, FUZZ_JOBS targets at a time (default 2), starting from the
# committed corpus fuzz/corpus/<target>. A target fails when an input of its committed corpus throws, when afl-fuzz
# saved a crash or a hang, or when afl-fuzz could not run;
# each crashing input is printed as hex with the driver's replay of it. Prints one line per target and then
# "fuzz: N passed, N failed"; exits non-zero when any target failed.
#
# Environment: FUZZ_JOBS (parallel targets, default 2), FUZZ_TIMEOUT_MS (afl-fuzz -t, default 10000),
# FUZZ_NO_BUILD=1 (use the existing Release build), FUZZ_OUT (work folder, default fuzz/out).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if [ "$#" -gt 0 ]; then
  shift
fi
jobs="${FUZZ_JOBS:-2}"
timeout_ms="${FUZZ_TIMEOUT_MS:-10000}"
out="${FUZZ_OUT:-fuzz/out}"
driver_project="fuzz/Pvtcoms.Fuzz/Pvtcoms.Fuzz.csproj"
build_dir="fuzz/Pvtcoms.Fuzz/bin/Release/net10.0"

if ! [[ "$seconds" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: fuzz/run.sh [seconds-per-target] [target ...]" >&2
  exit 2
fi
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "afl-fuzz is missing: apt-get install afl++" >&2
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ "${FUZZ_NO_BUILD:-0}" != "1" ]; then
  dotnet build "$driver_project" -c Release -nologo -v quiet >/dev/null
fi
dotnet tool restore >/dev/null

rm -rf "$out"
mkdir -p "$out/findings" "$out/logs"
cp -r "$build_dir" "$out/bin"
dotnet tool run sharpfuzz "$out/bin/Pvtcoms.Protocol.dll" >/dev/null
dotnet tool run sharpfuzz "$out/bin/Pvtcoms.Actors.dll" Pvtcoms.Actors.Tor >/dev/null
driver="$out/bin/Pvtcoms.Fuzz.dll"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(dotnet "$driver" list)
fi
if [ "${#targets[@]}" -eq 0 ]; then
  echo "no fuzz targets: 'dotnet $driver list' printed none" >&2
  echo "fuzz: 0 passed, 1 failed"
  exit 1
fi

# afl-fuzz only warns about (and skips) a corpus input that crashes, so the committed corpus is replayed first with
# the uninstrumented build; a target with a throwing corpus input fails.
corpus_log="$out/logs/corpus-replay.log"
dotnet "$build_dir/Pvtcoms.Fuzz.dll" replay-corpus fuzz/corpus >"$corpus_log" 2>&1 || true

# afl-fuzz in a container, on a dotnet target: no CPU binding or governor check, no UI, no core_pattern demand,
# and no instrumentation marker in the "dotnet" binary (SharpFuzz instruments the managed assemblies instead).
export AFL_SKIP_BIN_CHECK=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1

fuzz_one() {
  local target="$1"
  if [ ! -d "fuzz/corpus/$target" ]; then
    echo "no corpus folder fuzz/corpus/$target" >"$out/logs/$target.log"
    echo 99 >"$out/logs/$target.status"
    return
  fi
  local status=0
  afl-fuzz -i "fuzz/corpus/$target" -o "$out/findings/$target" -t "$timeout_ms" -m none -V "$seconds" \
    -- dotnet "$driver" run "$target" >"$out/logs/$target.log" 2>&1 || status=$?
  echo "$status" >"$out/logs/$target.status"
}

running=0
for target in "${targets[@]}"; do
  fuzz_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

passed=0; failed=0
shopt -s nullglob
for target in "${targets[@]}"; do
  dir="$out/findings/$target/default"
  status="$(cat "$out/logs/$target.status" 2>/dev/null || echo 98)"
  crashes=("$dir"/crashes/id:*)
  hangs=("$dir"/hangs/id:*)
  execs="$(sed -n 's/^execs_done *: *//p' "$dir/fuzzer_stats" 2>/dev/null || true)"
  paths="$(sed -n 's/^corpus_count *: *//p' "$dir/fuzzer_stats" 2>/dev/null || true)"
  corpus_throws="$(awk -v t="$target" '$1 == t && /: THROWS /' "$corpus_log" || true)"
  if [ -n "$corpus_throws" ]; then
    failed=$((failed + 1))
    echo "fuzz: $target FAILED (a committed corpus input throws)"
    sed 's/^/    /' <<<"$corpus_throws"
    continue
  fi
  if [ "$status" = "0" ] && [ "${#crashes[@]}" -eq 0 ] && [ "${#hangs[@]}" -eq 0 ] && [ -n "$execs" ]; then
    passed=$((passed + 1))
    echo "fuzz: $target passed (${execs} execs, ${paths} corpus entries, ${seconds}s)"
    continue
  fi
  failed=$((failed + 1))
  echo "fuzz: $target FAILED (afl-fuzz status $status, ${#crashes[@]} crashes, ${#hangs[@]} hangs, log $out/logs/$target.log)"
  for input in "${crashes[@]}" "${hangs[@]}"; do
    echo "  input $(basename "$input"): $(od -An -v -tx1 "$input" | tr -d ' \n')"
    # Replayed by the uninstrumented build: instrumented code needs the coverage map only afl-fuzz sets up.
    (dotnet "$build_dir/Pvtcoms.Fuzz.dll" replay "$target" "$input" 2>&1 || true) | sed 's/^/    /' | head -n 20
  done
  if [ "${#crashes[@]}" -eq 0 ] && [ "${#hangs[@]}" -eq 0 ]; then
    tail -n 15 "$out/logs/$target.log" | sed 's/^/    /'
  fi
done

echo "fuzz: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
