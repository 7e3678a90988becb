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
