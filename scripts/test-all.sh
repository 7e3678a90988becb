#!/usr/bin/env bash
# The whole suite, as CI runs it (`npm run test:all`, called by .ci/run after the installs):
# npm test, the nvcc fixture check, the demo, the VSIX and its contents, then the end-to-end
# layers in a real editor. Prints the wall time of each layer. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

t0=$(date +%s)
last=$t0
lap() {
  local now
  now=$(date +%s)
  echo "== time: $1 $(( now - last ))s (suite $(( now - t0 ))s)"
  last=$now
}

echo "== npm test"
npm test
lap "npm test"

echo "== verify: every complete port runs on the CPU against its CUDA original"
npm run test:verify
lap "verify"

echo "== CUDA fixtures compile with nvcc"
REQUIRE_NVCC="${REQUIRE_NVCC:-0}" bash test/check-fixtures-compile.sh
lap "nvcc fixtures"

echo "== demo"
npm run demo >/tmp/ascend-port-demo.txt
tail -n 15 /tmp/ascend-port-demo.txt
lap "demo"

echo "== package"
npm run package
python3 test/check-vsix.py ascend-port.vsix
lap "package"

echo "== end-to-end: the VSIX in a real editor (code-server + chromium)"
node test/e2e/ui.mjs
lap "e2e UI (code-server + chromium)"
node test/e2e/restricted.mjs
lap "e2e Restricted Mode (code-server + chromium)"
node test/e2e/exthost.mjs
lap "e2e extension host"
node test/e2e/report-html.mjs
lap "e2e report HTML in chromium"
bash test/e2e/nvim/run.sh
lap "e2e neovim"
echo "== the whole suite passed in $(( $(date +%s) - t0 ))s"
