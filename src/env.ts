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
  /**
   * The seeded generator of one namespace (undefined: the cluster-scoped stream). Every random choice made
   * for an object draws from the stream of the object's namespace, so the names, IPs and ports of a user's
   * objects never depend on what happens in other namespaces (kube-system's pods, an add-on's objects):
   * adding system objects in a new kube-sim version leaves a user's pinned names where they were.
   */
  rngFor(namespace: string | undefined): Rng;
  /**
   * The namespace's stream for what happens at run time rather than what an object is called: scheduling
   * ties, container ids, image pull times, kube-proxy's choices, DNS ids. Kept apart from `rngFor` because
   * how often these draw depends on other namespaces (a node's load, an image already pulled there), and
   * that must never move the names of the namespace's next objects.
   */
  runtimeRngFor(namespace: string | undefined): Rng;
  /**
   * The namespace's stream for object uids. Every object gets one, Events included, and how many Events
   * the controllers record changes whenever kube-sim becomes more faithful: drawn from `rngFor`, each
   * one would move the generated names (and cluster IPs) of the namespace's next objects.
   */
  uidRngFor(namespace: string | undefined): Rng;
}

/** The stream key of a namespace ('' for cluster-scoped objects). */
function streamKey(namespace: string | undefined): string {
  return namespace ?? '';
}

/**
 * Where stream `key` of a cluster seeded with `seed` starts: a hash of both, so each namespace has its own
 * sequence that depends on nothing but the seed and the namespace's name.
 */
export function streamStart(seed: number, key: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of `${key}\u0000kube-sim-stream`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  // A final avalanche so that keys differing in one character start far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** How far one draw moves a stream (mulberry32's increment). */
const STEP = 0x6d2b79f5;

/**
 * A seeded generator (mulberry32) whose whole position is one uint32 kept in the state: the cluster-scoped
 * stream in `meta.rng`, a namespace's in `meta.streams[namespace]` (created at its start on first use).
 */
export class Rng {
  constructor(
    private readonly state: ClusterState,
    private readonly key = '',
  ) {}

  /** The stream's position now (a new namespace's stream starts where `streamStart` says). */
  private position(): number {
    const meta = this.state.meta;
    if (this.key === '') return meta.rng;
    return meta.streams?.[this.key] ?? streamStart(meta.seed, this.key);
  }

  /** Store the stream's position. */
  private moveTo(at: number): void {
    const meta = this.state.meta;
    if (this.key === '') meta.rng = at;
    else (meta.streams ??= {})[this.key] = at;
  }

  /** Next float in [0, 1). */
  next(): number {
    const at = (this.position() + STEP) >>> 0;
    this.moveTo(at);
    return mix(at);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /**
   * A string of `length` characters drawn from `alphabet`: the same draws as `length` calls of `int`,
   * with the position read and stored once (uids and generated names are drawn for every object).
   */
  string(length: number, alphabet: string): string {
    if (length <= 0) return '';
    let at = this.position();
    let s = '';
    for (let i = 0; i < length; i++) {
      at = (at + STEP) >>> 0;
      s += alphabet[Math.floor(mix(at) * alphabet.length)];
    }
    this.moveTo(at);
    return s;
  }

  /** Lower-case hex string of `length` digits (container ids, image digests). */
  hex(length: number): string {
    return this.string(length, '0123456789abcdef');
  }

  /** A v4 UUID. */
  uuid(): string {
    const h = this.hex(32);
    const variant = '89ab'[this.int(4)]!;
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/** mulberry32's output function: a float in [0, 1) from a stream position. */
function mix(at: number): number {
  let t = at;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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
    rngFor: (namespace) => new Rng(state, streamKey(namespace)),
    runtimeRngFor: (namespace) => new Rng(state, `runtime:${streamKey(namespace)}`),
    uidRngFor: (namespace) => new Rng(state, `uid:${streamKey(namespace)}`),
  };
}

/**
 * The same environment acting for the cluster itself (bootstrap, system controllers creating the objects
 * every cluster has): its draws come from `system:<namespace>` streams, so a system object in `default`
 * (the `kubernetes` Service, a ServiceAccount, a CA ConfigMap) never moves the stream a user's objects
 * draw from, whatever system objects a kube-sim version adds.
 */
export function asSystem(env: Env, state: ClusterState): Env {
  return {
    now: env.now,
    rngFor: (namespace) => new Rng(state, `system:${streamKey(namespace)}`),
    runtimeRngFor: (namespace) => new Rng(state, `system-runtime:${streamKey(namespace)}`),
    uidRngFor: (namespace) => new Rng(state, `system-uid:${streamKey(namespace)}`),
  };
}

/**
 * The virtual clock's stored text for an instant: RFC 3339 as timestamps are written, with milliseconds
 * only when the instant is not on a whole second (`advance 500ms` twice must move the clock by a second,
 * not drop each half); every timestamp taken from the clock is still written in whole seconds.
 */
export function virtualClockText(ms: number): string {
  return ms % 1000 === 0 ? rfc3339(new Date(ms)) : new Date(ms).toISOString();
}

let lastSecond = NaN;
let lastText = '';

/** RFC 3339 without milliseconds, as the API server writes timestamps (the last second's text is kept). */
export function rfc3339(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastText;
}
