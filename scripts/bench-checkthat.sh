#!/usr/bin/env bash
# The CheckThat! 2020 Task 2 (English) scale benchmark: ranks the train and
# dev posts against the 10,375 verified claims with ClaimLens's ranker and,
# in the same run, with the README's BM25 reference baseline, and scores both
# by the task's official rules (MAP@5, plus MAP@1 and MRR).
#
# Every figure is given twice, from the same run: on the archive with its
# exact duplicate claims merged into the lowest id of each group (what
# `claimlens import-checkthat` does by default, and what a fact-checking
# archive keeps), and on the archive as the benchmark publishes it
# (`--keep-duplicates`). The merge helps on this benchmark because its gold
# pairs name the oldest of identical claims, which the official tie-break
# (claim id descending) ranks below the newer copy; see
# tools/src/checkthat/archive.rs.
#
# The ranker's parameters were chosen on train only (`claimlens rank --tune`,
# tools/src/checkthat/tune.rs); dev is reported, never tuned on.
#
#   CHECKTHAT_DIR   the benchmark's directory (default ../shared/bench/checkthat2020,
#                   relative to the repository root); absent -> skipped
#   CHECKTHAT_TUNE  set to 1 to run the train sweep first (about 2 minutes;
#                   its scores go to target/checkthat/tune-train.txt)
#
# Outputs (the databases, the runs, the logs) go to target/checkthat/.
set -euo pipefail
cd "$(dirname "$0")/.."

data="${CHECKTHAT_DIR:-../shared/bench/checkthat2020}"
if [ ! -f "$data/verified_claims.docs.tsv" ]; then
  echo "checkthat benchmark data not found at $data; skipping"
  exit 0
fi

cargo build --release --quiet -p claimlens-tools --bin claimlens
bin=target/release/claimlens
out=target/checkthat
mkdir -p "$out"

# The two archives: merged (db.json) and as published (db-all.json).
"$bin" import-checkthat "$data/verified_claims.docs.tsv" --merged "$out/merged.tsv" \
  > "$out/db.json" 2> "$out/import.log"
"$bin" import-checkthat "$data/verified_claims.docs.tsv" --keep-duplicates \
  > "$out/db-all.json" 2> "$out/import-all.log"
imported() { grep -oE '[0-9]+ claims imported' "$1" | cut -d' ' -f1; }
claims_all="$(imported "$out/import-all.log")"
claims_merged="$(imported "$out/import.log")"
merged_away="$(wc -l < "$out/merged.tsv" | tr -d ' ')"

if [ "${CHECKTHAT_TUNE:-0}" = 1 ]; then
  echo "train sweep (claimlens rank --tune) ..."
  "$bin" rank "$out/db.json" "$data/train/tweets.queries.tsv" \
    --tune "$data/train/tweet-vclaim-pairs.qrels" | tee "$out/tune-train.txt"
fi

declare -A label=([rank]=ClaimLens [rank-bm25]=BM25)
declare -A db=([merged]="$out/db.json" [all]="$out/db-all.json")
declare -A map5 rows timing

for split in dev train; do
  for archive in merged all; do
    for cmd in rank rank-bm25; do
      key="$split.$archive.$cmd"
      run="$out/$key.trec"
      # stderr carries the timing line: "TAG: indexed N claims in X s; ranked ..."
      "$bin" "$cmd" "${db[$archive]}" "$data/$split/tweets.queries.tsv" > "$run" 2> "$out/$key.log"
      timing[$key]="$(grep -E '^[a-z0-9]+: indexed' "$out/$key.log" | tail -n 1)"
      scores="$("$bin" score "$data/$split/tweet-vclaim-pairs.qrels" "$run")"
      get() { awk -v k="$1" '$1 == k { print $2 }' <<< "$scores"; }
      map5[$key]="$(get MAP@5)"
      rows[$key]="$(printf '%-6s %-9s %-10s %7s %7s %7s %7s' \
        "$split" "$archive" "${label[$cmd]}" "$(get queries)" "$(get MAP@5)" "$(get MAP@1)" "$(get MRR)")"
    done
  done
done

# Gold pairs that name a claim the merge removed: the merged archive cannot
# return them, whatever the ranker does.
lost() {
  awk 'NR == FNR { gone[$1] = 1; next } ($3 in gone) && $4 > 0 { n++ } END { print n + 0 }' \
    "$out/merged.tsv" "$data/$1/tweet-vclaim-pairs.qrels"
}
pairs() { awk '$4 > 0' "$data/$1/tweet-vclaim-pairs.qrels" | wc -l | tr -d ' '; }

echo
echo "CheckThat! 2020 Task 2 (English): $claims_all verified claims as published;"
echo "$claims_merged after merging $merged_away exact duplicates into the lowest id of each group"
echo "(archive: merged = duplicates merged, all = as published)"
echo
printf '%-6s %-9s %-10s %7s %7s %7s %7s\n' split archive system queries MAP@5 MAP@1 MRR
for split in dev train; do
  for archive in merged all; do
    for cmd in rank rank-bm25; do
      echo "${rows[$split.$archive.$cmd]}"
    done
  done
done
echo
for split in dev train; do
  for archive in merged all; do
    awk -v s="$split" -v r="$archive" -v a="${map5[$split.$archive.rank]}" -v b="${map5[$split.$archive.rank-bm25]}" \
      'BEGIN { printf "%-6s %-7s ClaimLens MAP@5 %s / BM25 MAP@5 %s = %.3f\n", s, r, a, b, (b > 0 ? a / b : 0) }'
  done
done
echo
echo "duplicate merge (ClaimLens ranker, MAP@5 with merge / without):"
for split in dev train; do
  printf '  %-6s %s / %s; gold pairs naming a merged-away claim: %s of %s\n' "$split" \
    "${map5[$split.merged.rank]}" "${map5[$split.all.rank]}" "$(lost "$split")" "$(pairs "$split")"
done
echo
echo "ranking time (index built once per run, then every post ranked):"
for split in dev train; do
  for archive in merged all; do
    for cmd in rank rank-bm25; do
      printf '  %-6s %-7s %s\n' "$split" "$archive" "${timing[$split.$archive.$cmd]}"
    done
  done
done
echo
echo "(ClaimLens's parameters were chosen on train only: claimlens rank --tune, or CHECKTHAT_TUNE=1;"
echo " BM25 is the reference baseline, not the product; runs and databases in $out/)"
