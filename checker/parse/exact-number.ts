/**
 * JSON numbers read exactly, as written. A double holds integers exactly only
 * up to 2^53, and nanosecond clocks (about 1.7e18) are far above that: two
 * times 100 ns apart can round to the same double, which turns "returned
 * before the call" into "touching", a different verdict. So the readers keep
 * a number's text and compare it digit by digit.
 */

/** value = (negative ? -1 : 1) × 0.digits × 10^pointAt; digits has no leading or trailing zeros ('' is zero). */
export interface ExactDecimal {
  negative: boolean;
  digits: string;
  pointAt: number;
}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Exponents longer than this are not read exactly by Number(); no real time or value needs one. */
const MAX_EXPONENT_DIGITS = 15;

/** The exact value of a JSON number token, or null when it is not one (or its exponent is absurdly long). */
export function exactDecimal(token: string): ExactDecimal | null {
  const match = NUMBER.exec(token);
  if (match === null) return null;
  const [, sign, whole, fraction = '', exponentText = '0'] = match as unknown as [string, string, string, string?, string?];
  if (exponentText.replace(/^[+-]/, '').length > MAX_EXPONENT_DIGITS) return null;
  const all = whole + fraction;
  const leading = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(leading).replace(/0+$/, '');
  if (digits === '') return { negative: false, digits: '', pointAt: 0 };
  return { negative: sign === '-', digits, pointAt: whole.length - leading + Number(exponentText) };
}

/** Negative, zero or positive as a < b, a = b, a > b. */
export function compareDecimal(a: ExactDecimal, b: ExactDecimal): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const magnitude = compareMagnitude(a, b);
  return a.negative ? -magnitude : magnitude;
}

function compareMagnitude(a: ExactDecimal, b: ExactDecimal): number {
  if (a.digits === '' || b.digits === '') return (a.digits === '' ? 0 : 1) - (b.digits === '' ? 0 : 1);
  if (a.pointAt !== b.pointAt) return a.pointAt < b.pointAt ? -1 : 1;
  return a.digits < b.digits ? -1 : a.digits > b.digits ? 1 : 0;
}

export function isInteger(value: ExactDecimal): boolean {
  return value.digits.length <= value.pointAt || value.digits === '';
}

/** The value as a bigint; only for integers. */
export function toBigInt(value: ExactDecimal): bigint {
  const magnitude = value.digits === '' ? 0n : BigInt(value.digits + '0'.repeat(value.pointAt - value.digits.length));
  return value.negative ? -magnitude : magnitude;
}

/**
 * Whether the token's double stands for it exactly as far as anyone can see:
 * the double is finite and prints as the same number. Distinct tokens that
 * pass have distinct doubles, so comparing their doubles is exact.
 */
export function isFaithfulDouble(token: string, value: ExactDecimal): boolean {
  const double = Number(token);
  if (!Number.isFinite(double)) return false;
  const printed = exactDecimal(String(double));
  return printed !== null && compareDecimal(printed, value) === 0;
}
