/**
 * The only module that imports web-tree-sitter. Everything else sees the re-exported
 * types `SyntaxNode`, `SyntaxTree` and `TreeEdit`, so a version bump touches one file.
 *
 * Wasm memory is not garbage-collected: whoever owns a tree, parser or cursor calls
 * `delete()` on it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Query, type Edit, type Node, type Tree } from 'web-tree-sitter';

export type SyntaxNode = Node;
export type SyntaxTree = Tree;
export type TreeEdit = Edit;

export interface ParserOptions {
  /**
   * Folder holding `tree-sitter.wasm` and `tree-sitter-cpp.wasm`. The bundle ships them
   * beside `dist/server.js`; from sources they are found in node_modules.
   */
  wasmDir?: string;
}

const RUNTIME_WASM = 'tree-sitter.wasm';
const CPP_WASM = 'tree-sitter-cpp.wasm';

function locate(file: string, wasmDir: string | undefined, fallbackModule: string): string {
  const candidates: string[] = [];
  if (wasmDir) candidates.push(path.join(wasmDir, file));
  // Bundled: dist/server.js and dist/cli.js sit beside the copied wasm files.
  candidates.push(path.join(__dirname, file));
  for (const c of candidates) if (fs.existsSync(c)) return c;
  try {
    return require.resolve(fallbackModule);
  } catch {
    throw new Error(`cannot find ${file} (looked in ${candidates.join(', ')} and node_modules)`);
  }
}

let languagePromise: Promise<Language> | undefined;

/** Loads the runtime and the C++ grammar once per process. */
export function loadCppLanguage(options: ParserOptions = {}): Promise<Language> {
  if (!languagePromise) {
    languagePromise = (async () => {
      const runtime = locate(RUNTIME_WASM, options.wasmDir, 'web-tree-sitter/tree-sitter.wasm');
      await Parser.init({ locateFile: () => runtime });
      const grammar = locate(CPP_WASM, options.wasmDir, 'tree-sitter-cpp/tree-sitter-cpp.wasm');
      return Language.load(fs.readFileSync(grammar));
    })();
    // A failed load must not poison later attempts (for example after a wasmDir fix).
    languagePromise.catch(() => (languagePromise = undefined));
  }
  return languagePromise;
}

export interface ParseOutcome {
  tree: SyntaxTree | null;
  timedOut: boolean;
  ms: number;
}

/** A C++ parser with a per-parse time limit. */
export class CppParser {
  private readonly parser: Parser;

  constructor(language: Language) {
    this.parser = new Parser();
    this.parser.setLanguage(language);
  }

  /**
   * Parses `text`, reusing `oldTree` (already `edit()`ed) when given. Never throws:
   * a parse that runs past `timeoutMs` or fails returns `tree: null`.
   */
  parse(text: string, oldTree: SyntaxTree | null, timeoutMs: number): ParseOutcome {
    const t0 = performance.now();
    const deadline = t0 + timeoutMs;
    let timedOut = false;
    let tree: SyntaxTree | null = null;
    try {
      tree = this.parser.parse(text, oldTree, {
        // Returning true cancels the parse; web-tree-sitter then returns null.
        progressCallback: () => {
          if (performance.now() > deadline) timedOut = true;
          return timedOut;
        },
      } as Parameters<Parser['parse']>[2]);
    } catch {
      tree = null;
    }
    // A cancelled parse leaves the parser mid-way; reset so the next parse starts clean.
    if (!tree) this.parser.reset();
    return { tree, timedOut, ms: performance.now() - t0 };
  }

  delete(): void {
    this.parser.delete();
  }
}

const snippetParsers = new WeakMap<Language, CppParser>();

/** A parser for short texts in the language of an existing tree (a header's helper): no load, no await. */
export function snippetParser(language: Language): CppParser {
  let p = snippetParsers.get(language);
  if (!p) snippetParsers.set(language, (p = new CppParser(language)));
  return p;
}

const queries = new Map<string, Query>();

/**
 * Collects the nodes of the given types in document order, inside ERROR nodes too (a
 * whole file can end up in one ERROR node and still hold every kernel). It runs one
 * tree-sitter query in wasm, which is several times faster than walking every node
 * from JavaScript; compiled queries are cached per type list.
 */
/** How long the query may run before the walk takes over (deep nesting makes it quadratic). */
export const QUERY_BUDGET_MS = 400;
/** Budget of the fallback cursor walk: nodes visited and time. */
export const WALK_BUDGET = { nodes: 4_000_000, ms: 3000 };

export interface CollectedNodes {
  nodes: Map<string, SyntaxNode[]>;
  /** False when both the query and the walk ran out of budget: `nodes` holds what was found. */
  complete: boolean;
}

export function collectNodes(root: SyntaxNode, types: ReadonlySet<string>): CollectedNodes {
  const found = new Map<string, SyntaxNode[]>();
  for (const t of types) found.set(t, []);
  const key = [...types].sort().join(' ');
  let query = queries.get(key);
  if (!query) {
    query = new Query(root.tree.language, [...types].map((t) => `(${t}) @${t}`).join('\n'));
    queries.set(key, query);
  }
  const deadline = performance.now() + QUERY_BUDGET_MS;
  let halted = false;
  // `matches`, not `captures`: every pattern is one node, so each match is one capture in
  // document order; and only `matches` calls the progress callback (web-tree-sitter 0.25).
  const matches = query.matches(root, {
    // Returning true halts the query (web-tree-sitter passes the value on to tree-sitter).
    progressCallback: () => {
      if (performance.now() > deadline) halted = true;
      return halted as unknown as void;
    },
  });
  if (!halted) {
    for (const m of matches) for (const c of m.captures) found.get(c.name)?.push(c.node);
    return { nodes: found, complete: true };
  }
  // The query is quadratic on deep nesting (100 k unclosed parentheses took 19 s); a
  // cursor walk is linear, slower per node, and has its own budget.
  return walk(root, types, found);
}

function walk(root: SyntaxNode, types: ReadonlySet<string>, found: Map<string, SyntaxNode[]>): CollectedNodes {
  const deadline = performance.now() + WALK_BUDGET.ms;
  const cursor = root.walk();
  try {
    let visited = 0;
    for (;;) {
      if (types.has(cursor.nodeType)) found.get(cursor.nodeType)!.push(cursor.currentNode);
      if (++visited % 4096 === 0 && (visited > WALK_BUDGET.nodes || performance.now() > deadline)) return { nodes: found, complete: false };
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return { nodes: found, complete: true };
    }
  } finally {
    cursor.delete();
  }
}
