#!/usr/bin/env bash
# Print a currently free local TCP port (on 127.0.0.1). Usage: scripts/freeport.sh
# Uses python3 (kernel-assigned ephemeral port) when available, else probes random ports in bash.
# There is an unavoidable race between picking a port and binding it; callers should retry on
# "port in use" (scripts/neo4j.sh start exits 98 in that case).
set -euo pipefail

if command -v python3 >/dev/null 2>&1; then
    exec python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
'
fi

for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    # shellcheck disable=SC2016 # expanded by the inner bash
    if ! timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null; then
        echo "$port"
        exit 0
    fi
done
echo "freeport.sh: no free port found" >&2
exit 1
