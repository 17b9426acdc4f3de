/**
 * Cron schedules as the CronJob controller reads them (robfig/cron v3's standard parser): five fields
 * (minute hour day-of-month month day-of-week) with `*`, `?`, lists, ranges, steps and month/day names,
 * or a descriptor (`@hourly`, `@daily`, `@every 5m`, ...). Matching happens in the CronJob's time zone
 * (UTC unless `spec.timeZone` names an IANA zone), and a field given as `*` on one of the two day fields
 * makes them combine with AND, otherwise OR, as cron does.
 */

interface Field { bits: Set<number>; star: boolean }
export interface CronSchedule { minute: Field; hour: Field; dom: Field; month: Field; dow: Field; every?: number }

const RANGES = { minute: [0, 59], hour: [0, 23], dom: [1, 31], month: [1, 12], dow: [0, 6] } as const;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *',
};

function parseNumber(text: string, names: string[] | undefined, offset: number): number {
  const i = names?.indexOf(text.toLowerCase()) ?? -1;
  if (i >= 0) return i + offset;
  if (!/^\d+$/.test(text)) throw new Error(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  return Number(text);
}

function parseField(expr: string, which: keyof typeof RANGES): Field {
  const [min, max] = RANGES[which];
  const names = which === 'month' ? MONTHS : which === 'dow' ? DAYS : undefined;
  const offset = which === 'month' ? 1 : 0;
  const bits = new Set<number>();
  let star = false;
  for (const part of expr.split(',')) {
    const [range, stepText] = part.split('/');
    let lo: number, hi: number, partStar = false;
    if (range === '*' || range === '?') {
      [lo, hi, partStar] = [min, max, true];
    } else {
      const [a, b] = range!.split('-');
      lo = parseNumber(a!, names, offset);
      hi = b !== undefined ? parseNumber(b, names, offset) : lo;
      if (stepText !== undefined && b === undefined) hi = max;
    }
    let step = 1;
    if (stepText !== undefined) {
      step = parseNumber(stepText, undefined, 0);
      if (step === 0) throw new Error(`step of range should be a positive number: ${part}`);
      if (step > 1) partStar = false;
    }
    if (lo < min) throw new Error(`beginning of range (${lo}) below minimum (${min}): ${part}`);
    if (hi > max) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    for (let v = lo; v <= hi; v += step) bits.add(v);
    if (partStar) star = true;
  }
  return { bits, star };
}

/** Parse a schedule; throws an Error with robfig/cron's message when it is invalid. */
export function parseCron(spec: string): CronSchedule {
  const text = spec.trim();
  if (text.startsWith('@every ')) {
    // µ as \u00b5 in the patterns: esbuild leaves a regular expression's characters as they are, and the
    // CLI bundle stays ASCII (bin/kube-sim.cjs decodes it as latin1, faster than UTF-8).
    const m = /^@every\s+((?:\d+(?:\.\d+)?(?:ns|us|\u00b5s|ms|s|m|h))+)$/.exec(text);
    if (!m) throw new Error(`failed to parse duration ${text}: time: invalid duration ${JSON.stringify(text.slice(7))}`);
    let ms = 0;
    for (const [, n, u] of m[1]!.matchAll(/(\d+(?:\.\d+)?)(ns|us|\u00b5s|ms|s|m|h)/g)) ms += Number(n) * ({ ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 } as Record<string, number>)[u!]!;
    const all = parseCron('* * * * *');
    return { ...all, every: Math.max(1000, Math.floor(ms / 1000) * 1000) };
  }
  if (text.startsWith('@')) {
    const d = DESCRIPTORS[text.toLowerCase()];
    if (!d) throw new Error(`unrecognized descriptor: ${text}`);
    return parseCron(d);
  }
  const fields = text.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  return {
    minute: parseField(fields[0]!, 'minute'),
    hour: parseField(fields[1]!, 'hour'),
    dom: parseField(fields[2]!, 'dom'),
    month: parseField(fields[3]!, 'month'),
    dow: parseField(fields[4]!, 'dow'),
  };
}

interface Local { minute: number; hour: number; day: number; month: number; weekday: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of instant `ms` in `zone` (UTC when undefined). */
function localFields(ms: number, zone: string | undefined): Local {
  const d = new Date(ms);
  if (!zone || zone === 'UTC' || zone === 'Etc/UTC') return { minute: d.getUTCMinutes(), hour: d.getUTCHours(), day: d.getUTCDate(), month: d.getUTCMonth() + 1, weekday: d.getUTCDay() };
  let f = formatters.get(zone);
  if (!f) formatters.set(zone, (f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', minute: 'numeric', hour: 'numeric', day: 'numeric', month: 'numeric', weekday: 'short' })));
  const parts = Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
  return { minute: Number(parts.minute), hour: Number(parts.hour), day: Number(parts.day), month: Number(parts.month), weekday: DAYS.indexOf(String(parts.weekday).toLowerCase().slice(0, 3)) };
}

/** Is `zone` a time zone name this runtime knows (the API server checks against its tz database)? */
export function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Day-of-month and day-of-week combine with AND when either is `*`, else with OR (robfig's dayMatches). */
function dayMatches(s: CronSchedule, l: Local): boolean {
  const dom = s.dom.bits.has(l.day);
  const dow = s.dow.bits.has(l.weekday);
  return s.dom.star || s.dow.star ? dom && dow : dom || dow;
}

const MINUTE = 60_000;

/** The first scheduled instant strictly after `afterMs`, searching at most `limitMs` ahead (null when none). */
export function nextRun(s: CronSchedule, afterMs: number, zone: string | undefined, limitMs = 366 * 24 * 3600_000): number | null {
  if (s.every) return Math.floor(afterMs / 1000) * 1000 + s.every;
  let t = Math.floor(afterMs / MINUTE) * MINUTE + MINUTE;
  const end = afterMs + limitMs;
  while (t <= end) {
    const l = localFields(t, zone);
    if (!s.month.bits.has(l.month) || !dayMatches(s, l)) {
      // Skip to the next local midnight (whole days that cannot match).
      t += ((23 - l.hour) * 60 + (60 - l.minute)) * MINUTE;
      continue;
    }
    if (!s.hour.bits.has(l.hour)) {
      t += (60 - l.minute) * MINUTE;
      continue;
    }
    if (s.minute.bits.has(l.minute)) return t;
    t += MINUTE;
  }
  return null;
}

/**
 * The scheduled instants in (fromMs, toMs], newest last, at most `cap` + 1 of them (the CronJob controller
 * only needs the most recent one and whether there were too many).
 */
export function runsBetween(s: CronSchedule, fromMs: number, toMs: number, zone: string | undefined, cap = 100): number[] {
  const out: number[] = [];
  let t = nextRun(s, fromMs, zone, toMs - fromMs);
  while (t !== null && t <= toMs) {
    out.push(t);
    if (out.length > cap + 1) out.shift();
    t = nextRun(s, t, zone, toMs - t);
  }
  return out;
}
