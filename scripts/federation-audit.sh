#!/usr/bin/env bash
# `npm run audit [-- --suite ID] [-- --logs DIR]`: the public Apollo Federation gateway audit
# (graphql-hive/federation-gateway-audit, 46 suites / 199 tests) against our gateway started with
# its default settings, one gateway process per suite. Needs ports 4000 and 4200 free; where
# something else may listen there (a shared machine), it runs in a private network namespace when
# `unshare -n` is allowed. The runner lives in ../shared/tools/federation-audit (FEDERATION_AUDIT_DIR
# overrides). Last line: `audit: P/199 passed`; exit 0 only if all passed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/node-env.sh

dir="${FEDERATION_AUDIT_DIR:-}"
if [[ -z $dir ]]; then
  for candidate in "$ROOT/../shared/tools/federation-audit" "$ROOT/../../shared/tools/federation-audit"; do
    [[ -x $candidate/run-audit ]] && { dir=$candidate; break; }
  done
fi
[[ -n $dir && -x $dir/run-audit ]] || {
  echo "federation-audit: run-audit not found; set FEDERATION_AUDIT_DIR to the folder holding it" >&2
  exit 2
}

start="node gateway/src/index.ts --supergraph {supergraph} --port 4000 --host 127.0.0.1"
run=("$dir/run-audit" --health /readyz --start "$start" "$@")

if [[ ${AUDIT_NETNS:-auto} != 0 ]] && unshare -n true 2>/dev/null; then
  # The namespace has no registry access: the first run (which installs the audit package into
  # ~/.cache/federation-gateway-audit) needs AUDIT_NETNS=0.
  exec unshare -n bash -c 'ip link set lo up 2>/dev/null || true; exec "$@"' _ "${run[@]}"
fi
exec "${run[@]}"
