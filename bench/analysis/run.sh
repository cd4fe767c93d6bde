#!/usr/bin/env bash
# Times kiezgraph's exact betweenness + constraint against python-igraph,
# NetworkX and gonum on the same synthetic networks, in one run, and
# writes the ratios to bench/analysis/RESULTS.md.
#
#   bench/analysis/run.sh            10k/50k and 100k/500k (about an hour on 2 cores,
#                                    most of it igraph at 100k)
#   SIZES="10000:50000" bench/analysis/run.sh
#   SIZES="100000:500000" PEERS="" bench/analysis/run.sh   kiezgraph and sampling only
#   RESULTS_JSONL=FILE ...   append to FILE and report all of its runs
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${SIZES:-"10000:50000 100000:500000"}
GONUM_MAX_N=${GONUM_MAX_N:-20000} # gonum is serial and map-based: hours at 100k
PEERS=${PEERS-"igraph networkx"}  # PEERS="" times only kiezgraph (and sampling)
SAMPLES=${SAMPLES:-"2000 10000"}   # sources of the sampled runs, each checked against the exact top-k
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -c 'import igraph' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check igraph==1.0.0
python3 -c 'import networkx' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check networkx==3.6.1
go build -o "$work/analysisbench" ./bench/analysis
results=${RESULTS_JSONL:-"$work/results.jsonl"} # set to gather several runs in one report
for size in $SIZES; do
  n=${size%:*}; m=${size#*:}
  "$work/analysisbench" -n "$n" -m "$m" -edges "$work/edges-$n.txt"
  # Peak memory (KiB) and CPU time (user, system) of each run from GNU time.
  runs=(kiezgraph gonum)
  for k in $SAMPLES; do (( k < n )) && runs+=("approx:$k"); done
  for run in "${runs[@]}"; do
    impl=${run%%:*}; k=${run#*:}; [[ $k == "$run" ]] && k=2000
    if [[ $impl == gonum && $n -gt $GONUM_MAX_N ]]; then continue; fi
    echo "running $impl on n=$n m=$m" >&2
    # approx reuses the exact scores of the kiezgraph run for its top-k check.
    /usr/bin/time -f '%M %U %S' -o "$work/rss" "$work/analysisbench" -n "$n" -m "$m" -impl "$impl" -k "$k" \
      -scores "$work/bc-$n.bin" -exact "$work/bc-$n.bin" >"$work/out"
    python3 - "$work/out" "$work/rss" >>"$results" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); rss, user, sys_ = open(sys.argv[2]).read().split()[-3:]
d["max_rss_mib"], d["cpu_s"] = int(rss) / 1024, float(user) + float(sys_)
d["load1_after"] = float(open("/proc/loadavg").read().split()[0])
print(json.dumps(d))
PY
  done
  for impl in $PEERS; do
    echo "running $impl on n=$n m=$m" >&2
    /usr/bin/time -f '%M %U %S' -o "$work/rss" python3 bench/analysis/peers.py "$work/edges-$n.txt" "$n" "$impl" 100 >"$work/out"
    python3 - "$work/out" "$work/rss" >>"$results" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); rss, user, sys_ = open(sys.argv[2]).read().split()[-3:]
d["max_rss_mib"], d["cpu_s"] = int(rss) / 1024, float(user) + float(sys_)
d["load1_after"] = float(open("/proc/loadavg").read().split()[0])
print(json.dumps(d))
PY
  done
done
python3 bench/analysis/report.py "$results" > bench/analysis/RESULTS.md
cat bench/analysis/RESULTS.md
