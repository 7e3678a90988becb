/**
 * The one admission path for files on disk, used by every CLI command and by the
 * language server's report: the symlink policy and the size limit are checked before a
 * byte is read, then the engine's `admitBytes` checks binary content and the encoding.
 * Writing goes through here too: a source file is written back only if it was decoded
 * exactly, and no write follows a symbolic link.
 */
import * as fs from 'node:fs';
import { admitBytes, DEFAULT_MAX_FILE_BYTES, tooLargeNotice, type Notice } from '../engine';

export interface SourceFile {
  path: string;
  bytes: Buffer;
  text: string;
  /** The text re-encodes to `bytes` exactly; only then may the file be written back. */
  exact: boolean;
  bom: boolean;
  /** Why the file is read-only, when it is. */
  notice?: Notice;
}

export type ReadResult = { ok: true; file: SourceFile } | { ok: false; notice: Notice } | { ok: false; error: string };

export interface ReadOptions {
  maxFileBytes?: number;
  /**
   * `follow`: a path the user named explicitly is read even if it is a link.
   * `skip`: links are reported and not read (files found by walking a directory).
   */
  symlinks?: 'follow' | 'skip';
}

export function symlinkNotice(p: string): Notice {
  return { kind: 'skipped', reason: 'symlink', message: `skipped: ${p} is a symbolic link; name its target to analyse it` };
}

/** Reads a source file through the admission checks. Never throws. */
export function readSource(p: string, options: ReadOptions = {}): ReadResult {
  const max = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
    if (st.isSymbolicLink()) {
      if (options.symlinks === 'skip') return { ok: false, notice: symlinkNotice(p) };
      st = fs.statSync(p);
    }
  } catch (e) {
    return { ok: false, error: describe(e) };
  }
  if (st.isDirectory()) return { ok: false, error: 'is a directory' };
  if (!st.isFile()) return { ok: false, error: 'not a regular file' };
  // Checked before reading: a 50 MB file is refused without loading it.
  if (st.size > max) return { ok: false, notice: tooLargeNotice(st.size, max) };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(p);
  } catch (e) {
    return { ok: false, error: describe(e) };
  }
  const a = admitBytes(bytes, max);
  if (!a.ok) return { ok: false, notice: a.notice };
  return { ok: true, file: { path: p, bytes, text: a.text, exact: a.exact, bom: a.bom, notice: a.notice } };
}

/** A write the admission path refuses, with a message for the user (exit code 2). */
export class WriteRefused extends Error {}

/**
 * Writes new text over a source file that `readSource` read. Refused when the file was
 * not decoded exactly (GBK, Latin-1: writing would turn its comments into U+FFFD), when
 * the path is now a symbolic link, or when the file changed on disk since it was read.
 */
export function writeSourceBack(file: SourceFile, text: string): void {
  if (!file.exact) {
    throw new WriteRefused(`refusing to write ${file.path}: it is not valid UTF-8 (GBK or Latin-1?) and was analysed read-only; re-save it as UTF-8 to apply fixes`);
  }
  let current: Buffer;
  try {
    current = fs.readFileSync(file.path);
  } catch (e) {
    throw new WriteRefused(`refusing to write ${file.path}: ${describe(e)}`);
  }
  if (!current.equals(file.bytes)) throw new WriteRefused(`refusing to write ${file.path}: it changed on disk while it was analysed`);
  const bytes = Buffer.from(text, 'utf8');
  writeNoFollow(file.path, file.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes, { mustExist: true });
}

/**
 * Writes a generated file. Never follows a symbolic link at `dest` (a link planted there
 * would redirect the write anywhere the user can write).
 */
export function writeGenerated(dest: string, text: string): void {
  writeNoFollow(dest, Buffer.from(text, 'utf8'), { mustExist: false });
}

function writeNoFollow(dest: string, bytes: Buffer, opts: { mustExist: boolean }): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(dest);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) throw new WriteRefused(`refusing to write ${dest}: it is a symbolic link`);
  if (st && !st.isFile()) throw new WriteRefused(`refusing to write ${dest}: not a regular file`);
  if (!st && opts.mustExist) throw new WriteRefused(`refusing to write ${dest}: it no longer exists`);
  // O_NOFOLLOW closes the gap between the check and the open.
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NOFOLLOW ?? 0);
  let fd: number;
  try {
    fd = fs.openSync(dest, flags, 0o644);
  } catch (e) {
    throw new WriteRefused(`cannot write ${dest}: ${describe(e)}`);
  }
  try {
    fs.writeFileSync(fd, bytes);
  } finally {
    fs.closeSync(fd);
  }
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file or directory';
  if (err?.code === 'ELOOP') return 'it is a symbolic link';
  if (err?.code === 'EACCES' || err?.code === 'EPERM') return 'permission denied';
  if (err?.code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(e);
}

export { DEFAULT_MAX_FILE_BYTES };
