/**
 * Cross-process write lock: `<state>.lock`, created atomically (hard link of a fully written temp
 * file, so it is never seen empty) and holding its holder's identity: pid, the process start time from
 * /proc (so a reused pid is not taken for the holder), a nonce naming this one acquisition, and the
 * holder's argv (so a waiter can say what it waits for).
 *
 * - A lock whose holder is alive is never broken, however long it is held: a stopped (Ctrl-Z) holder is
 *   alive. Waiters say once on stderr whom they wait for (after NOTICE_MS), and give up with an error,
 *   changing nothing, only after the documented limit (LOCK_TIMEOUT_MS, or KUBE_SIM_LOCK_TIMEOUT
 *   seconds).
 * - Only a lock whose holder is provably gone (no such pid, a zombie, or another process's start time) is
 *   broken. Breaking is claimed first: `<state>.lock.break-<nonce>` is created exclusively, so of many
 *   waiters that find the same dead holder one removes that very lock (checked by nonce after the claim);
 *   a claimant that dies while claiming is itself broken the same way.
 * - Release removes the lock only if it still carries this acquisition's nonce.
 */
import { openSync, writeSync, closeSync, readFileSync, unlinkSync, linkSync, statSync, readdirSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { RawError } from '../api/errors.js';
import { errnoText } from '../util/errno-text.js';

/** How long a waiter waits for a live holder before giving up (10 minutes). */
export const LOCK_TIMEOUT_MS = 600_000;
/** How long a waiter waits before saying on stderr whom it waits for. */
export const NOTICE_MS = 1_000;
/** A lock file that cannot be parsed (an OS crash mid-write) is stale once this old. */
const UNREADABLE_STALE_MS = 5_000;
/** Claims of claims: each level needs another process to die in a microsecond window. */
const MAX_BREAK_DEPTH = 4;

export interface LockHandle {
  release(): void;
}

export interface LockOptions {
  /** Give up after this long (ms) waiting for a live holder. */
  timeoutMs?: number;
  /** Describes this process in the lock file (default: from process.argv). */
  command?: string;
}

/** Who holds a lock, as written in the lock file. */
interface Holder {
  pid: number;
  /** Process start time in clock ticks since boot (/proc/PID/stat field 22); absent where /proc is not. */
  start?: string;
  nonce: string;
  /** When it was taken (ms since the epoch). */
  since: number;
  command?: string;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** State and start time of a process from /proc, or null where there is no such entry (or no /proc). */
function procStat(pid: number): { state: string; start: string } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces: fields restart after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: rest[0] ?? '', start: rest[19] ?? '' };
}

let ownStart: string | undefined | null = null;
function selfStart(): string | undefined {
  if (ownStart === null) ownStart = procStat(process.pid)?.start;
  return ownStart;
}

let counter = 0;

/** A description of this process for waiters: `kube-sim get svc`. */
function ownCommand(): string {
  const [, script, ...args] = process.argv;
  const name = script ? basename(script).replace(/\.(c|m)?js$/, '') : 'node';
  return [name, ...args].join(' ').slice(0, 300);
}

/** Whether a process with this pid exists (and is not a zombie): a dead holder's pid no longer does. */
export function pidAlive(pid: number): boolean {
  return holderAlive({ pid, nonce: '', since: 0 });
}

/** Is the holder still running (pid exists, not a zombie, same start time)? */
function holderAlive(h: Holder): boolean {
  if (!Number.isInteger(h.pid) || h.pid <= 0) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const st = procStat(h.pid);
  if (!st) return true; // no /proc: the pid exists, which is all we can know
  if (st.state === 'Z' || st.state === 'X') return false;
  if (h.start && st.start && h.start !== st.start) return false; // the pid now names another process
  return true;
}

/** The holder named in a lock (or claim) file; 'unreadable' for a file that does not parse; null when absent. */
function readHolder(path: string): Holder | 'unreadable' | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const t = text.trim();
  if (t.startsWith('{')) {
    try {
      const h = JSON.parse(t) as Holder;
      if (typeof h.pid === 'number' && typeof h.nonce === 'string') return h;
    } catch {
      /* unreadable */
    }
    return 'unreadable';
  }
  // The first layout: "PID SINCE".
  const [pid, since] = t.split(' ');
  if (!pid || !/^\d+$/.test(pid)) return 'unreadable';
  return { pid: Number(pid), nonce: `legacy-${t}`, since: Number(since) || 0 };
}

function fileAge(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Create `path` holding `text` only if it does not exist: a hard link of a fully written temp file (never
 * seen empty); where hard links are not supported, O_EXCL and a write. Returns false when it exists.
 */
function createExclusive(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.${++counter}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function identity(command: string): Holder {
  const start = selfStart();
  return { pid: process.pid, ...(start ? { start } : {}), nonce: `${process.pid}.${start ?? ''}.${Date.now()}.${++counter}`, since: Date.now(), command };
}

const describe = (h: Holder) => `pid ${h.pid}${h.command ? ` (${h.command})` : ''}`;

/**
 * Remove the lock at `path` carrying `nonce`, whose holder is gone. Returns 'removed' when this call
 * removed it, 'replaced' when it no longer carries that nonce (its holder released it before it went:
 * nothing was stale), false when another live process is breaking it (wait for it).
 */
export function breakLock(path: string, nonce: string, command: string, depth = 0): 'removed' | 'replaced' | false {
  if (depth > MAX_BREAK_DEPTH) return false;
  const claim = `${path}.break-${nonce.replace(/[^A-Za-z0-9.-]/g, '_')}`;
  const me = identity(command);
  for (;;) {
    if (createExclusive(claim, JSON.stringify(me))) break;
    const claimant = readHolder(claim);
    if (claimant === null) continue; // removed meanwhile: claim again
    if (claimant !== 'unreadable' && holderAlive(claimant)) return false;
    if (claimant === 'unreadable' && fileAge(claim) < UNREADABLE_STALE_MS) return false;
    // The claimant died while breaking: break its claim the same way, then claim again.
    const cn = claimant === 'unreadable' ? `unreadable` : claimant.nonce;
    if (claimant === 'unreadable') {
      try {
        unlinkSync(claim);
      } catch {
        /* gone */
      }
    } else if (!breakLock(claim, cn, command, depth + 1)) return false;
  }
  // Only the claimant of this nonce removes the lock carrying it, and only while it still carries it.
  const current = readHolder(path);
  const same = current !== null && (current === 'unreadable' ? nonce === 'unreadable' : current.nonce === nonce);
  if (!same) return 'replaced';
  try {
    unlinkSync(path);
  } catch {
    return 'replaced';
  }
  return 'removed';
}

/** Claim files and temp files left by processes that died while locking (run by a holder). */
function sweepLeftovers(lockPath: string): void {
  const dir = dirname(lockPath);
  const base = basename(lockPath);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(base + '.')) continue;
    const full = join(dir, name);
    const leftoverTmp = /\.(\d+)\.\d+\.tmp$/.exec(name);
    // Claims name dead lock instances only (this process holds the live one); temp files of dead pids.
    if (name.includes('.break-') || (leftoverTmp && !holderAlive({ pid: Number(leftoverTmp[1]), nonce: '', since: 0 }))) {
      try {
        unlinkSync(full);
      } catch {
        /* gone */
      }
    }
  }
}

/** Go's time.Duration text for whole seconds: 10m0s. */
function goSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${m}m${s % 60}s` : m ? `${m}m${s % 60}s` : `${s}s`;
}

/**
 * Take `<path>.lock`: wait while a live process holds it (saying so once on stderr), break it when its
 * holder is gone, give up after the timeout with an error (nothing changed).
 */
export function acquireLock(path: string, warn: (msg: string) => void, opts: LockOptions = {}): LockHandle {
  const lockPath = `${path}.lock`;
  const timeoutMs = opts.timeoutMs ?? LOCK_TIMEOUT_MS;
  const command = opts.command ?? ownCommand();
  const started = Date.now();
  let noticed = false;
  let broke = false;
  for (let attempt = 0; ; attempt++) {
    const me = identity(command);
    let created: boolean;
    try {
      created = createExclusive(lockPath, JSON.stringify(me));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT') {
        // The state's directory does not exist yet: make it (once), as a missing state is made.
        if (attempt > 0) throw new RawError(`error: cannot create the kube-sim state directory "${dirname(path)}": ${errnoText(err)}`);
        try {
          mkdirSync(dirname(path), { recursive: true });
        } catch (m) {
          throw new RawError(`error: cannot create the kube-sim state directory "${dirname(path)}": ${(m as Error).message.replace(/^[A-Z]+: /, '')}`);
        }
        continue;
      }
      throw new RawError(`error: cannot lock the kube-sim state "${path}": ${errnoText(err)}`);
    }
    if (created) {
      if (broke) sweepLeftovers(lockPath);
      return {
        release() {
          const h = readHolder(lockPath);
          if (h !== null && h !== 'unreadable' && h.nonce === me.nonce) {
            try {
              unlinkSync(lockPath);
            } catch {
              /* gone */
            }
          }
        },
      };
    }
    const holder = readHolder(lockPath);
    if (holder === null) continue; // released meanwhile
    const unreadable = holder === 'unreadable';
    const gone = unreadable ? fileAge(lockPath) > UNREADABLE_STALE_MS : !holderAlive(holder);
    if (gone) {
      const broken = breakLock(lockPath, unreadable ? 'unreadable' : holder.nonce, command);
      if (broken) {
        broke = true;
        // Only a lock this call removed was stale: a holder that released its lock and then exited, between
        // this waiter reading the lock and looking for its pid, left nothing to say (40 writers printed it).
        if (broken === 'removed') warn(`kube-sim: removed a stale lock on ${path} (${unreadable ? 'an unreadable lock file' : `its holder, pid ${holder.pid}, is gone`}); continuing`);
        continue;
      }
    }
    const waited = Date.now() - started;
    if (!noticed && waited >= NOTICE_MS && !unreadable) {
      noticed = true;
      warn(`kube-sim: waiting for ${describe(holder)}, which holds the lock on ${path}`);
    }
    if (waited >= timeoutMs) {
      const who = unreadable ? 'an unreadable lock file' : `${describe(holder)}, which has held it for ${goSeconds(Date.now() - holder.since)}`;
      throw new RawError(
        `error: timed out after ${goSeconds(waited)} waiting for the lock on ${path} (${who}); nothing was changed. ` +
          `Stop that command or wait for it, then run this one again (KUBE_SIM_LOCK_TIMEOUT=SECONDS waits longer)`,
      );
    }
    sleep(Math.min(100, 2 + attempt * 2) + Math.floor(Math.random() * 10));
  }
}
