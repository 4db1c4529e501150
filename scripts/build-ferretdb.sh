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
# A README edit does not change the binary.
if [ -x "$OUT" ] && [ -z "$(find "$SRC" -newer "$OUT" -type f ! -name "*.md" 2>/dev/null)" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "edugraph: Go is needed once to build the embedded database (FerretDB). Install Go >= 1.22, or set MONGODB_URI to use your own MongoDB >= 6." >&2
  exit 1
fi
echo "edugraph: building the embedded database (FerretDB v1.24.2 from the Go module proxy, with infra/ferretdb/patches)..." >&2
start=$(date +%s)
mkdir -p "$(dirname "$OUT")"
# FerretDB's module from the proxy, copied and patched (infra/ferretdb/patches/*.patch: each
# says what it fixes and why), then built through a `replace` in a copy of our go.mod. A patch to
# another module of the build names it on a line `EduGraph-Module: <module path>` before its diff
# (patch(1) skips that text); that module is copied, patched and replaced the same way.
WORK="$ROOT/.tools/ferretdb/build"
rm -rf "$WORK"
mkdir -p "$WORK"
cp "$SRC/go.mod" "$SRC/go.sum" "$SRC"/*.go "$WORK/"
copy_module() { # <module path> <dir under $WORK>
  local dir
  dir="$(cd "$SRC" && go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  if [ -z "$dir" ] || [ ! -d "$dir" ]; then
    echo "edugraph: could not download $1 from the Go module proxy" >&2
    exit 1
  fi
  cp -R "$dir" "$WORK/$2"
  chmod -R u+w "$WORK/$2"
  (cd "$WORK" && go mod edit -replace "$1=./$2")
}
copy_module github.com/FerretDB/FerretDB FerretDB
for patch in "$SRC"/patches/*.patch; do
  [ -e "$patch" ] || continue
  module="$(sed -n 's/^EduGraph-Module: //p' "$patch" | head -n 1)"
  target=FerretDB
  if [ -n "$module" ]; then
    target="$(basename "$module")"
    [ -d "$WORK/$target" ] || copy_module "$module" "$target"
  fi
  patch --quiet --forward -p1 -d "$WORK/$target" < "$patch" || {
    echo "edugraph: $(basename "$patch") does not apply to ${module:-github.com/FerretDB/FerretDB}" >&2
    exit 1
  }
done
(cd "$WORK" && go build -trimpath -o "$OUT.tmp" . && mv "$OUT.tmp" "$OUT")
rm -rf "$WORK"
echo "edugraph: embedded database built in $(( $(date +%s) - start ))s -> $OUT" >&2
