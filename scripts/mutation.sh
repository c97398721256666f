#!/usr/bin/env bash
# Mutation testing of src/Protocol with dotnet-stryker (local tool, .config/dotnet-tools.json).
# Not part of test.sh: a full run takes long (see docs/MUTATION.md for the last figures).
#
#   scripts/mutation.sh                 mutate all of src/Protocol in one Stryker run
#   scripts/mutation.sh Crypto Ratchet  mutate those folders of src/Protocol, one Stryker run per folder
#   scripts/mutation.sh --summary       only print the score of the reports already in StrykerOutput/
#
# Each run writes StrykerOutput/<part>/reports/mutation-report.json (+ .md). At the end the script prints the
# score per folder and in total over every report in StrykerOutput/ and exits non-zero when the total is
# under the break threshold (85 %) or a Stryker run failed. Environment: STRYKER_CONCURRENCY (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
threshold=85
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

folders=(Crypto DirectoryRecords Handshake Identity Invites Messages Onion Ratchet Relay Sessions Wire Root)

summary_only=false
parts=()
for arg in "$@"; do
  case "$arg" in
    --summary) summary_only=true ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) parts+=("$arg") ;;
  esac
done

status=0
if [ "$summary_only" = false ]; then
  dotnet tool restore >/dev/null
  if [ "${#parts[@]}" -eq 0 ]; then
    rm -rf StrykerOutput
    parts=(all)
  fi
  for part in "${parts[@]}"; do
    case "$part" in
      all) pattern="**/*.cs" ;;
      Root) pattern="*.cs" ;;
      *)
        if [[ ! " ${folders[*]} " == *" $part "* ]]; then
          echo "unknown part '$part'; one of: ${folders[*]}" >&2; exit 2
        fi
        pattern="**/$part/**/*.cs" ;;
    esac
    out="$root/StrykerOutput/$part"
    rm -rf "$out"
    echo "== stryker: $part ($pattern)"
    started=$(date +%s)
    # break-at 0 here: the threshold is applied once, below, to the whole of what was measured.
    (cd tests/Protocol.Tests && dotnet stryker --skip-version-check -b 0 -m "$pattern" \
        -c "${STRYKER_CONCURRENCY:-2}" -O "$out") || status=$?
    echo "== $part took $(( $(date +%s) - started )) s"
  done
fi

shopt -s nullglob
# Oldest first: in the merge below a newer verdict on a mutant replaces an older one.
found=(StrykerOutput/*/reports/mutation-report.json)
reports=()
if [ "${#found[@]}" -gt 0 ]; then
  mapfile -t reports < <(ls -1tr "${found[@]}")
fi
if [ "${#reports[@]}" -eq 0 ]; then
  echo "no mutation report under StrykerOutput/" >&2
  exit 1
fi

# Score = detected / (detected + undetected); detected = Killed + Timeout, undetected = Survived + NoCoverage
# (compile errors and mutants Stryker ignores do not count, as in Stryker's own report). Reports are merged per
# mutant (file, position, mutator, replacement), oldest first: a newer report's verdict on a mutant replaces an
# older one, and a mutant a newer run left out (outside its mutate filter) keeps its older verdict.
jq -rs '
  def measured: . == "Killed" or . == "Timeout" or . == "Survived" or . == "NoCoverage";
  (reduce (.[] | .files | to_entries[] | .key as $file | .value.mutants[]
           | { key: "\($file | capture("src/Protocol/(?<rest>.*)$").rest // $file)|\(.location.start.line):\(.location.start.column)|\(.mutatorName)|\(.replacement)",
               status: .status }) as $m
     ({}; if ($m.status | measured) or (has($m.key) | not) then .[$m.key] = $m.status else . end))
  | to_entries
  | map({ folder: (.key | split("|")[0] | if test("/") then split("/")[0] else "(root)" end), status: .value })
  | map(select(.status | measured))
  | group_by(.folder)
  | map({ folder: .[0].folder,
          killed: (map(select(.status == "Killed" or .status == "Timeout")) | length),
          survived: (map(select(.status == "Survived")) | length),
          nocov: (map(select(.status == "NoCoverage")) | length) })
  | (map(.killed) | add) as $k | (map(.survived) | add) as $sv | (map(.nocov) | add) as $nc
  | (map("\(.folder)\t\(.killed)\t\(.survived)\t\(.nocov)\t\(10000 * .killed / (.killed + .survived + .nocov) | round / 100)")
     | ["folder\tkilled\tsurvived\tno-coverage\tscore %"] + .)
    + ["TOTAL\t\($k)\t\($sv)\t\($nc)\t\(10000 * $k / ($k + $sv + $nc) | round / 100)"]
  | .[]' "${reports[@]}" | column -t -s $'\t' | tee StrykerOutput/summary.txt

total=$(tail -n 1 StrykerOutput/summary.txt | awk '{print $NF}')
echo "mutation score: $total % (break at $threshold %)"
if awk -v s="$total" -v t="$threshold" 'BEGIN { exit !(s < t) }'; then
  echo "mutation score under $threshold %" >&2
  exit 1
fi
exit "$status"
