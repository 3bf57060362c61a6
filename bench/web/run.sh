#!/usr/bin/env bash
# Page load of the web pages with a year of data on SQLite (README, "Speed"): the on-call calendar (/app) and the SLA
# review of last month (/app/sla), each under wrk for DURATION seconds, signed in with a session cookie.
#
#   bench/web/run.sh
#
# The bot runs the ReadyToRun build on a fresh SQLite file; seed-year.js reports a run per pipeline per day for the
# last 365 days through the signed intake (one in twenty failed, so incidents too); a sign-in link is stored straight
# into the database (the chat that would send it is not part of the measure) and used once for the session cookie.
# Env: OUT [/tmp/pipelinebot-web], DURATION [10], CONNS [8], THREADS [2].
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-/tmp/pipelinebot-web}
DURATION=${DURATION:-10}; CONNS=${CONNS:-8}; THREADS=${THREADS:-2}
SECRET=web-bench-secret
PORT=5104
command -v wrk >/dev/null || { echo "wrk not found: apt-get update && apt-get install -y wrk" >&2; exit 1; }
command -v sqlite3 >/dev/null || { echo "sqlite3 not found: apt-get install -y sqlite3" >&2; exit 1; }
mkdir -p "$OUT"; rm -f "$OUT"/web.db*
dotnet publish src/PipelineBot.Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/app" -nologo -clp:ErrorsOnly >/dev/null

env ASPNETCORE_URLS=http://127.0.0.1:$PORT "PipelineBot__Storage__ConnectionString=Data Source=$OUT/web.db" PipelineBot__WebChat__Enabled=false \
  PipelineBot__Alerts__WebhookSecret=$SECRET dotnet "$OUT/app/PipelineBot.dll" >"$OUT/bot.log" 2>&1 &
bot=$!
trap 'kill $bot 2>/dev/null || true; wait $bot 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -sf -o /dev/null http://127.0.0.1:$PORT/readyz && break; sleep 0.2; done

node bench/web/seed-year.js http://127.0.0.1:$PORT $SECRET
token=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
sqlite3 "$OUT/web.db" "INSERT INTO SignInLinks (TokenHash, MemberId, ExpiresAt) VALUES ('$hash', 'de-manager', 9999999999999999999 / 10)"
cookie=$(curl -s -o /dev/null -D - -X POST -d "token=$token" http://127.0.0.1:$PORT/app/sign-in | sed -n 's/^[Ss]et-[Cc]ookie: \(pipelinebot-session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "sign-in failed" >&2; exit 1; }

month=$(date -u -d "$(date -u +%Y-%m-01) -1 month" +%Y-%m)
printf 'page\treq/s\tp50 ms\tp99 ms\tmax ms\tKB\n' | tee "$OUT/web.tsv"
for page in "/app" "/app/sla?month=$month"; do
  size=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$PORT$page" | wc -c)
  curl -sf -o /dev/null -H "Cookie: $cookie" "http://127.0.0.1:$PORT$page"
  wrk -t2 -c"$CONNS" -d3s -H "Cookie: $cookie" "http://127.0.0.1:$PORT$page" >/dev/null
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$PORT$page" >"$OUT/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }' "$OUT/wrk.txt"; }
  max=$(awk '/Latency/ && !done { v = $4; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v; done = 1 }' "$OUT/wrk.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$OUT/wrk.txt")
  [ -z "$non2xx" ] || { echo "$page: $non2xx answers were not 2xx" >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$page" "$rps" "$(ms 50%)" "$(ms 99%)" "$max" "$((size / 1024))" | tee -a "$OUT/web.tsv"
done
