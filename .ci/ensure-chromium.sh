#!/usr/bin/env bash
# Makes sure Debian's chromium is at /usr/bin/chromium, for the browser tests
# (checker HTML view, run report). Idempotent: when the browser is already there it
# does nothing at all, and the package index is refreshed only when a package
# must actually be installed.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
else
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends chromium

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-chromium: apt-get installed chromium, but /usr/bin/chromium is missing" >&2
  exit 1
fi
