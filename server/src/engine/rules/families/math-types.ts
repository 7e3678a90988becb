/** Types and maths: double, packed half, int8/int64 maths, fast-math intrinsics, conversions (ASC400–ASC499). Ordered by code. */
import bitIntrinsic from '../bit-intrinsic';
import complexType from '../complex-type';
import directedRounding from '../directed-rounding';
import doublePrecision from '../double-precision';
import elementTypeArithmetic from '../element-type-arithmetic';
import fp8Type from '../fp8-type';
import halfIntrinsic from '../half-intrinsic';
import integerMultiplyIntrinsic from '../integer-multiply-intrinsic';
import mathIntrinsic from '../math-intrinsic';
import packedHalf from '../packed-half';
import mathFunction from '../math-function';
import dotProductIntrinsic from '../dot-product-intrinsic';
import packedConversion from '../packed-conversion';
import type { Rule } from '../rule';
import typeConversion from '../type-conversion';

export const mathTypesRules: readonly Rule[] = [
  mathIntrinsic, // ASC401
  typeConversion, // ASC402
  doublePrecision, // ASC403
  packedHalf, // ASC404
  halfIntrinsic, // ASC405
  elementTypeArithmetic, // ASC406
  complexType, // ASC407
  bitIntrinsic, // ASC408
  integerMultiplyIntrinsic, // ASC409
  fp8Type, // ASC410
  directedRounding, // ASC411
  mathFunction, // ASC412
  dotProductIntrinsic, // ASC413
  packedConversion, // ASC414
];
