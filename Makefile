# ClaimLens: `make demo` builds everything and serves the demo; `make test`
# runs every test. Both install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: all setup dist demo test test-native test-wasm test-e2e test-e2e-repeat test-firefox test-npm test-dist bench soak clean fuzz

all: dist

setup:
	@bash scripts/setup.sh

# pkg/: the npm package (typed); dist/: claimlens.js plus every file it
# loads by relative URL (copy them anywhere and add the script tag), and
# the browser extension.
dist: setup
	wasm-pack build --release --target web --out-dir pkg --out-name claimlens_web
	node scripts/dist.mjs
	node scripts/pack-extension.mjs

demo: dist
	node scripts/server.mjs

test: dist test-dist test-native test-wasm test-e2e test-firefox test-npm

# The core, the tools and the widget's plain-data parts, natively.
test-native: setup
	cargo test --workspace

test-wasm: setup
	wasm-pack test --headless --chrome -- --test web
	wasm-pack test --headless --chrome -- --features test-panic --test panic --test panic_listener

test-e2e: dist
	node --test --test-concurrency=1 tests/e2e/

# The widget and the extension in Firefox ESR, through geckodriver (both
# installed when missing by scripts/setup-firefox.sh).
test-firefox: dist
	bash scripts/setup-firefox.sh
	node --test --test-concurrency=1 tests/firefox/

# The widget's byte budget (gzipped dist/): a byte count, not a time.
test-dist: dist
	node --test tests/dist/

# The npm package as a developer with a bundler uses it: packed, installed
# offline into a scratch TypeScript project, type-checked, bundled, driven.
test-npm: dist
	node --test --test-concurrency=1 tests/npm/

# The end-to-end suite three times in a row (not part of `make test`): run
# it before stopping whenever a test or the web layer changed.
test-e2e-repeat: dist
	for i in 1 2 3; do node --test --test-concurrency=1 tests/e2e/ || exit 1; done

# A 60-second soak (not part of `make test`): 1,000 selections, 100 loads,
# an app that keeps replacing its content, destroy() and re-inject; heap
# and listener counts from CDP must stay flat. See scripts/soak.mjs.
soak: dist
	node scripts/soak.mjs

clean:
	rm -rf dist pkg target/e2e

# A short cargo-fuzz run of every target in fuzz/ (FUZZ_SECONDS each, default
# 30); not part of `make test`. See scripts/fuzz.sh.
fuzz:
	bash scripts/fuzz.sh

# Speed and size benchmarks (never part of `make test`): criterion on the
# matcher, then the browser benchmark; each figure beside a baseline from the
# same run, as a ratio. Results in target/bench/. See tools/benches/matcher.rs
# and scripts/bench-browser.mjs.
# CARGO_PROFILE_BENCH_PANIC=unwind: with the release profile's panic = "abort",
# `cargo bench` builds the library twice (abort for the CLI, unwind for the
# benchmark) under one file name (cargo issue 6313), and the link fails when
# the wrong one lands last. Cargo warns that the setting is ignored; it still
# makes every unit of the run unwind, so there is one build and no race.
bench: dist
	CARGO_PROFILE_BENCH_PANIC=unwind cargo bench -p claimlens-tools --bench matcher
	node scripts/bench-browser.mjs
	bash scripts/bench-checkthat.sh
