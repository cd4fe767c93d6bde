#!/usr/bin/env bash
# Import benchmark: the importer against a plain batched UNWIND loader on
# a synthetic city, in one run against a throw-away Neo4j; then the
# offline path (kiezgraph import -bulk, neo4j-admin, start + migrate) into
# a second, fresh Neo4j, phase by phase.
#
#   bench/import/run.sh [-actors 100000] [-links 500000] [-seed 1] [-batch 5000] [-workers 2]
#
# Neo4j runs with the full JIT (not the C1-only default of the test
# launcher, which is tuned for start-up) and a 1 GiB page cache, so that
# the figures are about steady throughput; override with NEO4J_JAVA_OPTS
# and NEO4J_PAGECACHE. Takes several minutes for the default size.
set -euo pipefail
cd "$(dirname -- "${BASH_SOURCE[0]}")/../.."
export NEO4J_JAVA_OPTS="${NEO4J_JAVA_OPTS-}"
export NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-1g}"
bin=$(mktemp -d "${TMPDIR:-/tmp}/kiezgraph-bench-bin.XXXXXX")
trap 'rm -rf -- "$bin"' EXIT
go build -o "$bin/import-bench" ./bench/import
scripts/with-neo4j.sh "$bin/import-bench" "$@"
