// Bundles the client, the server and the CLI into dist/, and copies the tree-sitter
// wasm files beside them. Type-checking is `npm run typecheck` (tsc); esbuild only emits.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// The wasm files and their versions are pinned in package.json; refuse to bundle others.
const WASM = [
  { pkg: 'web-tree-sitter', file: 'tree-sitter.wasm' },
  { pkg: 'tree-sitter-cpp', file: 'tree-sitter-cpp.wasm' },
];
mkdirSync('dist', { recursive: true });
for (const w of WASM) {
  // Packages with an `exports` map hide package.json from require.resolve; read it directly.
  const pkgJson = path.join('node_modules', w.pkg, 'package.json');
  const installed = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
  const pinned = pkg.devDependencies[w.pkg];
  if (installed !== pinned) {
    console.error(`esbuild: ${w.pkg} ${installed} is installed but ${pinned} is pinned; run npm ci`);
    process.exit(1);
  }
  copyFileSync(path.join(path.dirname(pkgJson), w.file), path.join('dist', w.file));
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url, which CommonJS output lacks.
  define: { ASCEND_PORT_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const builds = [
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } },
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  for (const b of builds) await esbuild.build(b);
  chmodSync('dist/cli.js', 0o755);
}
