#!/usr/bin/env bash
# Browser tests drive Debian's chromium with playwright-core; never a downloaded browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "edugraph: browser tests need Debian's chromium: sudo apt-get install -y chromium" >&2
  exit 1
fi
echo "edugraph: installing Debian's chromium for browser tests" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
