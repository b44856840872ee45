#!/usr/bin/env bash
# Regenerates klpct's LKMM conformance data where herd7 is installed:
#
#   1. the generated corpus, checker/src/test/resources/lkmm-corpus/*.litmus, from
#      LkmmCorpus (checker/src/test/java/.../litmus/corpus), which is deterministic;
#   2. herd7's verdict for every corpus test and for every test of
#      integration-tests/src/test/resources/litmus-conformance/, view-machine-deviations/ and
#      view-machine-fixed/,
#      stored next to them as
#      herd7-verdicts.tsv: FILE <TAB> Never|Sometimes|Always <TAB> positive <TAB> negative
#      <TAB> flags (comma-separated, "-" for none).
#
# The build never runs herd7: LkmmCorpusTest and LitmusConformanceTest read the .tsv files.
#
# Usage: scripts/regenerate-lkmm-verdicts.sh [--verdicts-only | --dir DIR]
#   --verdicts-only  herd7 on the tests as they are, without regenerating the corpus
#   --dir DIR        herd7 on one of the four directories only
# Environment:
#   HERD7_HOME  a directory with bin/herd7 and lkmm/ (the kernel's tools/memory-model
#               linux-kernel.{cfg,bell,cat,def} and lock.cat); default ../shared/tools/herd7
#               relative to the repository
#   HERDLIB     herd7's own library (stdlib.cat, cross.cat, cos-opt.cat, ...), if herd7 was not
#               installed with it (herd7 says "Cannot find file stdlib.cat")
#   JOBS        herd7 processes at once (default 2)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERD7_HOME="${HERD7_HOME:-$ROOT/../shared/tools/herd7}"
HERD7="$HERD7_HOME/bin/herd7"
LKMM="$HERD7_HOME/lkmm"
JOBS="${JOBS:-2}"
CORPUS="$ROOT/checker/src/test/resources/lkmm-corpus"
CONFORMANCE="$ROOT/integration-tests/src/test/resources/litmus-conformance"
DEVIATIONS="$ROOT/integration-tests/src/test/resources/view-machine-deviations"
FIXED="$ROOT/integration-tests/src/test/resources/view-machine-fixed"

[ -x "$HERD7" ] || { echo "regenerate-lkmm-verdicts: no herd7 at $HERD7 (set HERD7_HOME)" >&2; exit 2; }
[ -f "$LKMM/linux-kernel.cat" ] || { echo "regenerate-lkmm-verdicts: no $LKMM/linux-kernel.cat" >&2; exit 2; }

ONLY=""
if [ "${1:-}" = "--dir" ]; then
  ONLY="$2"
elif [ "${1:-}" != "--verdicts-only" ]; then
  echo "generating the corpus into $CORPUS" >&2
  (cd "$ROOT" && ./mvnw -q -o -B test-compile -pl checker -am) >&2
  java -cp "$ROOT/checker/target/test-classes" dev.klpct.checker.litmus.corpus.LkmmCorpus "$CORPUS"
fi

# One line per file: name, verdict, positive, negative, flags; an ERROR line if herd7 fails.
verdict() {
  local f="$1" out line flags
  out=$("$HERD7" -I "$LKMM" -conf "$LKMM/linux-kernel.cfg" "$f" 2>&1) || true
  line=$(printf '%s\n' "$out" | grep -m1 '^Observation ' || true)
  if [ -z "$line" ]; then
    printf '%s\tERROR\t%s\n' "$(basename "$f")" "$(printf '%s' "$out" | tr '\n\t' '  ' | cut -c1-200)"
    return
  fi
  flags=$(printf '%s\n' "$out" | sed -n 's/^Flag //p' | sort | paste -sd, -)
  set -- $line   # Observation NAME Verdict POS NEG
  printf '%s\t%s\t%s\t%s\t%s\n' "$(basename "$f")" "$3" "$4" "$5" "${flags:--}"
}
export -f verdict
export HERD7 LKMM

for dir in "$CORPUS" "$CONFORMANCE" "$DEVIATIONS" "$FIXED"; do
  if [ -n "$ONLY" ] && [ "$(cd "$ONLY" && pwd)" != "$dir" ]; then
    continue
  fi
  echo "herd7 on $(ls "$dir"/*.litmus | wc -l) tests in $dir ($JOBS at a time)" >&2
  tmp=$(mktemp)
  find "$dir" -maxdepth 1 -name '*.litmus' -print0 | sort -z \
    | xargs -0 -n 1 -P "$JOBS" bash -c 'verdict "$0"' > "$tmp"
  {
    printf '# herd7 %s with the kernel'"'"'s tools/memory-model (%s), by scripts/regenerate-lkmm-verdicts.sh\n' \
      "$("$HERD7" -version | cut -d, -f1)" "$(grep -m1 '^variant' "$LKMM/linux-kernel.cfg" || echo 'no variant')"
    printf '# file\tverdict\tpositive\tnegative\tflags\n'
    sort "$tmp"
  } > "$dir/herd7-verdicts.tsv"
  rm -f "$tmp"
  if grep -q $'\tERROR\t' "$dir/herd7-verdicts.tsv"; then
    echo "herd7 failed on:" >&2
    grep $'\tERROR\t' "$dir/herd7-verdicts.tsv" >&2
  fi
done
echo "done" >&2
