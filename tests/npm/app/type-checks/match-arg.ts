// `ClaimLens.match` takes a string: passing a number must be a type error
// (it would throw a ClaimLensError, bad-argument, at run time). If the
// typings ever say `any` again, the @ts-expect-error below is unused and
// tsc fails (tests/npm/package.test.mjs).
import type { ClaimLens } from 'claimlens';

export function matchNumber(lens: ClaimLens) {
  // @ts-expect-error -- ClaimLens.match takes a string
  return lens.match(42);
}
