/**
 * Kubernetes resource quantities ("100m", "70Mi", "2", "1G") as describe sums and prints them:
 * values are kept as exact integers of milli-units so sums never drift, and printed in the
 * canonical form of apimachinery's Quantity.String() for the format of the first operand.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI';

export interface Quantity {
  /** Value in thousandths of a unit (millicores for cpu, milli-bytes for memory). */
  milli: bigint;
  format: QuantityFormat;
}

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, bigint> = { n: -9n, u: -6n, m: -3n, '': 0n, k: 3n, M: 6n, G: 9n, T: 12n, P: 15n, E: 18n };

export const ZERO: Quantity = { milli: 0n, format: 'DecimalSI' };

/** Parse a quantity string; anything unparsable counts as zero (describe never fails on it). */
export function parseQuantity(text: string | number | undefined | null): Quantity {
  if (text === undefined || text === null || text === '') return ZERO;
  const s = String(text).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return ZERO;
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = BigInt(m[2] || '0');
  const frac = m[3] ?? '';
  const suffix = m[4] ?? '';
  // value * 10^-frac.length, in milli: scale by 1000 first.
  let milliTimes = (intPart * 10n ** BigInt(frac.length) + BigInt(frac || '0')) * 1000n;
  let divisor = 10n ** BigInt(frac.length);
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in BINARY) {
    milliTimes *= BINARY[suffix]!;
    format = 'BinarySI';
  } else {
    const exp = /^[eE]/.test(suffix) ? BigInt(suffix.slice(1)) : DECIMAL[suffix]!;
    if (exp >= 0n) milliTimes *= 10n ** exp;
    else divisor *= 10n ** -exp;
  }
  // Round up like apimachinery does when precision is lost below milli.
  const milli = (milliTimes + divisor - 1n) / divisor;
  return { milli: sign * milli, format };
}

export function addQuantity(a: Quantity, b: Quantity): Quantity {
  if (a.milli === 0n && a === ZERO) return b;
  return { milli: a.milli + b.milli, format: a.format };
}

/** Whole units (rounded up), as Quantity.Value(). */
export function quantityValue(q: Quantity): bigint {
  return q.milli >= 0n ? (q.milli + 999n) / 1000n : q.milli / 1000n;
}

/** Quantity.String(): canonical form, largest suffix that keeps the value exact. */
export function formatQuantity(q: Quantity): string {
  if (q.milli === 0n) return '0';
  const neg = q.milli < 0n;
  const abs = neg ? -q.milli : q.milli;
  const sign = neg ? '-' : '';
  if (abs % 1000n !== 0n) return `${sign}${abs}m`;
  const units = abs / 1000n;
  if (q.format === 'BinarySI') {
    const order: [string, bigint][] = [['Ei', BINARY.Ei!], ['Pi', BINARY.Pi!], ['Ti', BINARY.Ti!], ['Gi', BINARY.Gi!], ['Mi', BINARY.Mi!], ['Ki', BINARY.Ki!]];
    for (const [suffix, factor] of order) if (units % factor === 0n) return `${sign}${units / factor}${suffix}`;
    // apimachinery falls back to decimal when the value is not a multiple of 1024.
  }
  const order: [string, bigint][] = [['E', 10n ** 18n], ['P', 10n ** 15n], ['T', 10n ** 12n], ['G', 10n ** 9n], ['M', 10n ** 6n], ['k', 1000n]];
  for (const [suffix, factor] of order) if (units % factor === 0n) return `${sign}${units / factor}${suffix}`;
  return `${sign}${units}`;
}
