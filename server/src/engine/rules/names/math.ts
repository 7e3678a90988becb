/**
 * Maths functions and intrinsics of device code (the math/intrinsics coverage page):
 * ASC401 (fast-math and basic float maths), ASC405 (scalar half/bfloat16 intrinsics),
 * ASC412 (the standard float maths functions beyond the basic vector API), ASC105 and
 * ASC109 (cache-hinted loads and stores). Vector-op rows carry the op class the estimates use
 * and whether the elementwise port accepts the name (test/unit/names-table.test.ts checks it
 * on a kernel per row). Facts: ascend-c.md §2.1 (basic APIs, A14/A16/A18), §2.2 (Cast round
 * modes, A13/A35), §2.4 (high-level maths, A30).
 */
import type { NameRow } from './table';

type Row = Omit<NameRow, 'family'>;

function vec(rule: string, name: string, api: string, opClass: 'simple' | 'transcendental', port: string | null, note = '', source = 'A14'): Row {
  return { name, rule, map: { kind: 'vector', api, opClass, port }, note, source };
}
function hand(rule: string, name: string, to: string, note = '', source = 'A30'): Row {
  return { name, rule, map: { kind: 'hand', to }, note, source };
}
function none(rule: string, name: string, instead: string, note = '', source = 'A14'): Row {
  return { name, rule, map: { kind: 'none', instead }, note, source };
}

const FAST = 'use the high-level maths library or compose it from Exp/Ln/Mul';
const HALF_NONE = 'compose it from the basic APIs or the high-level maths library';
const HIGH_LEVEL_TRIG = 'the high-level maths library (its Acos…Tanh family, A30) over the tile, with a shared temporary buffer';

const ROWS: Row[] = [
  // ASC401: fast-math intrinsics and the float maths the basic vector API computes.
  vec('ASC401', '__expf', 'Exp', 'transcendental', null),
  vec('ASC401', 'expf', 'Exp', 'transcendental', null),
  vec('ASC401', '__logf', 'Ln', 'transcendental', null),
  vec('ASC401', 'logf', 'Ln', 'transcendental', null),
  vec('ASC401', '__fdividef', 'Div', 'transcendental', null, 'Div runs at the transcendental rate on 910B (32 elements per cycle).', 'A14, A18'),
  vec('ASC401', '__frcp_rn', 'Reciprocal', 'simple', null, 'The reference does not say whether Reciprocal is correctly rounded, as __frcp_rn is.'),
  vec('ASC401', '__fsqrt_rn', 'Sqrt', 'transcendental', null),
  vec('ASC401', 'sqrtf', 'Sqrt', 'transcendental', null),
  vec('ASC401', 'rsqrtf', 'Rsqrt', 'simple', null),
  vec('ASC401', '__frsqrt_rn', 'Rsqrt', 'simple', null),
  vec('ASC401', 'fabsf', 'Abs', 'simple', null),
  vec('ASC401', 'fmaxf', 'Max', 'simple', null),
  vec('ASC401', 'fminf', 'Min', 'simple', null),
  none('ASC401', '__powf', FAST),
  none('ASC401', '__sinf', FAST),
  none('ASC401', '__cosf', FAST),
  none('ASC401', '__tanf', FAST),
  none('ASC401', '__saturatef', FAST, 'Clamping to [0, 1] is Maxs then Mins.'),
  none('ASC401', '__fmaf_rn', FAST, 'Mul then Add (or the fused MulAddDst/FusedMulAdd) computes a·b + c over a tile.'),

  // ASC405: scalar half / bfloat16 intrinsics.
  vec('ASC405', '__hadd', 'Add', 'simple', null, '', 'A14, F'),
  vec('ASC405', '__hsub', 'Sub', 'simple', null, '', 'A14, F'),
  vec('ASC405', '__hmul', 'Mul', 'simple', null, '', 'A14, F'),
  vec('ASC405', '__hdiv', 'Div', 'transcendental', null, '', 'A14, F'),
  vec('ASC405', '__hmax', 'Max', 'simple', null, '', 'A14, F'),
  vec('ASC405', '__hmin', 'Min', 'simple', null, '', 'A14, F'),
  vec('ASC405', '__habs', 'Abs', 'simple', null, '', 'A14, F'),
  vec('ASC405', '__hfma', 'Mul then Add', 'simple', null, 'The port computes a·b + c in float (the product of two halves is exact) and rounds to half: twice where CUDA rounds once.', 'A14, F'),
  vec('ASC405', 'hexp', 'Exp', 'transcendental', null, '', 'A14, F'),
  vec('ASC405', 'hlog', 'Ln', 'transcendental', null, '', 'A14, F'),
  vec('ASC405', 'hsqrt', 'Sqrt', 'transcendental', null, '', 'A14, F'),
  vec('ASC405', 'hrsqrt', 'Rsqrt', 'simple', null, '', 'A14, F'),
  vec('ASC405', 'hrcp', 'Reciprocal', 'simple', null, '', 'A14, F'),
  ...['__heq', '__hne', '__hlt', '__hle', '__hgt', '__hge'].map((n) => vec('ASC405', n, 'Compare', 'simple', null, 'Compare writes a bit mask and Select picks 1 or 0; count·sizeof(T) must be a multiple of 256 bytes, so the port tiles in whole 256-byte repeats.', 'A14, A35')),
  ...['__hneg', '__hadd_sat', '__hsub_sat', '__hmul_sat', '__hfma_sat', '__hfma_relu', 'hexp2', 'hexp10', 'hlog2', 'hlog10', 'hsin', 'hcos', 'hceil', 'hfloor', 'htrunc', 'hrint', '__hisnan', '__hisinf'].map((n) => none('ASC405', n, HALF_NONE)),

  // ASC412: the standard single-precision maths functions beyond the basic vector API.
  vec('ASC412', 'tanhf', 'Tanh', 'transcendental', null, 'The high-level Tanh needs a tiling and a temporary buffer; the elementwise port computes sign(x) · (1 − 2 / (exp(2|x|) + 1)) with Abs, Exp, Adds, Div and Compare + Select instead.', 'A14, A30'),
  vec('ASC412', 'powf', 'Power', 'transcendental', null, 'In the high-level maths library (asc-devkit include/adv_api/math/power.h); the overload without a temporary buffer uses the UB the toolchain reserves.', 'A30'),
  vec('ASC412', 'erff', 'Erf', 'transcendental', null, 'In the high-level maths library (asc-devkit include/adv_api/math/erf.h): a rational approximation with x clipped to ±3.92.', 'A30'),
  ...([['floorf', 'CAST_FLOOR'], ['ceilf', 'CAST_CEIL'], ['roundf', 'CAST_ROUND'], ['truncf', 'CAST_TRUNC'], ['rintf', 'CAST_RINT'], ['nearbyintf', 'CAST_RINT']] as const).map(([n, mode]) =>
    vec('ASC412', n, 'Cast', 'simple', null, `Cast to int32 with RoundMode::${mode} and back, selected where |x| < 2^23 (larger floats, ±∞ and NaN are already integral or pass through).`, 'A13, A35'),
  ),
  hand('ASC412', 'exp2f', '`Muls` by ln 2, then `Exp`', '', 'A14'),
  hand('ASC412', 'exp10f', '`Muls` by ln 10, then `Exp`', '', 'A14'),
  hand('ASC412', 'log2f', '`Ln`, then `Muls` by 1/ln 2', '', 'A14'),
  hand('ASC412', 'log10f', '`Ln`, then `Muls` by 1/ln 10', '', 'A14'),
  hand('ASC412', 'expm1f', '`Exp`, then `Adds` −1 (loses precision near 0)', '', 'A14'),
  hand('ASC412', 'log1pf', '`Adds` 1, then `Ln` (loses precision near 0)', '', 'A14'),
  hand('ASC412', 'fmaf', '`Mul` then `Add`, or the fused `MulAddDst`/`FusedMulAdd`, or the high-level `Fma`', '', 'A14, A30'),
  hand('ASC412', 'copysignf', '`Abs`, then `Compares` on the sign source and `Select` between the value and its negation (`Muls` by −1)', '', 'A14, A35'),
  hand('ASC412', 'hypotf', '`Mul`, `Add`, `Sqrt` (no overflow protection)', '', 'A14'),
  vec('ASC412', 'sinf', 'Sin', 'transcendental', null, 'In the high-level maths library (asc-devkit include/adv_api/math/sin.h): range reduction by π, then a polynomial; inputs documented in [-65504, 65504].', 'A30'),
  vec('ASC412', 'cosf', 'Cos', 'transcendental', null, 'In the high-level maths library (asc-devkit include/adv_api/math/cos.h): range reduction by π, then a polynomial; inputs documented in [-65504, 65504].', 'A30'),
  ...['tanf', 'asinf', 'acosf', 'atanf', 'atan2f', 'sinhf', 'coshf', 'asinhf', 'acoshf', 'atanhf', 'sincosf', 'sincospif', 'sinpif', 'cospif'].map((n) => hand('ASC412', n, HIGH_LEVEL_TRIG)),
  ...['erfcf', 'erfinvf', 'erfcinvf', 'lgammaf', 'tgammaf', 'normcdff', 'normcdfinvf', 'cbrtf', 'rcbrtf', 'fmodf', 'remainderf', 'remquof', 'ldexpf', 'frexpf', 'modff', 'scalbnf', 'logbf', 'ilogbf', 'j0f', 'j1f', 'y0f', 'y1f'].map((n) =>
    none('ASC412', n, 'no Ascend C API computes it: compose it from Exp/Ln/Mul/Div and Compare/Select, or compute it on the host', '', 'A14, A30'),
  ),

  // ASC413: integer dot-product intrinsics.
  ...['__dp4a', '__dp2a_lo', '__dp2a_hi'].map((n) =>
    hand('ASC413', n, 'int8 products on the Cube unit (the Matmul API with `int8_t` A and B and `int32_t` C) for GEMM-like loops; elsewhere `Cast` to a wider type, `Mul` and `ReduceSum` over the tile', 'The Cube unit multiplies int8 16×16×32 fractals (8192 MAC per cycle per AI Core on 910B); the Matmul API is not on 910A.', 'A19, A27'),
  ),
  // ASC414: packing and conversion of half2 / bfloat162 pairs.
  ...['__half22float2', '__float22half2_rn', '__lows2half2', '__highs2half2', '__lowhigh2highlow', '__low2float', '__high2float', '__half2half2'].map((n) =>
    hand('ASC414', n, 'adjacent elements of a `half` tile: a pair is two elements, and conversions are one `Cast` over the tile', '', 'A14, A35'),
  ),
  ...['__floats2bfloat162_rn', '__float2bfloat162_rn', '__bfloat1622float2', '__low2bfloat16', '__high2bfloat16', '__halves2bfloat162', '__bfloat162bfloat162', '__lows2bfloat162', '__highs2bfloat162', '__low2bfloat162', '__high2bfloat162', 'make_bfloat162'].map((n) =>
    hand('ASC414', n, 'adjacent elements of a `bfloat16_t` tile: `Cast` float→bf16 with `CAST_RINT` and bf16→float with `CAST_NONE`, and compute in float (the 910B arithmetic APIs list half, not bfloat16)', '', 'A14, A35, F'),
  ),
  // ASC610: device traps.
  ...['__trap', '__brkpt'].map((n) =>
    none('ASC610', n, 'no device trap: write an error code to a global-memory word, return from the kernel, and check the word on the host after `aclrtSynchronizeStream`', '', 'A33'),
  ),

  // ASC113: address-space conversions and predicates.
  ...['__cvta_generic_to_shared', '__cvta_generic_to_global', '__cvta_generic_to_constant', '__cvta_generic_to_local', '__cvta_shared_to_generic', '__cvta_global_to_generic', '__cvta_constant_to_generic', '__cvta_local_to_generic', '__isShared', '__isGlobal', '__isConstant', '__isLocal', '__isGridConstant'].map((n) =>
    hand('ASC113', n, 'address spaces in the types: `__gm__` pointers and `GlobalTensor` for global memory, `LocalTensor` from a `TQue`/`TBuf` for UB; a pointer\'s space is known where it is declared, never converted or tested at run time', '', 'A5, A10, A11'),
  ),

  // ASC105: cache-hinted loads.
  ...['__ldg', '__ldca', '__ldcg', '__ldcs', '__ldlu', '__ldcv'].map((n) => hand('ASC105', n, 'a plain read of the tile after `DataCopy` GM→UB (no per-load cache hints)', '', 'A7')),
  // ASC109: cache-hinted stores.
  ...['__stcs', '__stcg', '__stwt', '__stwb'].map((n) => hand('ASC109', n, 'a plain write to the UB tile, then `DataCopy` UB→GM (no per-store cache hints)', '', 'A7')),
];

export const MATH_NAMES: readonly NameRow[] = ROWS.map((r) => ({ ...r, family: 'math' as const }));
