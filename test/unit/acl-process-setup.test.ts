/**
 * ASC529's fix finds its anchors in the syntax tree (issue #21 item 2) and tears down the
 * device the program selected without re-indenting the existing return (issue #20 bug 4).
 * Each case is the shape that broke: a `return` inside a printf string, `// return 0;` as
 * the last line, `cudaSetDevice(deviceIdx)`, a return indented differently from the first
 * statement, and a CRLF file.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, DEFAULT_TARGET, LineIndex, type Fix } from '../../server/src/engine';
import { engine } from '../helpers/engine';

async function fix(text: string): Promise<{ fixed: string; fix: Fix }> {
  const e = await engine();
  const r = e.analyzeText(text, { target: DEFAULT_TARGET, only: ['ASC529'] });
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
  const f = r.findings[0]!.fixes![0]!;
  const lines = new LineIndex(text);
  return { fixed: applyEdits(text, f.edits, (p) => lines.offsetAt(p)), fix: f };
}

test('a return inside a printf string is not an anchor', async () => {
  const src = 'int main() {\n  float* d;\n  cudaMalloc(&d, 4);\n  printf("we return now; ok\\n");\n  cudaFree(d);\n  return 0;\n}\n';
  const { fixed, fix: f } = await fix(src);
  assert.equal(f.safety, 'safe');
  assert.match(fixed, /printf\("we return now; ok\\n"\);/, 'the string is untouched');
  assert.match(fixed, /  cudaFree\(d\);\n  aclrtResetDevice\(0\);\n  aclFinalize\(\);\n  return 0;\n\}\n$/);
});

test('a commented-out return on the last line stays a comment; the teardown goes before the closing brace', async () => {
  const src = 'int main() {\n  float* d;\n  cudaMalloc(&d, 4);\n  cudaFree(d);\n  // return 0;\n}\n';
  const { fixed, fix: f } = await fix(src);
  assert.equal(f.safety, 'safe');
  assert.match(fixed, /  \/\/ return 0;\n  aclrtResetDevice\(0\);\n  aclFinalize\(\);\n\}\n$/);
  assert.doesNotMatch(fixed, /\/\/ aclrt/);
});

test('the device the program selected is the one reset', async () => {
  const src = 'int main() {\n  int deviceIdx = 1;\n  cudaSetDevice(deviceIdx);\n  float* d;\n  cudaMalloc(&d, 4);\n  return 0;\n}\n';
  const { fixed, fix: f } = await fix(src);
  assert.equal(f.safety, 'safe');
  assert.match(fixed, /aclrtResetDevice\(deviceIdx\);\n  aclFinalize\(\);\n  return 0;/);
  assert.doesNotMatch(fixed, /aclrtResetDevice\(0\)/);
  assert.doesNotMatch(fixed, /aclrtSetDevice\(0\)/, 'no second device selection');
});

test('a device selected in a nested block makes the fix unsafe (its variable may be out of scope)', async () => {
  const src = 'int main(int argc, char**) {\n  if (argc > 1) {\n    int dev = 1;\n    cudaSetDevice(dev);\n  }\n  float* d;\n  cudaMalloc(&d, 4);\n  return 0;\n}\n';
  const { fix: f } = await fix(src);
  assert.equal(f.safety, 'unsafe');
});

test('the existing return keeps its own line and indentation', async () => {
  const src = 'int main() {\n    float* d;\n    cudaMalloc(&d, 4);\n\treturn 0;\n}\n';
  const { fixed } = await fix(src);
  assert.ok(fixed.endsWith('\taclrtResetDevice(0);\n\taclFinalize();\n\treturn 0;\n}\n'), JSON.stringify(fixed));
});

test('in a CRLF file the inserted lines end with CRLF', async () => {
  const src = 'int main() {\r\n  float* d;\r\n  cudaMalloc(&d, 4);\r\n  return 0;\r\n}\r\n';
  const { fixed } = await fix(src);
  assert.doesNotMatch(fixed.replace(/\r\n/g, ''), /\n/, JSON.stringify(fixed));
  assert.match(fixed, /aclInit\(nullptr\);\r\n/);
});

test('a second return (in a branch or after a lambda) is counted from the tree', async () => {
  const early = 'int main(int argc, char**) {\n  float* d;\n  cudaMalloc(&d, 4);\n  if (argc > 2) return 1;\n  return 0;\n}\n';
  assert.equal((await fix(early)).fix.safety, 'unsafe');
  const lambda = 'int main() {\n  auto f = [] { return 3; };\n  float* d;\n  cudaMalloc(&d, f());\n  return 0;\n}\n';
  assert.equal((await fix(lambda)).fix.safety, 'safe', 'a lambda\'s return does not leave main');
});

test('an empty main body gets one edit, not two insertions at the same offset (found by the fuzz suite)', async () => {
  // With cuda_runtime.h included, the fix carries no acl/acl.h insertion of its own (ASC501 rewrites that include).
  const src = '#include <cuda_runtime.h>\nvoid k(float* d) { cudaFree(d); }\nint main() { // comment\n}\n';
  const { fixed, fix: f } = await fix(src);
  assert.equal(f.edits.length, 1);
  assert.match(fixed, /int main\(\) \{ \/\/ comment\n  aclInit\(nullptr\);\n  aclrtSetDevice\(0\);\n  aclrtResetDevice\(0\);\n  aclFinalize\(\);\n\}\n$/);
});
