#!/usr/bin/env bash
# Run Neo4j Community 5.26 (embedded in a small JVM launcher, Bolt only) for local dev and tests.
# No Docker needed: the jars come from Maven Central into <root>/.cache/m2 (git-ignored).
#
#   scripts/neo4j.sh build                  fetch jars + compile the launcher (no-op when up to date)
#   scripts/neo4j.sh start DATA_DIR PORT    start in the background, wait until Bolt answers
#   scripts/neo4j.sh stop DATA_DIR          SIGTERM, wait (60 s), then SIGKILL; no-op if not running
#   scripts/neo4j.sh status DATA_DIR        exit 0 if running, 3 if not
#   scripts/neo4j.sh bulk-import DATA_DIR CSV_DIR
#                                           replace the database of DATA_DIR (stopped) with the CSV
#                                           files of `kiezgraph import -bulk CSV_DIR` (neo4j-admin's
#                                           offline import); start it and run `kiezgraph migrate` after
#
# Files in DATA_DIR: neo4j.log (launcher stdout/stderr; previous run's log kept as neo4j.log.1),
# neo4j.pid, neo4j.port, data/ (store + tx logs), logs/debug.log (Neo4j's verbose log).
#
# Environment:
#   NEO4J_START_TIMEOUT  seconds to wait for readiness on start (default 180)
#   NEO4J_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default 60)
#   NEO4J_LISTEN_HOST    Bolt listen address (default 127.0.0.1)
#   NEO4J_PAGECACHE      page cache size (default 256m)
#   NEO4J_JAVA_OPTS      extra JVM flags, appended last (e.g. "-Xmx1g")
#   JAVA                 java binary (default: $JAVA_HOME/bin/java, else java on PATH)
#   MVN                  mvn binary (default: mvn)
#
# SECURITY: authentication is disabled. For local development and tests only; the default listen
# address is loopback.
#
# Exit codes: 0 ok, 1 error, 2 usage, 3 not running (status), 98 port already in use (start).
set -euo pipefail
set +m # no job control: the background JVM must keep the pid that $! reports

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
LAUNCHER_DIR="$ROOT/tools/neo4j-launcher"
M2_REPO="$ROOT/.cache/m2"
CLASSPATH_FILE="$LAUNCHER_DIR/target/classpath.txt"
CLASSES_DIR="$LAUNCHER_DIR/target/classes"
MAIN_CLASS="kiezgraph.launcher.Launcher"
MAIN_CLASS_FILE="$CLASSES_DIR/kiezgraph/launcher/Launcher.class"

START_TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"
HOST="${NEO4J_LISTEN_HOST:-127.0.0.1}"
PAGECACHE="${NEO4J_PAGECACHE:-256m}"

if [[ -n "${JAVA:-}" ]]; then
    :
elif [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA=java
fi
MVN="${MVN:-mvn}"

# JVM flags as used by Neo4j's own start scripts (neo4j.conf server.jvm.additional). Without the
# java.nio / sun.nio.ch opens Neo4j 5 fails on Java 17+.
JVM_FLAGS=(
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens=java.base/java.lang=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true
    -XX:+UseG1GC
    -Xms512m
    -Xmx2g
    -XX:-OmitStackTraceInFastThrow
    -XX:+DisableExplicitGC
    -Djdk.nio.maxCachedBufferSize=1024
    -Dlog4j2.disable.jmx=true
)

log() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() {
    log "$*"
    exit 1
}

usage() {
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }

# ---------------------------------------------------------------------------------------------
# build

check_java() {
    command -v "$JAVA" >/dev/null 2>&1 || die "java not found (need Java 17 or 21; e.g. apt-get install openjdk-17-jdk-headless)"
    local v major
    v=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
    major=${v%%.*}
    if [[ "$major" == 1 ]]; then major=$(cut -d. -f2 <<<"$v"); fi
    if ! is_uint "${major:-x}" || ((major < 17)); then
        die "Java 17+ required for Neo4j 5.26 (found '${v:-unknown}' from $JAVA)"
    fi
}

build_is_fresh() {
    [[ -s "$CLASSPATH_FILE" && -f "$MAIN_CLASS_FILE" ]] || return 1
    # Any pom/source change newer than the last successful build?
    if [[ -n "$(find "$LAUNCHER_DIR/pom.xml" "$LAUNCHER_DIR/src" -newer "$CLASSPATH_FILE" -print -quit)" ]]; then
        return 1
    fi
    if [[ "$MAIN_CLASS_FILE" -ot "$LAUNCHER_DIR/pom.xml" ]]; then
        return 1
    fi
    # All jars still present (e.g. .cache/ wiped while target/ survived)?
    local jar
    local -a jars
    IFS=: read -r -a jars <"$CLASSPATH_FILE"
    for jar in "${jars[@]}"; do
        [[ -f "$jar" ]] || return 1
    done
    return 0
}

do_build() {
    check_java
    if build_is_fresh; then
        return 0
    fi
    mkdir -p "$ROOT/.cache"
    # Serialise concurrent builds (e.g. several test runs calling with-neo4j.sh at once).
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$ROOT/.cache/neo4j-launcher.build.lock"
        flock 9
        if build_is_fresh; then
            exec 9>&-
            return 0
        fi
    fi
    command -v "$MVN" >/dev/null 2>&1 || die "mvn not found (e.g. apt-get install maven)"
    if [[ -d "$M2_REPO/org/neo4j/neo4j" ]]; then
        log "building launcher..."
    else
        log "building launcher; first run: fetching ~160 MB of jars into $M2_REPO..."
    fi
    local t0=$SECONDS tmp="$CLASSPATH_FILE.tmp"
    rm -f "$tmp"
    # Debian's Maven 3.8 prints stray ANSI resets even in -q -B mode: strip them and blank lines.
    local rc=0
    "$MVN" -q -B -Dstyle.color=never -f "$LAUNCHER_DIR/pom.xml" \
        "-Dmaven.repo.local=$M2_REPO" \
        compile dependency:build-classpath \
        "-Dmdep.outputFile=$tmp" \
        -Dmdep.includeScope=runtime 2>&1 |
        sed -e 's/\x1b\[[0-9;]*m//g' -e '/^[[:space:]]*$/d' >&2 || rc=$?
    if ((rc != 0)); then
        rm -f "$tmp"
        die "Maven build of $LAUNCHER_DIR failed"
    fi
    [[ -s "$tmp" && -f "$MAIN_CLASS_FILE" ]] || die "Maven build did not produce $tmp / $MAIN_CLASS_FILE"
    # Maven's incremental compile may leave the .class untouched; mark the build as done now.
    touch "$MAIN_CLASS_FILE"
    mv -f "$tmp" "$CLASSPATH_FILE"
    if command -v flock >/dev/null 2>&1; then exec 9>&-; fi
    log "launcher built in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------------------------------------
# process helpers

abs_dir() { # create (if needed) and print the absolute path of a directory
    mkdir -p -- "$1"
    (cd -- "$1" && pwd -P)
}

# True if PID exists and is not a zombie.
is_alive() {
    local pid=$1 state
    is_uint "$pid" || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -r "/proc/$pid/stat" ]]; then
        state=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1) || state=
        [[ "$state" != Z && "$state" != X ]] || return 1
    fi
    return 0
}

# True if PID is alive and is our launcher for DATA_DIR.
is_our_launcher() {
    local pid=$1 data=$2 cmdline
    is_alive "$pid" || return 1
    if [[ -r "/proc/$pid/cmdline" ]]; then
        cmdline=$(tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
        grep -qxF "$MAIN_CLASS" <<<"$cmdline" || return 1
        grep -qxF "$data" <<<"$cmdline" || return 1
    fi
    return 0
}

# Prints the pid of the launcher running for DATA_DIR, or fails.
running_pid() {
    local data=$1 pid
    [[ -f "$data/neo4j.pid" ]] || return 1
    pid=$(tr -dc '0-9' <"$data/neo4j.pid")
    is_our_launcher "$pid" "$data" || return 1
    printf '%s\n' "$pid"
}

port_open() { # host port
    # shellcheck disable=SC2016 # expanded by the inner bash
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# True if something else already owns HOST:PORT (listening, or bound so we cannot bind).
port_taken() { # host port
    local host=$1 port=$2
    port_open "$host" "$port" && return 0
    if command -v python3 >/dev/null 2>&1; then
        python3 - "$host" "$port" <<'PY' 2>/dev/null || return 0
import socket, sys
host, port = sys.argv[1], int(sys.argv[2])
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # like the JVM; ignores TIME_WAIT
try:
    s.bind((host, port))
finally:
    s.close()
PY
    fi
    return 1
}

log_tail() {
    local f=$1
    if [[ -f "$f" ]]; then
        log "----- last lines of $f -----"
        tail -n 40 "$f" >&2 || true
        log "-----"
    fi
}

# ---------------------------------------------------------------------------------------------
# commands

do_start() {
    local data port pid old_port
    data=$(abs_dir "$1")
    port=$2
    if ! is_uint "$port" || ((port < 1 || port > 65535)); then die "invalid port '$port'"; fi
    is_uint "$START_TIMEOUT" || die "NEO4J_START_TIMEOUT must be a number of seconds"
    local logf="$data/neo4j.log" pidf="$data/neo4j.pid" portf="$data/neo4j.port"

    if pid=$(running_pid "$data"); then
        old_port=$(cat "$portf" 2>/dev/null || true)
        if [[ -n "$old_port" && "$old_port" != "$port" ]]; then
            die "a launcher for $data is already running on port $old_port (pid $pid), not $port; stop it first"
        fi
        if grep -q '^READY bolt://' "$logf" 2>/dev/null && port_open "$HOST" "$port"; then
            log "already running for $data (pid $pid) on bolt://$HOST:$port"
            return 0
        fi
        log "launcher for $data is already starting (pid $pid); waiting for it"
    else
        rm -f "$pidf"
        if port_taken "$HOST" "$port"; then
            log "port $HOST:$port is already in use by another process; cannot start Neo4j there"
            exit 98
        fi
        do_build
        [[ -f "$logf" ]] && mv -f "$logf" "$logf.1"
        printf '%s\n' "$port" >"$portf"

        local -a cmd=("$JAVA" "${JVM_FLAGS[@]}")
        if [[ -n "${NEO4J_JAVA_OPTS:-}" ]]; then
            local -a extra
            read -r -a extra <<<"$NEO4J_JAVA_OPTS"
            cmd+=("${extra[@]}")
        fi
        cmd+=(-cp "$CLASSES_DIR:$(cat "$CLASSPATH_FILE")" "$MAIN_CLASS"
            --data "$data" --port "$port" --host "$HOST" --pagecache "$PAGECACHE"
            --start-timeout-seconds "$START_TIMEOUT")

        # Detach from our session/terminal (setsid) so the server outlives this script; with job
        # control off, setsid execs in place and $! is the JVM's pid. The Java argv contains the
        # main class and DATA_DIR on their own, which is how is_our_launcher recognises it.
        local -a detach=()
        if command -v setsid >/dev/null 2>&1; then detach=(setsid); fi
        log "starting Neo4j for $data on bolt://$HOST:$port (log: $logf)"
        "${detach[@]}" "${cmd[@]}" </dev/null >"$logf" 2>&1 &
        pid=$!
        printf '%s\n' "$pid" >"$pidf"
    fi

    local t0=$SECONDS deadline=$((SECONDS + START_TIMEOUT))
    while :; do
        # is_alive, not is_our_launcher: right after the fork the pid may not have exec'd java yet.
        if ! is_alive "$pid"; then
            log "Neo4j JVM (pid $pid) exited during startup"
            log_tail "$logf"
            rm -f "$pidf"
            if grep -qiE 'address already in use|BindException' "$logf" 2>/dev/null; then
                exit 98
            fi
            exit 1
        fi
        if grep -q '^READY bolt://' "$logf" 2>/dev/null && port_open "$HOST" "$port"; then
            log "Neo4j ready on bolt://$HOST:$port (pid $pid, $((SECONDS - t0))s)"
            return 0
        fi
        if ((SECONDS >= deadline)); then
            log "Neo4j did not become ready within ${START_TIMEOUT}s (NEO4J_START_TIMEOUT)"
            log_tail "$logf"
            do_stop "$data" || true
            exit 1
        fi
        sleep 0.25
    done
}

do_stop() {
    local data pid
    [[ -d "$1" ]] || {
        log "not running ($1 does not exist)"
        return 0
    }
    data=$(abs_dir "$1")
    is_uint "$STOP_TIMEOUT" || die "NEO4J_STOP_TIMEOUT must be a number of seconds"
    if ! pid=$(running_pid "$data"); then
        rm -f "$data/neo4j.pid"
        log "not running for $data"
        return 0
    fi
    local t0=$SECONDS deadline=$((SECONDS + STOP_TIMEOUT))
    log "stopping Neo4j for $data (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    while is_our_launcher "$pid" "$data"; do
        if ((SECONDS >= deadline)); then
            log "still running after ${STOP_TIMEOUT}s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            local _
            for _ in $(seq 1 50); do
                is_our_launcher "$pid" "$data" || break
                sleep 0.2
            done
            is_our_launcher "$pid" "$data" && die "pid $pid survived SIGKILL"
            break
        fi
        sleep 0.2
    done
    rm -f "$data/neo4j.pid"
    log "stopped ($((SECONDS - t0))s)"
}

do_status() {
    local data pid port
    [[ -d "$1" ]] || {
        echo "not running"
        exit 3
    }
    data=$(abs_dir "$1")
    if pid=$(running_pid "$data"); then
        port=$(cat "$data/neo4j.port" 2>/dev/null || echo "?")
        if [[ "$port" != "?" ]] && grep -q '^READY bolt://' "$data/neo4j.log" 2>/dev/null && port_open "$HOST" "$port"; then
            echo "running (pid $pid) bolt://$HOST:$port"
        else
            echo "running (pid $pid), not (yet) answering on port $port"
        fi
        return 0
    fi
    echo "not running"
    exit 3
}

# Neo4j's offline importer (neo4j-admin database import full) from the launcher's classpath, into
# the store the launcher serves: DatabaseManagementServiceBuilder(DATA_DIR) keeps it in
# DATA_DIR/data/databases/neo4j, which is where the admin tool puts it with NEO4J_HOME=DATA_DIR.
do_bulk_import() {
    local data csv pid
    data=$(abs_dir "$1")
    [[ -f "$2/import.args" ]] || die "$2/import.args not found: write it with kiezgraph import -bulk $2 FILES..."
    csv=$(cd -- "$2" && pwd -P)
    if pid=$(running_pid "$data"); then
        die "Neo4j is running for $data (pid $pid); stop it first: scripts/neo4j.sh stop $data"
    fi
    do_build
    local -a cmd=("$JAVA" "${JVM_FLAGS[@]}")
    if [[ -n "${NEO4J_JAVA_OPTS:-}" ]]; then
        local -a extra
        read -r -a extra <<<"$NEO4J_JAVA_OPTS"
        cmd+=("${extra[@]}")
    fi
    cmd+=(-cp "$(cat "$CLASSPATH_FILE"):$CLASSES_DIR" org.neo4j.cli.AdminTool
        database import full --overwrite-destination=true "@$csv/import.args" neo4j)
    log "importing $csv into $data/data/databases/neo4j with neo4j-admin"
    local t0=$SECONDS
    (cd -- "$data" && NEO4J_HOME="$data" NEO4J_CONF="$data/conf" "${cmd[@]}") || die "neo4j-admin import failed (report: $csv/import.report)"
    log "imported in $((SECONDS - t0))s; start Neo4j and run kiezgraph migrate to apply the schema"
}

action=${1:-}
shift || true
case "$action" in
build)
    [[ $# -eq 0 ]] || usage
    do_build
    ;;
start)
    [[ $# -eq 2 ]] || usage
    do_start "$1" "$2"
    ;;
stop)
    [[ $# -eq 1 ]] || usage
    do_stop "$1"
    ;;
status)
    [[ $# -eq 1 ]] || usage
    do_status "$1"
    ;;
bulk-import)
    [[ $# -eq 2 ]] || usage
    do_bulk_import "$1" "$2"
    ;;
-h | --help | help) usage ;;
*) usage ;;
esac
