# ClaimLens: `make demo` builds everything and serves the demo; `make test`
# runs every test. Both install what is missing first (scripts/setup.sh).

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

WASM_OPT := node_modules/.bin/wasm-opt
# The wasm features rustc enables by default for wasm32-unknown-unknown.
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                 --enable-mutable-globals --enable-reference-types --enable-multivalue

.PHONY: all setup dist demo test test-native test-wasm test-e2e bench clean

all: dist

setup:
	@bash scripts/setup.sh

# dist/: claimlens.js plus every file it loads by relative URL. Copy it
# anywhere and add the script tag; that is the whole integration.
dist: setup
	wasm-pack build --release --target web --no-typescript --no-pack \
	  --out-dir pkg --out-name claimlens_core
	rm -rf dist && mkdir -p dist
	$(WASM_OPT) -Oz $(WASM_FEATURES) pkg/claimlens_core_bg.wasm -o dist/claimlens_core_bg.wasm
	cp pkg/claimlens_core.js www/claimlens.js dist/
	@node scripts/report.mjs
	node scripts/pack-extension.mjs

demo: dist
	node scripts/server.mjs

test: dist test-native test-wasm test-e2e

test-native: setup
	cargo test

test-wasm: setup
	wasm-pack test --headless --chrome -- --test web

test-e2e: dist
	node --test --test-concurrency=1 tests/e2e/

clean:
	rm -rf dist pkg target/e2e

# A short cargo-fuzz run of every target in fuzz/ (FUZZ_SECONDS each, default
# 30); not part of `make test`. See scripts/fuzz.sh.
.PHONY: fuzz
fuzz:
	bash scripts/fuzz.sh

# Speed and size benchmarks (never part of `make test`): criterion on the
# matcher, then the browser benchmark; each figure beside a baseline from the
# same run, as a ratio. Results in target/bench/. See benches/matcher.rs and
# scripts/bench-browser.mjs.
# CARGO_PROFILE_BENCH_PANIC=unwind: with the release profile's panic = "abort",
# `cargo bench` builds the library twice (abort for the CLI, unwind for the
# benchmark) under one file name (cargo issue 6313), and the link fails when
# the wrong one lands last. Cargo warns that the setting is ignored; it still
# makes every unit of the run unwind, so there is one build and no race.
bench: dist
	CARGO_PROFILE_BENCH_PANIC=unwind cargo bench --bench matcher
	node scripts/bench-browser.mjs
	if [ -f scripts/bench-checkthat.sh ]; then bash scripts/bench-checkthat.sh; fi
