#!/usr/bin/env bash
# Runs every test of PipelineBot on a fresh Debian machine with the .NET SDK: installs what the tests need,
# builds warnings-as-errors, checks the formatting, runs the tests, and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")"

configuration=Release
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# What the tests need, installed only when missing (quick when it is there): Debian's chromium for the end-to-end
# tests (Playwright drives it; Playwright's own browsers are never downloaded) and the Web Chat bundle from npm, which
# the page serves (the build runs the same `npm ci` when web/node_modules is missing).
sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then $sudo apt-get update -qq; apt_updated=true; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
[ -x /usr/bin/chromium ] || apt_install chromium
# PostgreSQL's server binaries for the multi-instance tests, which start a throw-away cluster of their own in a temporary
# folder (initdb + pg_ctl); nothing system-wide is started or assumed.
command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
command -v npm >/dev/null || apt_install npm
[ -f web/node_modules/botframework-webchat/dist/webchat.js ] || (cd web && npm ci --no-audit --no-fund)

dotnet build PipelineBot.sln -c "$configuration" -nologo -clp:ErrorsOnly
dotnet format PipelineBot.sln --verify-no-changes --no-restore

status=0
dotnet test PipelineBot.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --results-directory "$results" || status=$?

# One closing line for people and CI alike, summed over the test projects' result files.
count() { grep -ho "<Counters [^>]*>" "$results"/*.trx | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{ s += $1 } END { print s + 0 }'; }
echo "tests: $(count passed) passed, $(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) )) failed, $(count notExecuted) skipped"
exit "$status"
