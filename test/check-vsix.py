"""Checks that a VSIX holds the bundle, the wasm files and the manifest, and nothing else
that should stay out (sources, tests, node_modules, source maps)."""
import re
import sys
import zipfile

names = zipfile.ZipFile(sys.argv[1]).namelist()
lower = {n.lower() for n in names}
need = [
    "extension/dist/server.js",
    "extension/dist/client.js",
    "extension/dist/cli.js",
    "extension/dist/tree-sitter.wasm",
    "extension/dist/tree-sitter-cpp.wasm",
    "extension/package.json",
    "extension/readme.md",
    "extension/changelog.md",
    "extension/media/report.js",
    "extension/media/report.css",
    "extension/verify/include/ap_verify_driver.h",
    "extension/verify/include/cuda_cpu.h",
    "extension/verify/include/ascendc_model-8.x.h",
    "extension/verify/include/acl/acl.h",
]
missing = [n for n in need if n not in lower]
stray = [n for n in names if re.search(r"node_modules|/src/|\.map$|/test/|/samples/|\.ts$", n)]
if missing or stray:
    print("VSIX content problem: missing", missing, "stray", stray)
    sys.exit(1)
print(f"VSIX ok: {len(names)} entries")
