#!/usr/bin/env bash
# Runs the Neovim LSP smoke test against the bundled server (dist/server.js).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
command -v nvim >/dev/null || { echo "nvim not found (apt-get install neovim)"; exit 1; }
x=$(mktemp -d)
trap 'rm -rf "$x"' EXIT
cp "$root/samples/block_reduce.cu" "$x/kernel.cu"
XDG_CACHE_HOME=$x XDG_STATE_HOME=$x XDG_DATA_HOME=$x XDG_CONFIG_HOME=$x NVIM_LOG_FILE=$x/nvim.log \
SMOKE_FILE="$x/kernel.cu" SMOKE_SERVER="$root/dist/server.js" \
  timeout 120 nvim --headless --clean -c "luafile $here/smoke.lua" </dev/null
