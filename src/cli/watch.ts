/**
 * Following the cluster over time, for the commands that wait or stream (`get -w`, `logs -f`,
 * `rollout status`, `wait`). The cluster changes in two ways while they wait: another process saves it,
 * or the wall clock makes time-driven work due (a probe, an image pull, a rollout step). Both show in the
 * stored state's metadata once the controllers have caught up in memory (every write moves
 * meta.resourceVersion, and so does every change the controllers make), so a poll that reads the state
 * (cheap: only the manifest and what the controllers touch) and finds that mark unchanged skips the
 * caller's work. On the virtual clock nothing moves unless a command moves it, so they look once.
 */
import type { ClusterState } from '../api/types.js';
import { clockMode, virtualClockText, type Env } from '../env.js';
import { advanceClock } from '../controllers/timeline.js';
import type { CommandContext } from './context.js';
import { CliError } from '../api/errors.js';

/** How often the state is looked at while waiting (kubectl's watches are pushed; this is close enough). */
const POLL_MS = 200;

/** How a follow ended: the caller's condition held, Ctrl-C (or another termination signal), or the timeout. */
export type FollowEnd = 'done' | 'interrupted' | 'timeout';

export interface FollowOptions {
  /** Give up after this long (milliseconds of wall time); absent: wait as long as it takes. */
  timeoutMs?: number;
}

/**
 * Call `look` with the cluster now, then again each time it may have changed, until `look` returns true,
 * io.signal aborts, or the timeout passes; `look` always runs at least once. On the virtual clock it runs
 * once: 'done' if it returned true, else 'timeout' (nothing can change while a single command waits).
 */
export async function follow(
  ctx: CommandContext,
  look: (cluster: { state: ClusterState; env: Env }) => boolean | void,
  opts: FollowOptions = {},
): Promise<FollowEnd> {
  // Ctrl-C in the bin (io.onInterrupt), or the walkthrough stopping the command (io.signal).
  const interrupt = new AbortController();
  const unsubscribe = ctx.io.onInterrupt?.(() => interrupt.abort('SIGINT'));
  const signals = [interrupt.signal, ...(ctx.io.signal ? [ctx.io.signal] : [])];
  const now = () => (ctx.io.now ?? (() => new Date()))().getTime();
  const deadline = opts.timeoutMs === undefined ? Infinity : now() + opts.timeoutMs;
  let last: string | undefined;
  try {
    for (;;) {
      const cluster = ctx.read();
      const mark = changeMark(cluster.state);
      if (mark !== last) {
        last = mark;
        if (look(cluster)) return 'done';
      }
      if (clockMode(ctx.io.env) === 'virtual') return 'timeout';
      // Checked after a look: a walkthrough aborts a foreground watch at once, and it still prints what is there.
      if (signals.some((s) => s.aborted)) return 'interrupted';
      const left = deadline - now();
      if (left <= 0) return 'timeout';
      await pause(Math.min(POLL_MS, left), signals);
    }
  } finally {
    unsubscribe?.();
  }
}

/**
 * Move the cluster clock `ms` forward in one write, timed controllers acting at their own instants on
 * the way (`kube-sim advance`); on the wall clock the offset grows. Returns the cluster after it.
 */
export function advanceBy(ctx: CommandContext, ms: number): { state: ClusterState; env: Env } {
  const virtual = clockMode(ctx.io.env) === 'virtual';
  return ctx.mutate((state, env) => {
    advanceClock(state, env, env.now().getTime() + ms, (at) => {
      if (virtual) state.meta.virtualNow = virtualClockText(at);
      else state.meta.wallOffsetMs += at - env.now().getTime();
    });
  }).ctx;
}

/**
 * A client's sleep between two requests (kubectl drain's 5s before it retries an eviction): on the
 * virtual clock the cluster lives through `ms` at once (advanceBy), so a replay is the same; on the wall
 * clock the command waits that long. False when Ctrl-C (or the walkthrough) stopped it meanwhile.
 */
export async function sleepOnClusterClock(ctx: CommandContext, ms: number): Promise<boolean> {
  if (clockMode(ctx.io.env) === 'virtual') {
    advanceBy(ctx, ms);
    return true;
  }
  const interrupt = new AbortController();
  const unsubscribe = ctx.io.onInterrupt?.(() => interrupt.abort('SIGINT'));
  const signals = [interrupt.signal, ...(ctx.io.signal ? [ctx.io.signal] : [])];
  try {
    if (signals.some((s) => s.aborted)) return false;
    await pause(ms, signals);
    return !signals.some((s) => s.aborted);
  } finally {
    unsubscribe?.();
  }
}

/** What every change of the cluster moves: its write counter, its clock, its random streams, its settings. */
function changeMark(state: ClusterState): string {
  return JSON.stringify([state.meta, state.settings]);
}

/** Wait `ms`, or less if one of `signals` aborts meanwhile. */
function pause(ms: number, signals: AbortSignal[]): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', finish);
      done();
    }
    for (const s of signals) s.addEventListener('abort', finish, { once: true });
  });
}

/**
 * A duration flag (`--timeout=30s`, `1m30s`, `500ms`) in milliseconds, parsed as Go's time.ParseDuration
 * parses it; a bad one fails as pflag reports it (`invalid argument "30" for "--timeout" flag: time:
 * missing unit in duration "30"`).
 */
export function durationFlag(value: string, flag: string, command: string): number {
  const ms = goDuration(value);
  if (typeof ms === 'number') return ms;
  throw new CliError(`invalid argument ${goQuote(value)} for "${flag}" flag: ${ms}\nSee 'kubectl ${command} --help' for usage.`);
}

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** time.ParseDuration: milliseconds, or Go's error text. */
function goDuration(text: string): number | string {
  const invalid = `time: invalid duration ${goQuote(text)}`;
  let s = text;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    const num = /^(\d*)(\.\d*)?/.exec(s)!;
    if (!num[1] && (!num[2] || num[2] === '.')) return invalid;
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (!unit) return `time: missing unit in duration ${goQuote(text)}`;
    if (!(unit in UNITS)) return `time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`;
    total += Number(num[0]) * UNITS[unit]!;
    s = s.slice(unit.length);
  }
  // A time.Duration is an int64 of nanoseconds: anything longer (~2562047h) is an invalid duration.
  if (total * 1e6 > 2 ** 63) return invalid;
  return sign * total;
}

/** strconv.Quote for the printable text flags hold. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}
