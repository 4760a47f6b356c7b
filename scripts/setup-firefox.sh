#!/usr/bin/env bash
# Installs what the Firefox end-to-end tests (tests/firefox/) need, and skips
# whatever is already there, like scripts/setup.sh (run that one first: it
# brings node and the build tools). On Debian 12 as root, reaching only the
# package registries:
#
#   Debian:    firefox-esr
#   crates.io: geckodriver (the W3C WebDriver server for Firefox)
#
# The tests drive Firefox through geckodriver with a small WebDriver client
# of their own (tests/firefox/webdriver.mjs, no npm dependency).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup-firefox: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v firefox-esr >/dev/null 2>&1; then
  say "installing firefox-esr with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
fi

export PATH="$HOME/.cargo/bin:$PATH"
gd_version=0.37.1 # the version the tests were written against
if ! command -v geckodriver >/dev/null 2>&1; then
  say "installing geckodriver $gd_version from crates.io (takes several minutes once)"
  # No --locked, as in scripts/setup.sh: locked dependencies may be missing
  # from the registry here.
  cargo install geckodriver --version "$gd_version"
fi

say "$(firefox-esr --version 2>/dev/null); $(geckodriver --version 2>/dev/null | head -n1)"
