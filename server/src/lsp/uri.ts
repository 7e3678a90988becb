/**
 * Document URIs as clients send them, which are not always well formed: a raw `%` in a
 * file name (`file:///src/100%.cu`) makes `decodeURIComponent` and `fileURLToPath` throw,
 * and a throw there once meant no diagnostics at all for the document.
 */
import { fileURLToPath } from 'node:url';

/** Percent-decodes what decodes; a `%` not followed by two hex digits stays as it is. */
export function lenientDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** The file system path of a `file:` URI, or undefined when it is not one or cannot be one. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    // `%` not followed by hex digits: read it as a literal percent sign.
    try {
      return fileURLToPath(uri.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
    } catch {
      return undefined;
    }
  }
}

/** The last path segment of a URI, decoded for display. */
export function uriBaseName(uri: string): string {
  return lenientDecode(uri.slice(uri.lastIndexOf('/') + 1));
}
