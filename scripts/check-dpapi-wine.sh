#!/usr/bin/env bash
# The Windows DPAPI device-key backend (issue 4 point 1, ADR 0121), run for real: the self-contained win-x64
# `pvtcoms.exe` under Wine (Debian's wine64), whose crypt32 implements CryptProtectData/CryptUnprotectData.
# It proves our side of the contract (backend chosen without a passphrase, the file format, the entropy binding,
# refusal of a tampered blob or key id without a fresh identity), not Microsoft's implementation of DPAPI.
#
#   scripts/check-dpapi-wine.sh [WIN_X64_PUBLISH_DIR]
#
# Without an argument it publishes win-x64 first (scripts/publish.sh). Exit 0 when every check passed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

wine="$(command -v wine64 || true)"
[ -n "$wine" ] || wine=/usr/lib/wine/wine64
[ -x "$wine" ] || { echo "check-dpapi-wine: wine64 is not installed (Debian package wine64)" >&2; exit 2; }
wineserver="$(dirname "$wine")/wineserver"
[ -x "$wineserver" ] || wineserver="$(command -v wineserver || echo wineserver)"

work="$(mktemp -d)"
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mshtml="
cleanup() { "$wineserver" -k >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

publish_dir="${1:-}"
if [ -z "$publish_dir" ]; then
  "$root/scripts/publish.sh" --rid win-x64 --output "$work/publish" --no-archive >/dev/null
  publish_dir="$work/publish/win-x64"
fi
exe="$publish_dir/pvtcoms.exe"
[ -f "$exe" ] || { echo "check-dpapi-wine: no $exe" >&2; exit 2; }

"$wine" wineboot --init >/dev/null 2>&1
data="$work/data"
mkdir -p "$data"
export PVTCOMS_DATA_DIR="Z:${data//\//\\}"
unset PVTCOMS_PASSPHRASE
key="$data/profiles/dpapi/device-key"
checks=0
pass() { checks=$((checks + 1)); echo "check-dpapi-wine: ok: $*"; }
fail() { echo "check-dpapi-wine: FAIL: $*" >&2; exit 1; }
pvtcoms() { "$wine" "$exe" "$@" </dev/null | tr -d '\r'; }
flip_byte() { python3 -c 'import sys; p, i = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[i] ^= 1; open(p, "wb").write(bytes(b))' "$1" "$2"; }

# 1. init with no passphrase anywhere: only a keystore backend can create the device key.
out="$(pvtcoms init --profile dpapi 2>&1)" || fail "init: $out"
fingerprint="$(sed -n 's/.*identity \([0-9a-f]\{4\}\( [0-9a-f]\{4\}\)\{3\}\);.*/\1/p' <<<"$out")"
[ -n "$fingerprint" ] || fail "init printed no identity: $out"
pass "init created the profile without a passphrase"

# 2. The device-key file says WindowsDpapi (magic PVTK, version 1, backend 0x02) and holds a DPAPI blob
#    (DATA_BLOB version 1 after the 22-byte header and its 2-byte length).
header="$(od -An -tx1 -N6 "$key" | tr -d ' \n')"
[ "$header" = "5056544b0102" ] || fail "device-key header is $header, expected PVTK v1 backend 0x02"
blob_version="$(od -An -tx1 -j24 -N4 "$key" | tr -d ' \n')"
[ "$blob_version" = "01000000" ] || fail "no DPAPI blob after the header (got $blob_version)"
pass "device key stored by the WindowsDpapi backend"

# 3. A second start unwraps the same key: the same identity.
[ "$(pvtcoms whoami --profile dpapi 2>&1)" = "$fingerprint" ] || fail "whoami after a restart is not $fingerprint"
pass "a restart unwraps the same device key (identity $fingerprint)"

# 4. A tampered blob, and a changed key id (the DPAPI entropy binds it), are refused with the keystore error;
#    the file is left as it was (no fresh identity) and the original opens again.
cp "$key" "$work/device-key.orig"
size="$(stat -c %s "$key")"
for what in "blob:$((size - 1))" "key id:8"; do
  flip_byte "$key" "${what#*:}"
  cp "$key" "$work/device-key.tampered"
  if err="$(pvtcoms whoami --profile dpapi 2>&1)"; then fail "tampered ${what%%:*} accepted: $err"; fi
  grep -q "OS keystore refused" <<<"$err" || fail "tampered ${what%%:*}: unexpected error: $err"
  cmp -s "$key" "$work/device-key.tampered" || fail "tampered ${what%%:*}: the device-key file was replaced"
  cp "$work/device-key.orig" "$key"
  pass "tampered ${what%%:*} refused, nothing replaced"
done
[ "$(pvtcoms whoami --profile dpapi 2>&1)" = "$fingerprint" ] || fail "the original device key no longer opens"
pass "the original device key opens again"
echo "check-dpapi-wine: ${checks} checks passed"
