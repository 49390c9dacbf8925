#!/bin/sh
# Runs the GUI test suite RUNS times in a row (default 5) while stress-ng keeps every core busy,
# and reports each run's outcome. A crash under load (a segfault, an abort) is a defect to fix at
# its cause; this is how to look for one. Needs stress-ng (apt-get install stress-ng) and `make test`'s venv.
set -u
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
command -v stress-ng >/dev/null || { echo "stress-ng is not installed (apt-get install stress-ng)" >&2; exit 2; }
stress-ng --cpu "$(nproc)" --timeout 3h --quiet &
stress=$!
trap 'kill $stress 2>/dev/null' EXIT INT TERM
failures=0
i=1
while [ "$i" -le "$runs" ]; do
    started=$(date +%s)
    QT_QPA_PLATFORM=offscreen .venv/bin/pytest -q -p no:cacheprovider tests/ui >"/tmp/stress-gui-$i.log" 2>&1
    rc=$?
    summary=$(tail -n 1 "/tmp/stress-gui-$i.log")
    echo "run $i: exit $rc in $(( $(date +%s) - started )) s: $summary"
    if grep -q "Fatal Python error" "/tmp/stress-gui-$i.log" || [ "$rc" -ne 0 ]; then
        failures=$((failures + 1))
    fi
    i=$((i + 1))
done
echo "$failures of $runs runs failed (logs: /tmp/stress-gui-N.log)"
[ "$failures" -eq 0 ]
