/**
 * `workspace/didChangeWatchedFiles`: what a change on disk means.
 *   - `.ascend-port.yaml`, `compile_commands.json`: the configuration of every document may
 *     have changed; settings are re-read, contexts rebuilt, everything re-analysed.
 *   - a header (`.h .hh .hpp .hxx .cuh .inl`, and CUDA sources, which may be included):
 *     changed → its dependants (the header index) are re-analysed; created or deleted →
 *     an include that did not resolve may now resolve (or the other way), so every document
 *     is re-analysed. A header open in the editor is read from the editor, so a disk change
 *     to it changes nothing until it is closed.
 * The VS Code client registers these watchers itself; for other clients that allow
 * dynamic registration, the server registers them (`registerWatchers`).
 */
import { DidChangeWatchedFilesNotification, FileChangeType, type Connection, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import * as path from 'node:path';
import { uriToPath } from './uri';

export const HEADER_GLOB = '**/*.{h,hh,hpp,hxx,cuh,inl}';
export const WATCHED_GLOBS = ['**/.ascend-port.yaml', '**/compile_commands.json', HEADER_GLOB];

const HEADER_EXT = new Set(['.h', '.hh', '.hpp', '.hxx', '.cuh', '.inl', '.cu', '.cpp', '.cc', '.cxx', '.c']);

export function registerWatchers(connection: Connection): void {
  void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) }).catch(() => undefined);
}

export interface WatchedFilesHandlers {
  configurationChanged(): void;
  /** A header appeared or vanished: includes may resolve differently (no settings change). */
  headersAddedOrRemoved(): void;
  headerChanged(file: string): void;
  isOpen(file: string): boolean;
}

export function watchedFilesHandler(h: WatchedFilesHandlers): (params: DidChangeWatchedFilesParams) => void {
  return (params) => {
    let configuration = false;
    let structure = false;
    for (const change of params.changes) {
      const file = uriToPath(change.uri);
      const base = file ? path.basename(file) : '';
      if (base === '.ascend-port.yaml' || base === 'compile_commands.json' || !file) {
        configuration = true;
        continue;
      }
      if (!HEADER_EXT.has(path.extname(base).toLowerCase())) continue;
      if (change.type !== FileChangeType.Changed) structure = true;
      else if (!h.isOpen(file)) h.headerChanged(file);
    }
    if (configuration) h.configurationChanged();
    else if (structure) h.headersAddedOrRemoved();
  };
}
