#!/usr/bin/env bash
# Makes sure a Chromium is there for the browser tests (checker HTML view, run
# report) in CI. It looks where test/report/browser.ts looks: $RAFT_CHECK_CHROMIUM,
# then the usual paths. Only in CI (CI=true) does it install anything: Debian's
# chromium through apt-get, refreshing the package index only then. Elsewhere it
# never installs; the browser tests skip themselves with a message instead.
set -euo pipefail

if [ -n "${RAFT_CHECK_CHROMIUM:-}" ]; then
  if [ -x "$RAFT_CHECK_CHROMIUM" ]; then exit 0; fi
  echo "ensure-chromium: RAFT_CHECK_CHROMIUM=$RAFT_CHECK_CHROMIUM is not an executable file" >&2
  exit 1
fi

for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome /usr/bin/google-chrome-stable /snap/bin/chromium; do
  if [ -x "$candidate" ]; then exit 0; fi
done

if [ "${CI:-}" != "true" ]; then
  echo "ensure-chromium: no Chromium found, and not installing one outside CI (CI=true); set RAFT_CHECK_CHROMIUM=/path/to/chromium" >&2
  exit 1
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
