#!/usr/bin/env bash
# Start to ready: N starts of the published bot, each on a fresh SQLite file, timed from exec to the first 200 of
# GET /readyz. Prints the median and the max in milliseconds. See README.md ("Clocks and start").
#   bench/start/run.sh            (N=10, PORT=5399)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-10}; PORT=${PORT:-5399}; OUT=${OUT:-/tmp/pipelinebot-start}
mkdir -p "$OUT"
dotnet publish src/PipelineBot.Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/app" -nologo -clp:ErrorsOnly >/dev/null
for _ in $(seq 1 "$N"); do
  rm -f "$OUT"/start.db*
  t0=$(date +%s%N)
  ASPNETCORE_URLS=http://127.0.0.1:$PORT PipelineBot__Storage__ConnectionString="Data Source=$OUT/start.db" PipelineBot__WebChat__Enabled=false \
    dotnet "$OUT/app/PipelineBot.dll" >"$OUT/bot.log" 2>&1 &
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/readyz"; do sleep 0.01; done
  echo $(( ($(date +%s%N) - t0) / 1000000 ))
  kill "$pid"; wait "$pid" 2>/dev/null || true
done | sort -n | awk '{ ms[NR] = $1 } END { printf "start to ready over %d starts: median %d ms, max %d ms\n", NR, ms[int((NR + 1) / 2)], ms[NR] }'
