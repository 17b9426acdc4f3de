/**
 * The injected environment of one command: the clock and the seeded random source. Nothing else in the
 * code base may read the wall clock or Math.random, so the same commands on a fresh state give the same bytes.
 */
import type { ClusterState } from './api/types.js';

/** Fixed instant the virtual clock starts at (KUBE_SIM_CLOCK=virtual). */
export const VIRTUAL_EPOCH = '2026-11-21T22:50:00Z';

export interface Env {
  /** Current cluster time. */
  now(): Date;
  /** Seeded generator whose position lives in the state. */
  rng: Rng;
}

/** A seeded generator (mulberry32) whose whole position is one uint32 kept in `state.meta.rng`. */
export class Rng {
  constructor(private readonly state: ClusterState) {}

  /** Next float in [0, 1). */
  next(): number {
    let t = (this.state.meta.rng = (this.state.meta.rng + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  /** Lower-case hex string of `length` digits (container ids, image digests). */
  hex(length: number): string {
    return this.string(length, '0123456789abcdef');
  }

  /** A v4 UUID. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = '89ab'[this.int(4)]!;
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

/** kubectl's random-suffix alphabet (apimachinery util/rand): no vowels, no y, no 0 1 3. */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export type ClockMode = 'virtual' | 'wall';

/** Which clock to use: KUBE_SIM_CLOCK=virtual selects the virtual clock, anything else the wall clock. */
export function clockMode(vars: Record<string, string | undefined>): ClockMode {
  return vars.KUBE_SIM_CLOCK === 'virtual' ? 'virtual' : 'wall';
}

/** Build the environment for one command over a loaded state. `wallNow` is injectable for tests. */
export function makeEnv(state: ClusterState, mode: ClockMode, wallNow: () => Date = () => new Date()): Env {
  // The virtual instant is parsed once per value (controllers ask for it thousands of times a command).
  let text = '';
  let ms = 0;
  return {
    now: () => {
      if (mode !== 'virtual') return new Date(wallNow().getTime() + (state.meta.wallOffsetMs ?? 0));
      if (state.meta.virtualNow !== text) {
        text = state.meta.virtualNow;
        ms = Date.parse(text);
      }
      return new Date(ms);
    },
    rng: new Rng(state),
  };
}

/** RFC 3339 without milliseconds, as the API server writes timestamps. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
