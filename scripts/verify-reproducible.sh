#!/usr/bin/env bash
# Checks that scripts/publish.sh is reproducible: clones the commit twice into two different temporary
# directories (different path lengths, so a leaked checkout path cannot hide), publishes in each, and compares
# the file lists and the SHA-256 of every published file and archive. Prints the differing files on failure.
#
#   scripts/verify-reproducible.sh [--rid RID]... [--commit REV] [--keep]
#
# Default: both runtimes (linux-x64 and win-x64), the commit HEAD. Only committed work is checked: what a
# fresh clone of the commit builds is what a user rebuilding it gets. Exit 0 when every file matches.
# Output lines "reproducible: RID ok" / "reproducible: RID FAILED" (./test.sh counts them).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

rids=()
commit="HEAD"
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rids+=("$2"); shift 2 ;;
    --commit) commit="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "verify-reproducible.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ "${#rids[@]}" -eq 0 ]; then
  rids=(linux-x64 win-x64)
fi

sha="$(git -C "$root" rev-parse --verify "$commit^{commit}")"
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no)" ] && [ "$commit" = "HEAD" ]; then
  echo "verify-reproducible.sh: note: uncommitted changes are not part of the check (commit $sha is)" >&2
fi
export SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH="$(git -C "$root" log -1 --format=%ct "$sha")"

work="$(mktemp -d "${TMPDIR:-/tmp}/pvtcoms-repro.XXXXXX")"
cleanup() { if [ "$keep" -eq 0 ]; then rm -rf "$work"; else echo "kept: $work" >&2; fi; }
trap cleanup EXIT

# Two checkouts whose paths differ in name and length.
dir_a="$work/a"
dir_b="$work/second-checkout/of/the/same/commit"
for dir in "$dir_a" "$dir_b"; do
  mkdir -p "$(dirname "$dir")"
  git clone --quiet --no-checkout --no-hardlinks "$root" "$dir"
  git -C "$dir" -c advice.detachedHead=false checkout --quiet --detach "$sha"
done

# Lists "sha256  ./relative/path" for every file under a folder, sorted by path.
manifest() {
  local base="$1"
  (cd "$base" && find . \( -type f -o -type l \) -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum --)
}

overall=0
for rid in "${rids[@]}"; do
  ok=1
  for dir in "$dir_a" "$dir_b"; do
    if ! "$dir/scripts/publish.sh" --rid "$rid" --output "$dir/artifacts/publish" >"$work/publish-$rid-$(basename "$dir").log" 2>&1; then
      echo "verify-reproducible.sh: publish of $rid failed in $dir; log:" >&2
      tail -n 40 "$work/publish-$rid-$(basename "$dir").log" >&2
      ok=0
    fi
  done
  if [ "$ok" -eq 1 ]; then
    manifest "$dir_a/artifacts/publish" | grep " ./$rid/\| ./pvtcoms-$rid\." >"$work/$rid.a.sha256" || true
    manifest "$dir_b/artifacts/publish" | grep " ./$rid/\| ./pvtcoms-$rid\." >"$work/$rid.b.sha256" || true
    count="$(wc -l <"$work/$rid.a.sha256")"
    if [ "$count" -lt 10 ]; then
      echo "verify-reproducible.sh: $rid: only $count files were published" >&2
      ok=0
    elif ! diff -u <(cut -c67- "$work/$rid.a.sha256") <(cut -c67- "$work/$rid.b.sha256") >"$work/$rid.lists.diff"; then
      echo "verify-reproducible.sh: $rid: the two publishes have different file lists:" >&2
      cat "$work/$rid.lists.diff" >&2
      ok=0
    elif ! cmp -s "$work/$rid.a.sha256" "$work/$rid.b.sha256"; then
      echo "verify-reproducible.sh: $rid: these files differ between the two checkouts:" >&2
      join -j 2 <(sort -k2 "$work/$rid.a.sha256") <(sort -k2 "$work/$rid.b.sha256") \
        | awk '$2 != $3 { print "  " $1 }' >&2
      ok=0
    else
      echo "verify-reproducible.sh: $rid: $count files identical (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH, commit $sha)"
      if [ -n "${PVTCOMS_REPRO_MANIFEST_DIR:-}" ]; then
        mkdir -p "$PVTCOMS_REPRO_MANIFEST_DIR"
        cp "$work/$rid.a.sha256" "$PVTCOMS_REPRO_MANIFEST_DIR/pvtcoms-$rid.sha256"
      fi
    fi
  fi
  if [ "$ok" -eq 1 ]; then
    echo "reproducible: $rid ok"
  else
    echo "reproducible: $rid FAILED"
    overall=1
  fi
done
exit "$overall"
