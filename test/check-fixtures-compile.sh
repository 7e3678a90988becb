#!/usr/bin/env bash
# Proves that the CUDA fixtures are real CUDA: compiles every .cu/.cuh under samples/
# and test/fixtures/ with `nvcc -c`. A file whose first line contains `// nvcc: skip`
# (deliberately broken input) is skipped; `// nvcc-flags: ...` on the first line adds flags. Without nvcc it says so and exits 0, unless
# REQUIRE_NVCC=1.
set -euo pipefail
cd "$(dirname "$0")/.."

NVCC=$(command -v nvcc || true)
[ -z "$NVCC" ] && [ -x /usr/local/cuda/bin/nvcc ] && NVCC=/usr/local/cuda/bin/nvcc
if [ -z "$NVCC" ]; then
  echo "nvcc not found: skipping the CUDA fixture compile check"
  [ "${REQUIRE_NVCC:-0}" = 1 ] && exit 1
  exit 0
fi

FLAGS=(-c -std=c++17 -w)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
ok=0
failed=0
skipped=0
while IFS= read -r -d '' f; do
  if head -n 1 "$f" | grep -q 'nvcc: skip'; then
    echo "skip $f"
    skipped=$((skipped + 1))
    continue
  fi
  src="$f"
  if [[ "$f" == *.cuh ]]; then
    src="$tmp/include_$(basename "$f").cu"
    printf '#include "%s"\n' "$PWD/$f" >"$src"
  fi
  # A fixture may ask for extra flags on its first line: `// nvcc-flags: -arch=sm_80`.
  extra=$(head -n 1 "$f" | sed -n 's|^// nvcc-flags: ||p')
  # shellcheck disable=SC2086
  if out=$("$NVCC" "${FLAGS[@]}" $extra -o "$tmp/out.o" "$src" 2>&1); then
    echo "ok   $f"
    ok=$((ok + 1))
  else
    echo "FAIL $f"
    echo "$out" | head -20
    failed=$((failed + 1))
  fi
done < <(find samples test/fixtures -type f \( -name '*.cu' -o -name '*.cuh' \) -print0 | sort -z)
echo "nvcc: $ok files compiled, $failed failed, $skipped skipped in $(( $(date +%s) - start ))s"
[ "$failed" -eq 0 ]
