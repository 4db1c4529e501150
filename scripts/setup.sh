#!/usr/bin/env bash
# Everything the hub needs on a fresh machine, idempotent: Node >= 22, npm packages,
# the embedded database, and (for tests: --browser, --redis) Debian's chromium and redis-server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=node-env.sh
source scripts/node-env.sh
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "edugraph: installing npm packages with $(node --version)" >&2
  # `npm ci` refuses this lock: npm 11 leaves other platforms' optional packages (turbo, unrs) out of
  # it and then reports them missing. `npm install` installs the locked versions all the same.
  npm install --no-audit --no-fund --loglevel=error
fi
bash scripts/build-ferretdb.sh
for arg in "$@"; do
  case "$arg" in
    --browser) bash scripts/install-chromium.sh ;;
    --redis) bash scripts/install-redis.sh ;;
  esac
done
