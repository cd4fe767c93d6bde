#!/usr/bin/env bash
# make bench-api: kiezgraph's reads against @neo4j/graphql 7 (served by
# @apollo/server 5 on Node.js) on the same Neo4j and data, in one job.
#
#   bench/api/run.sh                        full run: SIZES (default "5000 50000" actors),
#                                           writes bench/api/results.jsonl and bench/api/RESULTS.md
#   SIZES="5000" bench/api/run.sh           one size
#   BENCH_API_SIZE=tiny bench/api/run.sh    CI: 300 actors, one 1 s step per query and model;
#                                           checks and reports into a temporary directory
#
# Per size: `kiezgraph generate` (seed 1, five cooperations per actor),
# `kiezgraph import -bulk` and neo4j-admin into a fresh Neo4j of its own on
# a free port, `kiezgraph migrate`, then kiezgraph (ADMIN token) and the
# peer (installed with npm ci from bench/api/peer/package-lock.json) on
# it, then bench/api (apibench): the same-data check of every query,
# then the load. A query the peer answers with an error is reported and
# not loaded on the peer (the full run), or fails the run (tiny). Then,
# the peer stopped, `apibench pages` times the first and a deep page of
# every root list in every order, one request at a time. Everything started here is stopped at the end, also on
# failure or Ctrl-C. Variables (defaults of the full run):
#   RATES="25 35 50 70 100 140 200 280 400 560 800 1120 1600" STEP=10s
#                                                 open model: rising rates (steps of about √2,
#                                                 fine enough to tell 20 %), each for STEP
#   CLOSED="1 8 32" CLOSED_STEP=10s WARMUP=5s     closed model; warm-up per query and server, once
#                                                 through all queries first, then before its steps
#   BOUND=100ms STOP_P99=500ms                    the p99 of "sustained"; when the rates stop
#   QUERIES=Q1,Q3                                  only these queries
#   RESULTS=FILE REPORT=FILE                      where the JSON lines and the report go
#   BENCH_API_APPEND=1                            add to RESULTS instead of starting it anew
#                                                 (the report shows each size's latest run)
#   NO_PAGES=1                                    the load without the root-list pages after it
#   PAGES_ONLY=1                                  no peer and no load: only the root-list pages,
#                                                 one request at a time (SIZES=100000 for issue 14's
#                                                 page target); every full run times them after its load
#   BENCH_API_PORTS="7804 7805 7806"              Neo4j, kiezgraph and peer ports (default: free ones)
#   BENCH_API_WORK=DIR KEEP=1                     working directory; keep it (city, database)
#   NEO4J_PAGECACHE (1g), NEO4J_JAVA_OPTS         for Neo4j (the full run uses the full JIT)
set -euo pipefail
set +m
cd "$(dirname -- "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD

log() { printf 'bench-api: %s\n' "$*" >&2; }

if [[ "${BENCH_API_SIZE:-}" == tiny ]]; then
    # Checks that the harness works, not speed: C1-only JIT starts Neo4j
    # faster, one short step per query and model.
    SIZES=${SIZES:-300}
    RATES=${RATES:-10} STEP=${STEP:-1s}
    CLOSED=${CLOSED:-4} CLOSED_STEP=${CLOSED_STEP:-1s} WARMUP=${WARMUP:-0s}
    export NEO4J_JAVA_OPTS="${NEO4J_JAVA_OPTS--XX:TieredStopAtLevel=1}"
    TINY=1
    ALLOW=() # the peer failing a query is the harness rotting
    PAGE_ARGS=(-requests 3 -warmup 1 -deep 100)
else
    SIZES=${SIZES:-"5000 50000"}
    RATES=${RATES:-"25 35 50 70 100 140 200 280 400 560 800 1120 1600"} STEP=${STEP:-10s}
    CLOSED=${CLOSED:-"1 8 32"} CLOSED_STEP=${CLOSED_STEP:-10s} WARMUP=${WARMUP:-5s}
    export NEO4J_JAVA_OPTS="${NEO4J_JAVA_OPTS-}"
    TINY=0
    ALLOW=(-allow-peer-errors) # the peer failing a query is a finding, reported
    PAGE_ARGS=()
fi
BOUND=${BOUND:-100ms} STOP_P99=${STOP_P99:-500ms} QUERIES=${QUERIES:-}
PAGES_ONLY=${PAGES_ONLY:-0}
export NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-1g}"

WORK=${BENCH_API_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/kg-bench-api.XXXXXX")}
mkdir -p "$WORK"
if ((TINY)); then
    RESULTS=${RESULTS:-$WORK/results.jsonl} REPORT=${REPORT:-$WORK/RESULTS.md}
else
    RESULTS=${RESULTS:-$ROOT/bench/api/results.jsonl} REPORT=${REPORT:-$ROOT/bench/api/RESULTS.md}
fi
[[ "${BENCH_API_APPEND:-0}" == 1 ]] || : >"$RESULTS"

# What is running now, for cleanup.
NEO4J_DIR= KG_PID= PEER_PID=
stop_servers() {
    local pid
    for pid in $KG_PID $PEER_PID; do
        kill -TERM "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    KG_PID= PEER_PID=
    if [[ -n "$NEO4J_DIR" ]]; then
        scripts/neo4j.sh stop "$NEO4J_DIR" || log "WARNING: could not stop Neo4j of $NEO4J_DIR"
        NEO4J_DIR=
    fi
}
# shellcheck disable=SC2317 # invoked via trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    stop_servers
    if [[ "${KEEP:-0}" == 1 || -n "${BENCH_API_WORK:-}" ]]; then
        log "kept $WORK"
    else
        rm -rf -- "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

freeport() { scripts/freeport.sh; }

# quiet LOG CMD...: runs CMD with its output in LOG, shown only when it fails.
quiet() {
    local logf=$1
    shift
    "$@" >>"$logf" 2>&1 || {
        local rc=$?
        tail -n 40 "$logf" >&2
        return "$rc"
    }
}
read -r -a PORTS <<<"${BENCH_API_PORTS:-}"

# wait_http NAME PID URL [CURL ARGS...]: until URL answers 200, or the process is gone.
wait_http() {
    local name=$1 pid=$2 url=$3 _
    shift 3
    for _ in $(seq 1 240); do
        kill -0 "$pid" 2>/dev/null || {
            log "$name exited during start"
            return 1
        }
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url" || true)" == 200 ]]; then return 0; fi
        sleep 0.25
    done
    log "$name did not answer within 60 s"
    return 1
}

log "building kiezgraph and apibench; installing the peer (npm ci)"
go build -o "$WORK/kiezgraph" ./cmd/kiezgraph
go build -o "$WORK/apibench" ./bench/api
# npm ci again only when the lock file changed since the last install.
if ! cmp -s bench/api/peer/package-lock.json bench/api/peer/node_modules/.installed-lock.json; then
    (cd bench/api/peer && npm ci --no-audit --no-fund --loglevel=error &&
        cp package-lock.json node_modules/.installed-lock.json)
fi
scripts/neo4j.sh build

COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git status --porcelain -- ':!bench/api' 2>/dev/null)" ]]; then COMMIT+=-dirty; fi

# A secret of this run alone signs the ADMIN token.
export KIEZGRAPH_JWT_SECRET
KIEZGRAPH_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')
KIEZGRAPH_TOKEN=$("$WORK/kiezgraph" token -sub bench-api -role ADMIN -ttl 24h)
export KIEZGRAPH_TOKEN

for n in $SIZES; do
    dir="$WORK/$n"
    rm -rf -- "$dir"
    mkdir -p "$dir"
    log "size $n: generating and loading the city"
    quiet "$dir/load.log" "$WORK/kiezgraph" generate -actors "$n" -links $((5 * n)) -seed 1 -out "$dir/city"
    quiet "$dir/load.log" "$WORK/kiezgraph" import -bulk "$dir/csv" "$dir/city"
    scripts/neo4j.sh bulk-import "$dir/neo4j" "$dir/csv" 2>&1 | tail -n 1 >&2
    neo4j_port=${PORTS[0]:-$(freeport)} kg_port=${PORTS[1]:-$(freeport)} peer_port=${PORTS[2]:-$(freeport)}
    NEO4J_DIR="$dir/neo4j"
    scripts/neo4j.sh start "$NEO4J_DIR" "$neo4j_port"
    export NEO4J_URI="bolt://127.0.0.1:$neo4j_port" NEO4J_USER=neo4j NEO4J_PASSWORD=unused NEO4J_DATABASE=neo4j
    "$WORK/kiezgraph" migrate 2>&1 | tail -n 1 >&2

    # As `make run` minus the demo city; rate limits off (they would
    # refuse the load; the peer has none) and warnings only in the log
    # (the peer logs nothing per request).
    KIEZGRAPH_ADDR="127.0.0.1:$kg_port" KIEZGRAPH_METRICS_ADDR=off KIEZGRAPH_RATE_LIMIT=0 LOG_LEVEL=WARN \
        "$WORK/kiezgraph" serve >"$dir/kiezgraph.log" 2>&1 </dev/null &
    KG_PID=$!
    wait_http kiezgraph "$KG_PID" "http://127.0.0.1:$kg_port/readyz"
    neo4j_pid=$(cat "$NEO4J_DIR/neo4j.pid")
    if ((PAGES_ONLY)); then
        log "size $n: timing root-list pages (Neo4j pid $neo4j_pid, kiezgraph $KG_PID)"
        "$WORK/apibench" pages -run-line "${PAGE_ARGS[@]}" -size "$n" -kiezgraph "http://127.0.0.1:$kg_port/graphql" \
            -neo4j-pid "$neo4j_pid" -clk-tck "$(getconf CLK_TCK)" -commit "$COMMIT" -out "$RESULTS"
        stop_servers
        [[ "${KEEP:-0}" == 1 ]] || rm -rf -- "$dir"
        continue
    fi
    PORT=$peer_port node bench/api/peer/server.mjs >"$dir/peer.log" 2>&1 </dev/null &
    PEER_PID=$!
    wait_http peer "$PEER_PID" "http://127.0.0.1:$peer_port/" -H 'Content-Type: application/json' -d '{"query":"{__typename}"}'

    log "size $n: checking and loading (Neo4j pid $neo4j_pid, kiezgraph $KG_PID, peer $PEER_PID)"
    "$WORK/apibench" -size "$n" \
        -kiezgraph "http://127.0.0.1:$kg_port/graphql" -kiezgraph-pid "$KG_PID" \
        -peer "http://127.0.0.1:$peer_port/" -peer-pid "$PEER_PID" \
        -neo4j-pid "$neo4j_pid" -clk-tck "$(getconf CLK_TCK)" \
        -rates "$RATES" -step "$STEP" -closed "$CLOSED" -closed-step "$CLOSED_STEP" -warmup "$WARMUP" \
        -bound "$BOUND" -stop-p99 "$STOP_P99" -queries "$QUERIES" \
        -node-version "$(node --version)" -commit "$COMMIT" -out "$RESULTS" "${ALLOW[@]}"
    # The peer stops first: the pages are timed one request at a time
    # on a machine running kiezgraph alone.
    kill -TERM "$PEER_PID" 2>/dev/null || true
    wait "$PEER_PID" 2>/dev/null || true
    PEER_PID=
    if [[ "${NO_PAGES:-0}" == 1 ]]; then
        stop_servers
        [[ "${KEEP:-0}" == 1 ]] || rm -rf -- "$dir"
        continue
    fi
    log "size $n: timing root-list pages"
    "$WORK/apibench" pages "${PAGE_ARGS[@]}" -size "$n" -kiezgraph "http://127.0.0.1:$kg_port/graphql" \
        -neo4j-pid "$neo4j_pid" -clk-tck "$(getconf CLK_TCK)" -commit "$COMMIT" -out "$RESULTS"
    stop_servers
    [[ "${KEEP:-0}" == 1 ]] || rm -rf -- "$dir"
done

"$WORK/apibench" report -in "$RESULTS" -out "$REPORT"
if ((TINY)); then cat "$REPORT"; else log "report: $REPORT"; fi
