#!/usr/bin/env bash
# The gateway's shared rate-limit tests start Debian's redis-server on a free port; never a downloaded build.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "edugraph: the rate-limit tests need Debian's redis-server: sudo apt-get install -y redis-server" >&2
  exit 1
fi
echo "edugraph: installing Debian's redis-server for the rate-limit tests" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
