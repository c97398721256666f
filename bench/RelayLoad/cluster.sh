#!/usr/bin/env bash
# Starts a throw-away PostgreSQL (Debian's postgresql package, loopback only, temporary data directory) and N
# `pvtcoms relay --cluster` nodes on 127.0.0.1, runs the load generator against all N fronts (--targets), then
# stops everything and deletes the data. Usage: bench/RelayLoad/cluster.sh N [RelayLoad options...]
# Build first: dotnet build src/Host -c Release && dotnet build bench/RelayLoad -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
nodes="${1:?number of nodes}"; shift
bin=$(ls -d /usr/lib/postgresql/*/bin | sort | tail -n 1)
root=$(mktemp -d /tmp/pvtcoms-clusterbench-XXXXXX)
password=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "$password" > "$root/pw"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$root"; as_pg=(runuser -u postgres --); fi
pg_port=$((26000 + RANDOM % 1000))
"${as_pg[@]}" "$bin/initdb" -D "$root/data" -U bench --pwfile "$root/pw" -A scram-sha-256 --no-sync >/dev/null
rm -f "$root/pw"
"${as_pg[@]}" "$bin/pg_ctl" start -w -D "$root/data" -l "$root/pg.log" \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $root -c max_connections=300" >/dev/null
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "${as_pg[@]}" "$bin/pg_ctl" stop -m fast -D "$root/data" >/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
export PVTCOMS_RELAY_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=bench;Password=$password;Database=postgres;Maximum Pool Size=50"
seeds=""; targets=""
for i in $(seq 0 $((nodes - 1))); do seeds+="${seeds:+,}127.0.0.1:$((27480 + i))"; done
for i in $(seq 0 $((nodes - 1))); do
  PVTCOMS_RELAY_CLUSTER=1 PVTCOMS_RELAY_SEED_NODES="$seeds" PVTCOMS_RELAY_CLUSTER_PORT=$((27480 + i)) \
  PVTCOMS_RELAY_LISTEN="127.0.0.1:$((27470 - i))" PVTCOMS_RELAY_DATA_DIR="$root/node$i" PVTCOMS_RELAY_POW=8 \
  PVTCOMS_RELAY_MAX_STORED_BLOBS=5000000 PVTCOMS_RELAY_PASSIVATE_SECONDS=5 \
    dotnet src/Host/bin/Release/net10.0/pvtcoms.dll relay --conf "$root/absent.conf" > "$root/node$i.log" 2>&1 &
  pids+=($!)
  targets+="${targets:+,}http://127.0.0.1:$((27470 - i))"
  if [ "$i" -eq 0 ]; then sleep 8; fi
done
for i in $(seq 0 $((nodes - 1))); do
  for _ in $(seq 1 240); do
    curl -sf -H 'Accept: text/plain' "http://127.0.0.1:$((27470 - i))/health" | grep -q "cluster_members_up $nodes" && break
    sleep 0.5
  done
done
dotnet bench/RelayLoad/bin/Release/net10.0/Pvtcoms.RelayLoad.dll --targets "$targets" "$@"
