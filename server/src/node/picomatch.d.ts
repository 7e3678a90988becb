// picomatch 2.x ships no types; only what discover.ts uses.
declare module 'picomatch' {
  interface Options {
    dot?: boolean;
    nocase?: boolean;
  }
  function picomatch(glob: string | string[], options?: Options): (path: string) => boolean;
  export = picomatch;
}
