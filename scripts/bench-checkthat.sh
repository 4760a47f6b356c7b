#!/usr/bin/env bash
# The CheckThat! 2020 Task 2 (English) scale benchmark: ranks the train and
# dev posts against the 10,375 verified claims with ClaimLens's matcher and,
# in the same run, with the README's BM25 reference baseline, and scores both
# by the task's official rules (MAP@5, plus MAP@1 and MRR).
#
#   CHECKTHAT_DIR   the benchmark's directory (default ../shared/bench/checkthat2020,
#                   relative to the repository root); absent -> skipped
#
# Outputs (the database and the runs) go to target/checkthat/.
set -euo pipefail
cd "$(dirname "$0")/.."

data="${CHECKTHAT_DIR:-../shared/bench/checkthat2020}"
if [ ! -f "$data/verified_claims.docs.tsv" ]; then
  echo "checkthat benchmark data not found at $data; skipping"
  exit 0
fi

cargo build --release --quiet --bin claimlens
bin=target/release/claimlens
out=target/checkthat
mkdir -p "$out"

"$bin" import-checkthat "$data/verified_claims.docs.tsv" > "$out/db.json" 2> "$out/import.log"
claims="$(grep -oE '[0-9]+ claims imported' "$out/import.log" | cut -d' ' -f1)"

# name of each ranking command's engine, as it appears in the table
declare -A label=([rank]=ClaimLens [rank-bm25]=BM25)
declare -A map5 rows timing

for split in dev train; do
  for cmd in rank rank-bm25; do
    run="$out/$split.$cmd.trec"
    # stderr carries the timing line: "TAG: indexed N claims in X s; ranked ..."
    "$bin" "$cmd" "$out/db.json" "$data/$split/tweets.queries.tsv" > "$run" 2> "$out/$split.$cmd.log"
    timing[$split.$cmd]="$(grep -E '^[a-z0-9]+: indexed' "$out/$split.$cmd.log" | tail -n 1)"
    scores="$("$bin" score "$data/$split/tweet-vclaim-pairs.qrels" "$run")"
    get() { awk -v k="$1" '$1 == k { print $2 }' <<< "$scores"; }
    map5[$split.$cmd]="$(get MAP@5)"
    rows[$split.$cmd]="$(printf '%-6s %-10s %7s %7s %7s %7s' \
      "$split" "${label[$cmd]}" "$(get queries)" "$(get MAP@5)" "$(get MAP@1)" "$(get MRR)")"
  done
done

echo
echo "CheckThat! 2020 Task 2 (English): $claims verified claims"
printf '%-6s %-10s %7s %7s %7s %7s\n' split system queries MAP@5 MAP@1 MRR
for split in dev train; do
  for cmd in rank rank-bm25; do
    echo "${rows[$split.$cmd]}"
  done
done
echo
for split in dev train; do
  awk -v s="$split" -v a="${map5[$split.rank]}" -v b="${map5[$split.rank-bm25]}" \
    'BEGIN { printf "%-6s ClaimLens MAP@5 / BM25 MAP@5 = %.3f\n", s, (b > 0 ? a / b : 0) }'
done
echo
echo "ranking time (index built once per run, then every post ranked):"
for split in dev train; do
  for cmd in rank rank-bm25; do
    printf '  %-6s %s\n' "$split" "${timing[$split.$cmd]}"
  done
done
echo
echo "(BM25 is the reference baseline, not the product; runs and database in $out/)"
