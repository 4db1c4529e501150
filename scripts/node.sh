#!/usr/bin/env bash
# `node` with the project's Node (>= 22, from scripts/node-env.sh): what package.json scripts and
# bins run, so `npm run …` and `npx …` work whatever Node the machine has (its own is often 20).
# Usage: bash scripts/node.sh <script.ts> [args…]
set -euo pipefail
# shellcheck source=node-env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/node-env.sh"
exec node "$@"
