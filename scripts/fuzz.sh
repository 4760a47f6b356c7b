#!/usr/bin/env bash
# `make fuzz`: a short cargo-fuzz (libFuzzer) run of every target in fuzz/,
# FUZZ_SECONDS each (default 30), starting from the committed seeds in
# fuzz/seeds/<target>/ and the corpus earlier runs left in fuzz/corpus/.
# Exits non-zero when any target finds a crash, a failed check or a hang;
# the input that did it is in fuzz/artifacts/<target>/.
#
#   FUZZ_SECONDS=20 make fuzz          # shorter
#   FUZZ_TARGETS="matcher" make fuzz   # one target
#   FUZZ_SANITIZER=none make fuzz      # no AddressSanitizer (faster)
#
# Toolchain: cargo-fuzz passes nightly-only rustc flags (-Zsanitizer=address)
# and this machine has only stable Rust, so RUSTC_BOOTSTRAP=1 lets stable
# rustc accept them. That works here with AddressSanitizer (stable ships its
# runtime). Should a sanitizer build still fail, the script falls back to
# `--sanitizer none`, which needs no unstable flag at all: libFuzzer still
# finds panics, failed assertions (debug assertions and overflow checks are
# on) and hangs, but not memory errors (only unsafe code could cause those).
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

seconds="${FUZZ_SECONDS:-30}"
targets="${FUZZ_TARGETS:-normalise matcher database}"
sanitizer="${FUZZ_SANITIZER:-address}"
# A single input that takes longer than this (seconds) counts as a hang.
timeout="${FUZZ_TIMEOUT:-10}"

# cargo-fuzz from crates.io. `--locked` builds with the versions its release
# was tested with (worked here: cargo-fuzz 0.13.2, about a minute); if that
# lock no longer builds with this toolchain, try the newest compatible ones.
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz (once)"
  cargo install cargo-fuzz --locked || cargo install cargo-fuzz
fi
echo "fuzz: $(cargo fuzz --version), $(rustc --version)"

logs=fuzz/logs
mkdir -p "$logs"

# Build every target once; fall back to no sanitizer if that build fails.
if ! cargo fuzz build --sanitizer "$sanitizer" >"$logs/build.log" 2>&1; then
  if [ "$sanitizer" = none ]; then
    cat "$logs/build.log"
    echo "fuzz: the fuzz targets do not build" >&2
    exit 1
  fi
  tail -n 20 "$logs/build.log"
  echo "fuzz: building with --sanitizer $sanitizer failed; using --sanitizer none"
  sanitizer=none
  if ! cargo fuzz build --sanitizer none >"$logs/build.log" 2>&1; then
    cat "$logs/build.log"
    echo "fuzz: the fuzz targets do not build" >&2
    exit 1
  fi
fi

failed=()
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  echo "fuzz: $t for ${seconds}s (sanitizer: $sanitizer; log: $logs/$t.log)"
  start=$SECONDS
  if cargo fuzz run --sanitizer "$sanitizer" "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$seconds" -timeout="$timeout" -print_final_stats=1 \
      >"$logs/$t.log" 2>&1; then
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$logs/$t.log" | tail -n 1 || true)
    echo "fuzz: $t ok after $((SECONDS - start))s: ${done_line:-no stats}"
  else
    echo "fuzz: $t FAILED after $((SECONDS - start))s; the end of its log:" >&2
    tail -n 40 "$logs/$t.log" >&2
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failures in: ${failed[*]} (inputs in fuzz/artifacts/; reproduce with" \
       "RUSTC_BOOTSTRAP=1 cargo fuzz run <target> fuzz/artifacts/<target>/<file>)" >&2
  exit 1
fi
echo "fuzz: all targets ran ${seconds}s each without a failure"
