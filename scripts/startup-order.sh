#!/usr/bin/env bash
# Regenerates scripts/startup-order.txt: the functions the dashboard runs from its start to the
# first frame and back out, as the linker's --section-ordering-file (Makefile, RELEASE). Placed
# side by side, they fill a few hundred pages of code instead of being spread over the 20 MB of
# the binary: fewer page faults at every start and a smaller resident set (make bench).
# Needs the release binary (make build), valgrind and tmux. A name that no longer exists is
# simply not placed; run this again after larger changes.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "startup-order: valgrind fehlt (apt install valgrind)" >&2; exit 1; }
binary=.build/release/teamwork
work=$(mktemp -d)
trap 'tmux -L startup-order kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
# valgrind cannot read the binary's DWARF; the symbol table is enough.
strip --strip-debug -o "$work/teamwork" "$binary"
"$work/teamwork" init --db "$work/db.sqlite" >/dev/null
tmux -L startup-order new-session -d -x 80 -y 24 \
    "valgrind --tool=callgrind --separate-threads=yes --demangle=no --callgrind-out-file=$work/cg.out $work/teamwork --db $work/db.sqlite 2>$work/valgrind.log"
for _ in $(seq 120); do
    sleep 0.5
    tmux -L startup-order capture-pane -p | grep -q "Ende" && break
done
sleep 1
tmux -L startup-order send-keys q
for _ in $(seq 60); do
    sleep 0.5
    tmux -L startup-order has-session 2>/dev/null || break
done
python3 - "$work" "$binary" <<'PY'
import glob, re, subprocess, sys
work, binary = sys.argv[1], sys.argv[2]
names = set()
for path in glob.glob(work + "/cg.out*"):
    for line in open(path, errors="replace"):
        match = re.match(r"c?fn=\(\d+\)\s+(.+)$", line)
        if match:
            names.add(match.group(1).strip())
symbols = subprocess.run(["nm", "--defined-only", binary], capture_output=True, text=True, check=True).stdout
code = {p[2] for p in (l.split() for l in symbols.splitlines()) if len(p) == 3 and p[1] in "tTwW"}
hot = sorted(n for n in names if n in code)
if len(hot) < 500:
    sys.exit(f"startup-order: only {len(hot)} functions seen – did the dashboard start under valgrind?")
with open("scripts/startup-order.txt", "w") as out:
    out.writelines(f".text.{name}\n" for name in hot)
print(f"scripts/startup-order.txt: {len(hot)} functions")
PY
