#!/usr/bin/env bash
# Times the commands of the README on the bundled library. Run from the project root.
set -euo pipefail
CUR=${CURRICULUM:-.venv/bin/curriculum}
OUT=$(mktemp -d /tmp/curriculum-bench.XXXX)
trap 'rm -rf "$OUT"' EXIT
mkdir -p bench/results
log=bench/results/$(date -u +%Y%m%dT%H%M%SZ).txt
measure() {  # name goal_seconds command...
  local name=$1 goal=$2; shift 2
  local start end ms verdict=ok
  start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  (( ms > goal * 1000 )) && verdict=SLOW
  printf '%-40s %6d.%01d s  (goal < %s s)  %s\n' "$name" $((ms / 1000)) $((ms % 1000 / 100)) \
    "$goal" "$verdict" | tee -a "$log"
}
measure "validate" 10 "$CUR" validate
measure "plan (police, gb)" 3 "$CUR" plan -a law-enforcement -c gb
measure "one pack (police, gb, facilitator)" 15 "$CUR" build -a law-enforcement -c gb -e facilitator --out "$OUT/one"
measure "full build from empty" 600 "$CUR" build --out "$OUT/full"
measure "full build again, nothing changed" 30 "$CUR" build --out "$OUT/full"
echo "results in $log"
