#!/usr/bin/env bash
# The memory of the API's exports, measured by hand (README, "Exports
# through the API"): for each export, a fresh `kiezgraph serve` on the
# database of NEO4J_URI, one download as an admin, and then the
# server's peak resident memory (VmHWM of /proc/PID/status, start-up
# included) and the highest Go heap in use seen while it ran
# (go_memstats_heap_inuse_bytes of /metrics, read every 100 ms).
#
#   NEO4J_URI=bolt://127.0.0.1:7811 bench/exports/measure.sh [EXPORT...]
#
# EXPORT is a path below /export/ with its query, e.g. "gexf?people=true";
# the default is every network format and three list exports. Load a city
# first, e.g. `kiezgraph generate -actors 100000 -out DIR`, `make
# bulk-import FILES=DIR` (or kiezgraph import), and its map with
# `kiezgraph import -format geojson -key-property key DIR/places.geojson`.
# Prints one line per export: size, seconds, peak RSS and peak heap.
# Variables: KIEZGRAPH (default bin/kiezgraph, built when missing),
# PORT (default 18811) and METRICS_PORT (default 18812) on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${NEO4J_URI:?set NEO4J_URI to a loaded database}"
KIEZGRAPH=${KIEZGRAPH:-bin/kiezgraph}
PORT=${PORT:-18811}
METRICS_PORT=${METRICS_PORT:-18812}
[[ -x $KIEZGRAPH ]] || go build -o "$KIEZGRAPH" ./cmd/kiezgraph
export NEO4J_URI NEO4J_USER=${NEO4J_USER:-neo4j} NEO4J_PASSWORD=${NEO4J_PASSWORD:-unused}
export KIEZGRAPH_JWT_SECRET=${KIEZGRAPH_JWT_SECRET:-kiezgraph-measure-only-secret-0123456789}
export KIEZGRAPH_PSEUDONYM_KEY=${KIEZGRAPH_PSEUDONYM_KEY:-kiezgraph-measure-only-pseudonym-key}
TOKEN=$("$KIEZGRAPH" token -sub measure -role ADMIN)
if [[ $# -eq 0 ]]; then
  set -- "gexf" "gexf?people=true" "graphml?people=true" "cytoscape?people=true" "csv?people=true" \
    "gexf?scores=true" "geojson" "hsds" "lists/actors.csv" "lists/actors.xlsx" "lists/cooperations.xlsx"
fi
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT
printf '%-28s %12s %8s %10s %10s\n' export bytes seconds "peak RSS" "peak heap"
for exp in "$@"; do
  KIEZGRAPH_ADDR=127.0.0.1:$PORT KIEZGRAPH_METRICS_ADDR=127.0.0.1:$METRICS_PORT LOG_LEVEL=warn \
    "$KIEZGRAPH" serve >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  heapmax=0
  curl -fs -o "$OUT" -w '%{size_download} %{time_total}\n' -H "Authorization: Bearer $TOKEN" \
    "http://127.0.0.1:$PORT/export/$exp" >"$OUT.stat" &
  cpid=$!
  while kill -0 "$cpid" 2>/dev/null; do
    h=$(curl -fs "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^go_memstats_heap_inuse_bytes /{printf "%d", $2}')
    (( ${h:-0} > heapmax )) && heapmax=$h
    sleep 0.1
  done
  wait "$cpid" || echo "$exp: download failed" >&2
  read -r size secs <"$OUT.stat"
  hwm=$(awk '/^VmHWM/{print $2}' "/proc/$pid/status")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  printf '%-28s %12s %8.1f %7d MiB %7d MiB\n' "$exp" "$size" "$secs" $((hwm / 1024)) $((heapmax / 1048576))
done
rm -f "$OUT.stat"
