/** Types and maths: double, packed half, int8/int64 maths, fast-math intrinsics, conversions (ASC400–ASC499). Ordered by code. */
import typeConversion from '../type-conversion';
import mathIntrinsic from '../math-intrinsic';
import doublePrecision from '../double-precision';
import packedHalf from '../packed-half';
import type { Rule } from '../rule';

export const mathTypesRules: readonly Rule[] = [
  mathIntrinsic, // ASC401
  typeConversion, // ASC402
  doublePrecision, // ASC403
  packedHalf, // ASC404
];
