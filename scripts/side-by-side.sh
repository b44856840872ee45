#!/usr/bin/env bash
# Times one klpct command in two checkouts side by side: the runs alternate (A, B, A, B, ...), so
# that the host's drift, which on shared machines moves a command's time by a third within
# minutes, falls on both builds alike. This is how docs/performance.md compares a change with the
# build before it ("side by side in one run of both builds", issue 14).
#
# Usage: scripts/side-by-side.sh [-n RUNS] DIR_A DIR_B -- KLPCT_ARGUMENTS...
#   DIR_A, DIR_B   two klpct checkouts, each run through its own ./klpct launcher (which builds
#                  its jar and class-data archive on first use); for a revision REV:
#                  git worktree add ../klpct-before REV
#   -n RUNS        measured runs of each (default 11), after one unmeasured run of each
#
# Prints, for A and for B: the median, smallest and largest wall time of the whole command and
# the median CPU time (user + system) of its process tree, from bash's `time`. A command whose
# exit status differs between A and B is said: their verdicts differ, and so may their work.
set -euo pipefail

runs=11
if [ "${1:-}" = -n ]; then
  runs="${2:-}"
  shift $(($# < 2 ? $# : 2))
fi
case "$runs" in '' | *[!0-9]* | 0)
  echo "side-by-side: -n wants a positive number of runs, not '$runs'" >&2
  exit 2
  ;;
esac
if [ $# -lt 3 ] || [ "$3" != -- ]; then
  # the header's usage paragraph: from "# Usage:" to the next blank comment line
  sed -n '/^# Usage:/,/^#$/{/^#$/d;p;}' "$0" >&2
  exit 2
fi
dirs=("$1" "$2")
shift 3
for d in "${dirs[@]}"; do
  if [ ! -x "$d/klpct" ]; then
    echo "side-by-side: no klpct launcher in $d" >&2
    exit 2
  fi
done

times="$(mktemp -d)"
trap 'rm -rf "$times"' EXIT

# One run of checkout $1 (0 or 1) with klpct's arguments after $2; with $2 = keep, its wall and
# CPU times and exit status are kept. The command's own output is dropped.
run() {
  local which="$1" keep="$2" status=0
  shift 2
  TIMEFORMAT='%R %U %S'
  { time "${dirs[$which]}/klpct" "$@" >/dev/null 2>&1 </dev/null || status=$?; } 2>"$times/last"
  if [ "$keep" = keep ]; then
    awk -v s="$status" '{ print $1, $2 + $3, s }' "$times/last" >>"$times/$which"
  fi
}

run 0 warm-up "$@"
run 1 warm-up "$@"
for ((i = 0; i < runs; i++)); do
  run 0 keep "$@"
  run 1 keep "$@"
done

# The median of a column of numbers (the middle one; the lower middle of an even count).
median() {
  sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

echo "klpct $*: $runs runs of each, alternated"
for which in 0 1; do
  f="$times/$which"
  label=$([ "$which" = 0 ] && echo A || echo B)
  printf '%s %s: wall median %s s (%s to %s), CPU median %s s\n' "$label" "${dirs[$which]}" \
    "$(cut -d' ' -f1 "$f" | median)" "$(cut -d' ' -f1 "$f" | sort -n | head -1)" \
    "$(cut -d' ' -f1 "$f" | sort -n | tail -1)" "$(cut -d' ' -f2 "$f" | median)"
done
a="$(cut -d' ' -f3 "$times/0" | sort -u | paste -sd, -)"
b="$(cut -d' ' -f3 "$times/1" | sort -u | paste -sd, -)"
if [ "$a" != "$b" ]; then
  echo "exit status differs: A $a, B $b"
fi
