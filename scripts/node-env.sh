# Sourced by the project's scripts: makes sure a supported Node.js (>= 22) is first on PATH.
# When the machine's Node is older, Node 24 is installed from the npm registry's `node`
# package into .tools/node (once) and used for everything.
EDUGRAPH_ROOT="${EDUGRAPH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export EDUGRAPH_ROOT
_edugraph_node_bin="$EDUGRAPH_ROOT/.tools/node/node_modules/node/bin"
_edugraph_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ -x "$_edugraph_node_bin/node" ]; then
  export PATH="$_edugraph_node_bin:$PATH"
elif [ "$(_edugraph_node_major)" -lt 22 ]; then
  echo "edugraph: Node $(node --version 2>/dev/null || echo 'missing') is older than 22; installing Node 24 into .tools/node" >&2
  mkdir -p "$EDUGRAPH_ROOT/.tools/node"
  npm install --prefix "$EDUGRAPH_ROOT/.tools/node" --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >&2
  export PATH="$_edugraph_node_bin:$PATH"
fi
if [ "$(_edugraph_node_major)" -lt 22 ]; then
  echo "edugraph: could not get Node >= 22 (have $(node --version))" >&2
  return 1 2>/dev/null || exit 1
fi
