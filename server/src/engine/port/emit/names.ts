/** Names derived from a kernel name for generated classes, structs and constants. */

/** `vec_add` / `vecAdd` → `VecAdd`. */
export function pascal(name: string): string {
  return name
    .split(/_+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('') || 'Kernel';
}

/** `vecAdd` / `vec_add` → `VEC_ADD`. */
export function screaming(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/_+/g, '_')
    .toUpperCase();
}

/** The first line of a generated port of `kernel` (complete or skeleton). */
export function portStartPattern(kernel: string): RegExp {
  return new RegExp(`^// Ascend C (?:port of|skeleton for) \`${kernel.replace(/[^\w]/g, '\\$&')}\` `, 'm');
}

/** The last line of a generated port: re-porting a kernel replaces what lies between. */
export function portEndMarker(kernel: string): string {
  return `// end of the ascend-port output for \`${kernel}\``;
}

/**
 * Text that goes into a `//` comment of generated code: control characters (a newline in a
 * file name would end the comment and inject code) and stray `\` line splices are replaced.
 */
export function commentSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?').replace(/\\$/, '\\ ');
}
