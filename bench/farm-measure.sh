#!/usr/bin/env bash
# Decision 0300's measurements: the demo project rendered locally, then on a farm of 1, 2 and 3 workers
# (this machine, tiny model), each from a fresh project copy and an empty store. Prints one JSON line per run.
# usage: [KEEP_JSON=dir] bench/farm-measure.sh [workers...]   (default 1 2 3; needs redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d /tmp/pa-farm-measure-XXXX)"
export POSEANIMATE_HOME="$work/home"
port=$((20000 + RANDOM % 20000))
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis_pid=$!
pids=()
trap 'kill -9 "${pids[@]}" 2>/dev/null; kill $redis_pid 2>/dev/null; rm -rf "$work"' EXIT
sleep 0.5
copy() { mkdir -p "$1" && cp resources/demo/*.jpg resources/demo/*.png resources/demo/project.json "$1/"; }
pa() { node bin/poseanimate.mjs "$@"; }

copy "$work/warm" && pa render "$work/warm/project.json" >/dev/null 2>&1 # demo model + compiled graphs
copy "$work/local"
start=$(date +%s.%N)
pa render "$work/local/project.json" --json 2>/dev/null | node -e "
  const j = JSON.parse(require('fs').readFileSync(0)); const wall = $(date +%s.%N) - $start
  console.log(JSON.stringify({ run: 'local', seconds: j.seconds, stages: Object.fromEntries(Object.entries(j.stages).map(([k, s]) => [k, +s.seconds.toFixed(2)])) }))"
for w in "${@:-1 2 3}"; do
  for n in $w; do
    redis-cli -p "$port" flushall >/dev/null
    copy "$work/farm$n"
    pids=()
    for i in $(seq 1 "$n"); do
      node bin/poseanimate.mjs farm worker --queue "redis://127.0.0.1:$port" --store "$work/store$n" --model demo --name "w$i" 2>"$work/w$n-$i.log" &
      pids+=($!)
    done
    sleep 8 # the workers' engines start
    pa render "$work/farm$n/project.json" --farm "redis://127.0.0.1:$port" --store "$work/store$n" --json \
      2>"$work/client$n.log" >"$work/client$n.json" || { cat "$work/client$n.json" "$work/w$n-"*.log >&2; exit 1; }
    node -e "
        const j = JSON.parse(require('fs').readFileSync('$work/client$n.json'))
        const items = j.farm.items.filter((i) => i.worker)
        const busy = Object.fromEntries(Object.entries(j.farm.workers).map(([k, w]) => [k, [w.items, +w.seconds.toFixed(2)]]))
        console.log(JSON.stringify({ run: 'farm', workers: $n, seconds: +j.seconds.toFixed(2), items: items.length,
          itemSeconds: +items.reduce((s, i) => s + i.seconds, 0).toFixed(2), perWorker: busy }))"
    [ -n "${KEEP_JSON:-}" ] && cp "$work/client$n.json" "$KEEP_JSON/farm$n.json"
    du -sb "$work/store$n" | awk '{print "{\"storeBytes\":" $1 "}"}'
    kill -TERM "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true
    pids=()
  done
done
