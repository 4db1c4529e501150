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
  # `npm ci` installs exactly the lock file and never writes it: `npm install` here rewrote the
  # tracked package-lock.json (e.g. adding or dropping other platforms' optional packages of
  # turbo and unrs-resolver, depending on the npm version and what node_modules held), so
  # `npm start` left a changed file in the work tree. The lock holds every platform's optional
  # packages; `npm ci` installs only this platform's.
  npm ci --no-audit --no-fund --loglevel=error
fi
bash scripts/build-ferretdb.sh
# The operator console (served by the gateway at /console/); skipped when its sources are unchanged.
nice -n 10 node console/scripts/build.ts
# Each service's server and seed in one module (less start-up CPU: docs/decisions/0005);
# skipped when up to date, and a stale bundle is never started (the sources are).
nice -n 10 node infra/scripts/bundle/main.ts
for arg in "$@"; do
  case "$arg" in
    --browser) bash scripts/install-chromium.sh; bash scripts/install-cjk-fonts.sh ;;
    --redis) bash scripts/install-redis.sh ;;
  esac
done
