#!/usr/bin/env bash
# Load test of PipelineBot beside the peers (Slack's Bolt, the Bot Framework SDK for JavaScript, the Microsoft 365
# Agents SDK) in one session, on the same requests. See README.md ("Speed").
#
#   bench/load/run.sh [slack] [teams] [incidents]        (default: all three)
#
# slack: ../shared/bench/peers/run-baselines.sh runs bolt and PipelineBot (its `custom` peer) on the signed
#        block_actions click, fresh processes, same drivers and checks.
# teams: run-baselines.sh runs botbuilder and agents (auth off, as they are configured); PipelineBot runs with JWT
#        validation ON (a local OpenID metadata + JWKS, one token reused for the run as Teams does), measured here the
#        same way: fake connector, 3 s warm-up, 10 s wrk -t2 -c32, replies counted at the connector, CPU from /proc.
# incidents: PipelineBot alone (the peers have no incident intake): signed POST /api/alerts with a distinct run each,
#        then signed Slack clicks on Acknowledge of those incidents; afterwards the stored incidents and
#        acknowledgements are counted in the SQLite file (sqlite3) against the answers wrk counted.
#        STORAGE=postgres runs it on a throw-away PostgreSQL cluster (initdb + pg_ctl in a temporary folder, fsync on,
#        as in production) instead of SQLite, counted with psql.
# Env: PEERS_DIR [../shared/bench/peers], OUT [/tmp/pipelinebot-load], DURATION [10], CONNS [32], THREADS [2], ROUNDS [2],
#      STORAGE [sqlite] (incidents only).
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$(pwd)
PEERS_DIR=$(cd "${PEERS_DIR:-$REPO/../shared/bench/peers}" && pwd)
OUT=${OUT:-/tmp/pipelinebot-load}
DURATION=${DURATION:-10}; CONNS=${CONNS:-32}; THREADS=${THREADS:-2}; ROUNDS=${ROUNDS:-2}
SECRET=8f742231b10e8888abcd99yyyzzz85a5
APP_ID=00000000-0000-0000-0000-00000000b07a
scenarios=("$@"); [ ${#scenarios[@]} -gt 0 ] || scenarios=(slack teams incidents)

command -v wrk >/dev/null || { echo "wrk not found: apt-get update && apt-get install -y wrk" >&2; exit 1; }
mkdir -p "$OUT"
# The build as the README publishes it for production (ReadyToRun).
dotnet publish src/PipelineBot.Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/app" -nologo -clp:ErrorsOnly >/dev/null
for peer in bolt botbuilder agents; do [ -d "$PEERS_DIR/$peer/node_modules" ] || (cd "$PEERS_DIR/$peer" && npm ci --silent); done

# The bot's settings for a run: its own fresh SQLite file, no web chat, pacing off (the fake connector is not Teams).
bot_env() { echo "env ASPNETCORE_URLS=http://127.0.0.1:$1 PipelineBot__Storage__ConnectionString=Data\\ Source=$OUT/bench-$1.db PipelineBot__WebChat__Enabled=false"; }

if [[ " ${scenarios[*]} " == *" slack "* ]]; then
  rm -f "$OUT"/bench-5101.db*
  CUSTOM_KIND=slack CUSTOM_PORT=5101 CUSTOM_READY_URL=http://127.0.0.1:5101/healthz \
  CUSTOM_CMD="$(bot_env 5101) PipelineBot__Slack__SigningSecret=$SECRET PipelineBot__Slack__ChannelLimits= dotnet $OUT/app/PipelineBot.dll" \
  OUT="$OUT/slack" DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS ROUNDS=$ROUNDS "$PEERS_DIR/run-baselines.sh" bolt custom
fi

if [[ " ${scenarios[*]} " == *" teams "* ]]; then
  OUT="$OUT/teams-peers" DURATION=$DURATION CONNS=$CONNS THREADS=$THREADS ROUNDS=$ROUNDS "$PEERS_DIR/run-baselines.sh" botbuilder agents

  pids=()
  stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }
  trap stop EXIT
  wait_up() { for _ in $(seq 1 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "$1 did not come up" >&2; return 1; }
  replies() { curl -s http://127.0.0.1:3199/__stats | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).replies))'; }
  ticks() { awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$1/stat"; }
  printf 'round\treq/s\tp50 ms\tp99 ms\tmax ms\tanswered\tconnector replies\tCPU ms/req\tCPU %% of 1 core\tRSS peak MB\n' | tee "$OUT/teams-pipelinebot.tsv"
  for round in $(seq 1 "$ROUNDS"); do
    rm -f "$OUT"/bench-5102.db*
    node "$PEERS_DIR/fake-connector.js" >"$OUT/connector.log" 2>&1 & pids+=($!)
    APP_ID=$APP_ID TOKEN_FILE="$OUT/token.txt" node bench/load/auth-server.js >"$OUT/auth.log" 2>&1 & pids+=($!)
    wait_up http://127.0.0.1:3199/__stats; wait_up http://127.0.0.1:3197/openid
    bash -c "exec $(bot_env 5102) PipelineBot__Teams__AppId=$APP_ID PipelineBot__Teams__TenantId=botframework.com PipelineBot__Teams__AppPassword=load-test \
      PipelineBot__Teams__OpenIdMetadataUrl=http://127.0.0.1:3197/openid PipelineBot__Teams__TokenEndpoint=http://127.0.0.1:3197/token \
      PipelineBot__Teams__ConversationLimits= dotnet $OUT/app/PipelineBot.dll" >"$OUT/bot-teams.log" 2>&1 & bot=$!; pids+=("$bot")
    wait_up http://127.0.0.1:5102/healthz
    drive() { PEERS_DIR=$PEERS_DIR BEARER_TOKEN=$(cat "$OUT/token.txt") timeout $(( $1 + 20 )) \
      wrk -t"$THREADS" -c"$CONNS" -d"$1s" --timeout 5s --latency -s bench/load/teams_message_auth.lua http://127.0.0.1:5102/api/messages; }
    drive 3 >/dev/null
    r0=$(replies); c0=$(ticks "$bot"); t0=$(date +%s.%N)
    drive "$DURATION" >"$OUT/teams-wrk-$round.txt"
    t1=$(date +%s.%N); c1=$(ticks "$bot"); sleep 1; r1=$(replies)
    result=$(grep WRK_RESULT "$OUT/teams-wrk-$round.txt")
    kv() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$result"; }
    hz=$(getconf CLK_TCK); n=$(kv requests)
    printf '%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%.3f\t%.0f\t%s\n' "$round" "$(kv rps)" "$(kv p50_ms)" "$(kv p99_ms)" "$(kv max_ms)" "$n" \
      "$((r1 - r0))" "$(awk "BEGIN { print ($c1 - $c0) * 1000 / $hz / $n }")" "$(awk "BEGIN { print ($c1 - $c0) * 100 / $hz / ($t1 - $t0) }")" \
      "$(awk '/^VmHWM:/ {printf "%.0f", $2/1024}' "/proc/$bot/status")" | tee -a "$OUT/teams-pipelinebot.tsv"
    grep -q 'err_status=0 ' <<<"$result" || echo "round $round: wrk saw non-2xx answers (see $OUT/teams-wrk-$round.txt)" >&2
    stop
  done
fi

if [[ " ${scenarios[*]} " == *" incidents "* ]]; then
  WEBHOOK=load-test-webhook-secret
  pids=()
  pg=""
  stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; pids=(); }
  stop_all() { stop; if [ -n "$pg" ]; then as_postgres "$pg_bin/pg_ctl" -D "$pg/data" -m fast stop >/dev/null; rm -rf "$pg"; pg=""; fi; }
  trap stop_all EXIT
  trap 'exit 1' INT TERM
  wait_up() { for _ in $(seq 1 150); do curl -sf -o /dev/null "$1" && return 0; sleep 0.2; done; echo "$1 did not come up" >&2; return 1; }
  if [ "${STORAGE:-sqlite}" = postgres ]; then
    # PostgreSQL refuses to run as root: the cluster is made and run as the postgres user then.
    as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    pg_bin=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")
    pg=$(mktemp -d); chmod 755 "$pg"; [ "$(id -u)" -ne 0 ] || chown postgres "$pg"
    as_postgres "$pg_bin/initdb" -D "$pg/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
    as_postgres "$pg_bin/pg_ctl" -D "$pg/data" -w -l "$pg/server.log" -o "-p 5433 -k $pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    psql_bench() { psql -h 127.0.0.1 -p 5433 -U postgres -d "$1" -tAq -c "$2"; }
    count() { psql_bench bench "$1"; }
    fresh_db() { psql_bench postgres "drop database if exists bench"; psql_bench postgres "create database bench"; }
    storage_env="PipelineBot__Storage__Provider=Postgres PipelineBot__Storage__ConnectionString=Host=127.0.0.1\\;Port=5433\\;Database=bench\\;Username=postgres"
  else
    command -v sqlite3 >/dev/null || { echo "sqlite3 not found: apt-get install -y sqlite3" >&2; exit 1; }
    count() { sqlite3 "$OUT/bench-5103.db" "$1"; }
    fresh_db() { rm -f "$OUT"/bench-5103.db*; }
    storage_env=""
  fi
  drive() { THREADS=$THREADS REQUESTS=$2 CONTENT_TYPE=$3 timeout $(( $1 + 30 )) wrk -t"$THREADS" -c"$CONNS" -d"$1s" --timeout 10s --latency -s bench/load/signed_posts.lua "$4" | grep RESULT; }
  printf 'round\trequest\treq/s\tp50 ms\tp99 ms\tmax ms\tanswers (201/200/other)\tstored\n' | tee "$OUT/incidents.tsv"
  for round in $(seq 1 "$ROUNDS"); do
    fresh_db
    node bench/load/slack-api.js >"$OUT/slack-api.log" 2>&1 & pids+=($!)
    bash -c "exec $(bot_env 5103) PipelineBot__Alerts__WebhookSecret=$WEBHOOK PipelineBot__Slack__SigningSecret=$SECRET \
      PipelineBot__Slack__BotToken=xoxb-load PipelineBot__Slack__ApiBaseUrl=http://127.0.0.1:3198/api/ PipelineBot__Slack__AlertChannel=C0ALERTS \
      PipelineBot__Slack__ChannelLimits= $storage_env dotnet $OUT/app/PipelineBot.dll" >"$OUT/bot-incidents.log" 2>&1 & pids+=($!)
    wait_up http://127.0.0.1:5103/healthz
    node bench/load/make-requests.js alerts 20000 "$WEBHOOK" warm >"$OUT/alerts-warm.txt"
    node bench/load/make-requests.js alerts 300000 "$WEBHOOK" "r$round" >"$OUT/alerts.txt"
    warm=$(drive 3 "$OUT/alerts-warm.txt" application/json http://127.0.0.1:5103/api/alerts)
    alerts=$(drive "$DURATION" "$OUT/alerts.txt" application/json http://127.0.0.1:5103/api/alerts)
    kv() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$2"; }
    created=$(( $(kv created "$warm") + $(kv created "$alerts") ))
    stored=$(count 'select count(*) from "Incidents"')
    printf '%s\talert\t%s\t%s\t%s\t%s\t%s/%s/%s\t%s incidents (201s: %s)\n' "$round" "$(kv rps "$alerts")" "$(kv p50_ms "$alerts")" "$(kv p99_ms "$alerts")" \
      "$(kv max_ms "$alerts")" "$(kv created "$alerts")" "$(kv ok "$alerts")" "$(kv other "$alerts")" "$stored" "$created" | tee -a "$OUT/incidents.tsv"
    # wrk stops counting at the deadline while the bot finishes what it was answering, so stored may exceed the 201s; never the reverse.
    [ "$stored" -ge "$created" ] || echo "round $round: $created alerts answered 201 but only $stored incidents stored" >&2
    # Every alert is on one pipeline: a storm, which must be one incident and one page, the rest linked to it.
    echo "round $round: $(count "select count(*) from \"Incidents\" where \"LinkedTo\" is null") unlinked incident(s), $(count "select count(*) from \"Notices\" where \"Kind\"='incident-opened'") page(s), $(count "select count(*) from \"Incidents\" where \"LinkedTo\" is not null") linked" | tee -a "$OUT/incidents.tsv"

    node bench/load/make-requests.js acks "$stored" "$SECRET" >"$OUT/acks.txt"
    # Slack gets its 200 at once and the work is queued: the run waits for it to drain (the fake Slack API's calls
    # stop: each click's answer is one of them), noting when, for the rate at which the clicks' work was done.
    slack_calls() { curl -s http://127.0.0.1:3198/__stats | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s);delete c.__stats;console.log(Object.values(c).reduce((a,b)=>a+b,0))})'; }
    t0=$(date +%s.%N)
    acks=$(drive "$DURATION" "$OUT/acks.txt" application/x-www-form-urlencoded http://127.0.0.1:5103/slack/interactions)
    calls=$(slack_calls); t1=$(date +%s.%N); quiet=0
    while [ "$quiet" -lt 8 ]; do
      sleep 0.25; now=$(slack_calls)
      if [ "$now" != "$calls" ]; then calls=$now; t1=$(date +%s.%N); quiet=0; else quiet=$((quiet + 1)); fi
    done
    acked=$(count "select count(*) from \"Incidents\" where \"State\"='acknowledged'")
    # wrk replays its list of clicks over and over: a repeat is Slack's retry of the same click, answered and dropped,
    # so the work done is one acknowledgement per incident.
    echo "round $round: $acked acknowledgements stored and answered in $(awk "BEGIN { printf \"%.1f s, %.0f per second\", $t1 - $t0, $acked / ($t1 - $t0) }")" | tee -a "$OUT/incidents.tsv"
    clicks=$(( $(kv ok "$acks") ))
    printf '%s\tack click\t%s\t%s\t%s\t%s\t%s/%s/%s\t%s acknowledged of %s distinct clicked (%s audit entries)\n' "$round" "$(kv rps "$acks")" "$(kv p50_ms "$acks")" \
      "$(kv p99_ms "$acks")" "$(kv max_ms "$acks")" "$(kv created "$acks")" "$clicks" "$(kv other "$acks")" "$acked" "$(( clicks < stored ? clicks : stored ))" \
      "$(count "select count(*) from \"AuditEntries\" where \"Action\"='acknowledged'")" | tee -a "$OUT/incidents.tsv"
    stop
  done
fi
