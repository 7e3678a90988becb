import { SOC_FACTS } from '../target';
import { isAscendLaunch, isDim3, rewriteLaunch } from '../port/launch';
import type { ChevronLaunch } from '../model/facts';
import { defineRule } from './rule';

export default defineRule({
  code: 'ASC001',
  name: 'kernel-launch',
  family: 'execution-model',
  effort: 'low',
  summary: 'CUDA kernel launch `<<<grid, block, smem, stream>>>`',
  fixAvailability: 'sometimes',
  severity: () => 'information',
  docs: `
## What it does
Flags kernel launches written with the triple-chevron syntax \`kernel<<<grid, block, sharedBytes, stream>>>(args)\`.

## Why is this a problem on Ascend
Ascend C keeps the chevrons but changes their meaning: \`kernel<<<numBlocks, l2ctrl, stream>>>(args)\` takes a one-dimensional count of AI Cores, not a grid of thread blocks. There is no block size, because each core runs one instruction stream over vector tiles. The second argument is \`nullptr\` in CANN 8.x samples and the dynamic UB size in bytes in CANN 9.x, so on CANN 9.x a dynamic shared-memory size can become a dynamic UB size. Ascend 950 alone also has a SIMT mode with thread blocks (up to 2048 threads per block), which the message mentions on that target. The kernel has to be rewritten so that each core loops over its share of the data, and the host has to compute that share (the tiling).

## Example
\`\`\`cuda
__global__ void scale(float* x, int n);

void run(float* x, int n, cudaStream_t s) {
  scale<<<(n + 255) / 256, 256, 0, s>>>(x, n);
}
\`\`\`

## Use instead
Launch about one block per physical core, \`scale<<<numBlocks, nullptr, stream>>>(x, n)\` with an \`aclrtStream\`, and pass the per-core length, the tile length and the tail as arguments or in a tiling struct. A dynamic shared-memory size has no launch-time counterpart on CANN 8.x; size UB statically with \`TPipe::InitBuffer\`. Flatten 2-D and 3-D grids into one core index.

## Fix safety
Offered only for a kernel that "Port kernel to Ascend C" ports completely. The fix replaces the launch with a call of the port's launch wrapper, \`Launch<Kernel>(args…, stream)\`: the same arguments in the same order, then an \`aclrtStream\` (an unguarded kernel also passes its grid and block sizes, which set its element count). The wrapper computes the tiling and the core count. It is unsafe: it needs the generated files (the port and its header \`<file>_ascend.h\`), which only exist once the kernel is ported, and after it the file builds with the Ascend toolchain, not nvcc. The "Replace launches" action on the kernel does every launch of the kernel and includes the header in one step. A launch without a stream gets a \`TODO(ascend-port)\` for the \`aclrtStream\`. Skeletons get no launch rewrite. The rewrite costs the kernel's port, so it is computed when the editor's light bulb asks for it, not with every analysis: \`scan\` output marks such findings \`fixOnDemand\` without edits (\`ascend-port port --replace-launches\` rewrites the launches of completely ported kernels), and the cost report counts the launch of a completely ported kernel as unsafely fixable. Launches already in the Ascend C form (\`nullptr\` or \`0\` as the second argument) are not reported.
`,
  check(ctx) {
    const kernels = new Map(ctx.facts.functions().filter((f) => f.kind === 'global').map((f) => [f.name, f]));
    ctx.facts.launches().forEach((launch) => {
      // Launch syntax only: a wrapper launch (model/launchWrappers.ts) has no `<<<>>>` to report
      // or rewrite; `cudaLaunchKernel` is reported by cuda-launch-api, and a wrapper's own
      // `<<<>>>` where the wrapper is written.
      if (launch.form !== 'chevron' || isAscendLaunch(launch)) return;
      const notes: string[] = [];
      const [grid, block, smem] = launch.config;
      const kernel = kernels.get(launch.kernel);
      const usesYZ = kernel?.indexUses.some((u) => u.dim !== 'x') ?? false;
      if (isDim3(grid?.text, launch.span.start, ctx.text, ctx.facts) || isDim3(block?.text, launch.span.start, ctx.text, ctx.facts) || usesYZ) {
        notes.push(usesYZ ? `\`${launch.kernel}\` indexes a 2-D/3-D grid; flatten it into one core index` : 'flatten the dim3 configuration into one core count');
      }
      if (smem && smem.text !== '0') {
        notes.push(
          ctx.target.cann === '9.x'
            ? `dynamic shared memory (${smem.text}) maps to the dynamic UB size, the second chevron argument on CANN 9.x (bytes of UB, not shared memory per block)`
            : `dynamic shared memory (${smem.text}) must become a static UB budget on CANN 8.x`,
        );
      }
      const simt = SOC_FACTS[ctx.target.soc].simt;
      ctx.report({
        span: launch.configSpan,
        severity: notes.length ? 'warning' : undefined,
        message:
          `launch of \`${launch.kernel}\`: Ascend C vector (SIMD) launches take a 1-D core count, not grid × block; ` +
          (notes.length ? notes.join('; ') : 'launch ~one block per AI Core and tile the data on the host') +
          (simt ? `. ${ctx.target.soc} also has a SIMT mode with thread blocks (up to 2048 threads per block), where a SIMT port keeps the grid × block structure` : ''),
        related: kernel ? [{ span: kernel.nameSpan, message: `kernel \`${kernel.name}\` is defined here` }] : undefined,
        // The rewrite needs the kernel's port: computed when asked (the light bulb, the report).
        ...(kernel && launch.args.length === kernel.params.length ? { fixOnDemand: true as const } : {}),
      });
    });
  },
  fixOnDemand(ctx, span) {
    const launch = ctx.facts.launches().find((l): l is ChevronLaunch => l.form === 'chevron' && l.configSpan.start === span.start && l.configSpan.end === span.end);
    if (!launch) return [];
    const r = rewriteLaunch(ctx.facts, ctx.text, ctx.target, launch);
    return r ? [{ title: `${r.title} (needs the port and its header)`, safety: 'unsafe' as const, edits: r.edits }] : [];
  },
});
