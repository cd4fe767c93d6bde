#!/usr/bin/env bash
# Run a command against a throw-away Neo4j (see scripts/neo4j.sh):
#
#   scripts/with-neo4j.sh CMD [ARGS...]
#
# Picks a free local port, starts Neo4j on a fresh temp data dir, exports
#   NEO4J_URI=bolt://127.0.0.1:PORT NEO4J_USER=neo4j NEO4J_PASSWORD=unused NEO4J_DATABASE=neo4j
# runs CMD, then always stops Neo4j and deletes the data dir (set KEEP_NEO4J_DATA=1 to keep it).
# Exits with CMD's exit code. Progress messages go to stderr.
# Auth is disabled on this instance (local dev/test only), so any user/password is accepted.
# Unless NEO4J_JAVA_OPTS is set (even to ""), the JVM runs C1-only (-XX:TieredStopAtLevel=1): this
# roughly halves Neo4j's start time on a busy 2-core machine and is plenty for test-sized queries.
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
NEO4J_SH="$SCRIPT_DIR/neo4j.sh"

log() { printf 'with-neo4j.sh: %s\n' "$*" >&2; }

if [[ $# -eq 0 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/kiezgraph-neo4j.XXXXXX")

# shellcheck disable=SC2317 # invoked via trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    "$NEO4J_SH" stop "$DATA_DIR" || log "WARNING: stopping Neo4j failed (data dir $DATA_DIR)"
    if [[ "${KEEP_NEO4J_DATA:-0}" == 1 ]]; then
        log "kept Neo4j data dir: $DATA_DIR"
    else
        rm -rf -- "$DATA_DIR"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

export NEO4J_JAVA_OPTS="${NEO4J_JAVA_OPTS--XX:TieredStopAtLevel=1}"

# Build first (may download jars on the first run) so its time doesn't count against start.
"$NEO4J_SH" build

PORT=
for attempt in 1 2 3; do
    PORT=$("$SCRIPT_DIR/freeport.sh")
    rc=0
    NEO4J_LISTEN_HOST=127.0.0.1 "$NEO4J_SH" start "$DATA_DIR" "$PORT" || rc=$?
    if [[ $rc -eq 0 ]]; then
        break
    fi
    if [[ $rc -eq 98 && $attempt -lt 3 ]]; then
        log "port $PORT was taken meanwhile; retrying with another port"
        continue
    fi
    log "could not start Neo4j (exit $rc)"
    exit "$rc"
done

export NEO4J_URI="bolt://127.0.0.1:$PORT"
export NEO4J_USER=neo4j
export NEO4J_PASSWORD=unused
export NEO4J_DATABASE=neo4j
export NEO4J_DATA_DIR="$DATA_DIR"

# Run CMD as a background child and wait for it, so that a SIGTERM/SIGINT sent to this script is
# handled right away (bash defers traps while a foreground child runs): it is forwarded to CMD as
# SIGTERM, and Neo4j is stopped once CMD has exited. `<&0` keeps CMD's stdin (bash would otherwise
# give a background command /dev/null).
"$@" <&0 &
CHILD=$!
trap 'kill -TERM "$CHILD" 2>/dev/null || true' INT TERM HUP
rc=0
while :; do
    rc=0
    wait "$CHILD" || rc=$?
    # wait also returns (with 128+n) when one of the traps above fired; then CMD is still there.
    kill -0 "$CHILD" 2>/dev/null || break
done
exit "$rc"
