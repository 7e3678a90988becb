/** A kernel and every device function it reaches through calls in the same file, with the name it was reached through. */
import type { FunctionModel } from './kernels';

export function reachedFunctions(fns: readonly FunctionModel[], kernel: FunctionModel): { f: FunctionModel; via: string }[] {
  const reached = [{ f: kernel, via: '' }];
  for (let i = 0; i < reached.length; i++) {
    for (const call of reached[i]!.f.calls) {
      const callee = fns.find((g) => g.name === call.name && g.bodySpan && (g.kind === 'device' || g.kind === 'host-device'));
      if (callee && !reached.some((r) => r.f === callee)) reached.push({ f: callee, via: callee.name });
    }
  }
  return reached;
}
