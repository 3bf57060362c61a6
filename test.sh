#!/usr/bin/env bash
# Runs every test of PipelineBot on a fresh Debian machine with the .NET SDK: installs what the tests need,
# builds warnings-as-errors, checks the formatting, runs the tests, and prints one summary line.
set -euo pipefail
cd "$(dirname "$0")"

configuration=Release
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build PipelineBot.sln -c "$configuration" -nologo -clp:ErrorsOnly
dotnet format PipelineBot.sln --verify-no-changes --no-restore

status=0
dotnet test PipelineBot.sln -c "$configuration" --no-build -nologo \
  --logger "trx" --results-directory "$results" || status=$?

# One closing line for people and CI alike, summed over the test projects' result files.
count() { grep -ho "<Counters [^>]*>" "$results"/*.trx | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{ s += $1 } END { print s + 0 }'; }
echo "tests: $(count passed) passed, $(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) )) failed, $(count notExecuted) skipped"
exit "$status"
