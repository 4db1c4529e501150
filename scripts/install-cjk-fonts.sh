#!/usr/bin/env bash
# The console's browser tests save screenshots in Chinese: Debian's Noto CJK fonts, when missing.
set -euo pipefail
if fc-list :lang=zh 2>/dev/null | grep -q .; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "edugraph: console screenshots need CJK fonts: sudo apt-get install -y fonts-noto-cjk" >&2
  exit 0
fi
echo "edugraph: installing Debian's fonts-noto-cjk for the console's screenshots" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
