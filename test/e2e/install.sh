#!/usr/bin/env bash
# Installs what the end-to-end tests need, offline except for apt and npm:
# Debian's chromium (driven by playwright-core), neovim (a second LSP client), libkrb5-dev and ripgrep for code-server's
# native modules, g++ (Verify Port), and code-server + playwright-core from test/e2e/editor's lockfile.
# See ../shared/ref/editor-testing.md for why each step is needed.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
command -v nvim >/dev/null || need+=(neovim)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
# Verify Port builds the CUDA kernel and its port for the CPU with a host C++17 compiler.
command -v g++ >/dev/null || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  echo "apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here; it
# checks this cache first, so seed it with Debian's rg.
RG_CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
if [ ! -f "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
  mkdir -p "$RG_CACHE"
  tmp=$(mktemp -d)
  cp "$(command -v rg)" "$tmp/rg"
  tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$tmp" rg
  rm -rf "$tmp"
fi

if [ ! -x editor/node_modules/.bin/code-server ] || [ ! -d editor/node_modules/mocha ] || [ ! -d editor/node_modules/playwright-core ] || [ ! -d editor/node_modules/@vscode/test-electron ]; then
  # code-server's postinstall refuses root without unsafe_perm; node-pty's postinstall runs npx.
  (cd editor && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund)
fi
x=$(mktemp -d)
XDG_CONFIG_HOME=$x XDG_DATA_HOME=$x editor/node_modules/.bin/code-server --version | tail -n 1
rm -rf "$x"
