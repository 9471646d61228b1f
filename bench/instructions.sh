#!/usr/bin/env bash
# Instructions (valgrind callgrind) that one pass over a dump costs, minus interpreter start-up: a measure of
# rsctparse's own work that does not move with the machine's load (wall-clock MB/s here moved 2x between runs).
#   bench/instructions.sh CHECKOUT split|parse|cli [DUMP]   (cli: the JSON Lines of python -m rsctparse DUMP)      (DUMP default: a 2 MB bench/gen_dump.py dump)
# Compare two commits with two checkouts (git worktree add /tmp/old COMMIT) on the same dump.
set -euo pipefail
checkout=$(cd "$1" && pwd)
mode=$2
dump=${3:-}
python=${PYTHON:-python3}
case $python in */*) python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")" ;; esac  # the pass runs in /
if [ -z "$dump" ]; then
    dump=$(mktemp)
    trap 'rm -f "$dump"' EXIT
    "$python" "$checkout/bench/gen_dump.py" --mb 2 -o "$dump"
fi
count() {  # $1: 1 to make the pass, 0 for start-up only
    (cd / && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$python" -c "
import sys; sys.path.insert(0, '$checkout'); import rsctparse
try: import rsctparse._split as st
except ImportError: import rsctparse._stream as st  # checkouts before the split
list(rsctparse.iter_sections([b'# lssrc -a\n', b' a b 1 active\n']))  # imports and a first section
for _ in rsctparse.COMMANDS.values(): pass  # every command's module (loaded on first use since e92d68a)
if '$mode' == 'cli':  # the CLI's JSON Lines, written to /dev/null (its imports made in the start-up pass)
    import rsctparse._cli as cli
    try: import rsctparse._jsonl
    except ImportError: pass  # checkouts before it
    out = open('/dev/null', 'w')
    if $1:
        cli.main(['$dump'], stdout=out, stderr=out)
elif $1:
    for _ in (st.split_raw if '$mode' == 'split' else rsctparse.iter_sections)('$dump'):
        pass
" 2>&1 | grep -o "Collected : [0-9]*" | grep -o "[0-9]*")
}
base=$(count 0)
total=$(count 1)
if [ -z "$base" ] || [ -z "$total" ]; then echo "instructions.sh: the pass failed (run it without valgrind to see why)" >&2; exit 1; fi
echo "$checkout $mode $(basename "$dump"): $(( (total - base) / 1000000 )) M instructions"
