#!/usr/bin/env bash
# Builds the embedded database (FerretDB v1 on SQLite, see infra/ferretdb/main.go) once.
# Skips when the binary is newer than its sources. Needs Go (only for this step).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/.tools/ferretdb/ferretdb"
SRC="$ROOT/infra/ferretdb"
if [ -n "${MONGODB_URI:-}" ] && [ "${EDUGRAPH_BUILD_FERRETDB:-}" != "1" ]; then
  echo "edugraph: MONGODB_URI is set; the embedded database is not needed" >&2
  exit 0
fi
if [ -x "$OUT" ] && [ -z "$(find "$SRC" -newer "$OUT" -type f 2>/dev/null)" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "edugraph: Go is needed once to build the embedded database (FerretDB). Install Go >= 1.22, or set MONGODB_URI to use your own MongoDB >= 6." >&2
  exit 1
fi
echo "edugraph: building the embedded database (FerretDB v1.24.2) from the Go module proxy..." >&2
start=$(date +%s)
mkdir -p "$(dirname "$OUT")"
(cd "$SRC" && go build -trimpath -o "$OUT.tmp" . && mv "$OUT.tmp" "$OUT")
echo "edugraph: embedded database built in $(( $(date +%s) - start ))s -> $OUT" >&2
