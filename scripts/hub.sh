#!/usr/bin/env bash
# Entry point behind `npm start` / `npm test`: runs with a supported Node whatever the machine has.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1
cmd="${1:-start}"; shift || true
case "$cmd" in
  start)
    bash scripts/setup.sh
    source scripts/node-env.sh
    exec node infra/src/launcher/main.ts "$@" ;;
  test)
    bash scripts/setup.sh --browser --redis
    source scripts/node-env.sh
    npm run check
    npm run compose -w @edugraph/gateway
    exec npx vitest run --project unit --project e2e "$@" ;;
  bench)
    bash scripts/setup.sh
    source scripts/node-env.sh
    exec node test/src/bench/main.ts "$@" ;;
  *) echo "usage: scripts/hub.sh start|test|bench" >&2; exit 2 ;;
esac
