/**
 * A container's main process on the cluster clock. A script such as
 * `touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600` (the liveness tutorial) or
 * `while true; do echo "$i: $(date)"; i=$((i+1)); sleep 1; done` (the logging one) does its work between
 * sleeps at the cluster times a real container would: each `sleep N` suspends the interpreter until the
 * kubelet wakes it N seconds later, so probes, `exec` and `logs` see the files and the output of that
 * moment. `date` reads the script's own clock.
 *
 * The interpreter's state lives in this process only. A later kube-sim process resumes a suspended script
 * by replaying it: the same script runs again from its start, on a copy-on-write view of the container's
 * files with its output dropped, through as many sleeps as were already slept, and then goes on for real.
 * The simulation is deterministic, so the replay reaches the same point (a script that reads files other
 * programs changed meanwhile may take another path, as a restarted process would).
 */
import { Shell, asKilled, flavorOf } from './shell.js';
import { Budget, CONTAINER_LIMITS } from './budget.js';
import { AsyncInSyncError, Input, type Gen } from './io.js';
import type { ShellFs } from './fs.js';
import { result, type Program, type System } from './types.js';
import { PROGRAMS } from './programs/index.js';

/** The image's own sleep, for its usage text (found on first use: the programs load with the first shell). */
let coreSleep: Program | undefined;
const CORE_SLEEP: Program = (args, ctx) => (coreSleep ??= PROGRAMS.find((p) => p.name === 'sleep')!.run)(args, ctx);

/** A step of a timed process: what it wrote, and when it wakes next (null: it exited with exitCode). */
export interface TimedStep {
  output: string;
  wakeAt: number | null;
  exitCode: number;
}

/** The sleeps a process's `sleep` asked for, by the promise the interpreter yields for it. */
const SLEEPS = new WeakMap<Promise<unknown>, number>();

/** Seconds of `sleep ARG...` as coreutils and BusyBox read them (summed; `infinity`), or undefined. */
export function sleepArgSeconds(args: string[]): number | undefined {
  if (!args.length) return undefined;
  let total = 0;
  for (const a of args) {
    if (a === 'infinity' || a === 'inf') return Infinity;
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) return undefined;
    total += Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]!]!;
  }
  return total;
}

/** A ShellFs whose target can be switched (from the replay's copy to the live files). */
class SwitchFs implements ShellFs {
  constructor(public target: ShellFs) {}
  isDir = (p: string) => this.target.isDir(p);
  isFile = (p: string) => this.target.isFile(p);
  exists = (p: string) => this.target.exists(p);
  read = (p: string) => this.target.read(p);
  write = (p: string, c: string) => this.target.write(p, c);
  append = (p: string, c: string) => this.target.append(p, c);
  mkdir = (p: string) => this.target.mkdir(p);
  remove = (p: string) => this.target.remove(p);
  list = (p: string) => this.target.list(p);
}

/** Copy-on-write over live files: a replay reads them and changes only its own layer. */
class CowFs implements ShellFs {
  /** Files written (content) or removed (null) by the replay. */
  private readonly files = new Map<string, string | null>();
  /** Directories made (true) or removed (false) by the replay. */
  private readonly dirs = new Map<string, boolean>();
  constructor(private readonly live: ShellFs) {}

  private removedAbove(p: string): boolean {
    for (let d = p; d !== '/'; ) {
      d = d.slice(0, d.lastIndexOf('/')) || '/';
      if (this.dirs.get(d) === false) return true;
    }
    return false;
  }
  isFile(p: string): boolean {
    const f = this.files.get(p);
    if (f !== undefined) return f !== null;
    return !this.removedAbove(p) && this.live.isFile(p);
  }
  isDir(p: string): boolean {
    const d = this.dirs.get(p);
    if (d !== undefined) return d;
    if ([...this.files].some(([f, c]) => c !== null && f.startsWith(p === '/' ? '/' : `${p}/`))) return true;
    return !this.removedAbove(p) && this.live.isDir(p);
  }
  exists(p: string): boolean {
    return this.isFile(p) || this.isDir(p);
  }
  read(p: string): string | undefined {
    return this.isFile(p) ? (this.files.get(p) ?? this.live.read(p)) : undefined;
  }
  write(p: string, c: string): void {
    this.files.set(p, c);
  }
  append(p: string, c: string): void {
    this.files.set(p, (this.read(p) ?? '') + c);
  }
  mkdir(p: string): void {
    this.dirs.set(p, true);
  }
  remove(p: string): void {
    this.files.set(p, null);
    this.dirs.set(p, false);
    for (const f of this.files.keys()) if (f.startsWith(`${p}/`)) this.files.set(f, null);
  }
  list(p: string): string[] {
    const names = new Set(this.isDir(p) && this.live.isDir(p) && !this.removedAbove(p) && this.dirs.get(p) !== false ? this.live.list(p) : []);
    const prefix = p === '/' ? '/' : `${p}/`;
    for (const [f, c] of this.files) {
      if (!f.startsWith(prefix)) continue;
      const name = f.slice(prefix.length).split('/')[0]!;
      if (c === null && !f.slice(prefix.length).includes('/')) names.delete(name);
      else if (c !== null) names.add(name);
    }
    for (const [d, made] of this.dirs) {
      if (d.startsWith(prefix) && !d.slice(prefix.length).includes('/')) {
        if (made) names.add(d.slice(prefix.length));
        else names.delete(d.slice(prefix.length));
      }
    }
    return [...names].sort();
  }
}

/** A container's main process (argv), started at `startedAt` (ms), run on the cluster clock. */
export class TimedProcess {
  /** Sleeps begun so far: the process is suspended in the last one until `wakeAt`. */
  sleeps = 0;
  /** When the current sleep ends (Infinity: `sleep infinity`), or null once the process exited. */
  wakeAt: number | null = null;
  private clock: number;
  private output = '';
  private readonly fs: SwitchFs;
  private readonly liveFs: ShellFs;
  private readonly budget: Budget;
  private readonly gen: Gen<number>;
  private started = false;

  private constructor(sys: System, argv: string[], startedAt: number, replay: boolean) {
    this.clock = startedAt;
    this.liveFs = sys.fs;
    this.fs = new SwitchFs(replay ? new CowFs(sys.fs) : sys.fs);
    const timedSleep: Program = (args, ctx) => {
      const seconds = sleepArgSeconds(args);
      // What coreutils or BusyBox refuse: the image's own sleep says so (a missing operand), or its words.
      if (seconds === undefined) {
        if (!args.length) return CORE_SLEEP(args, ctx);
        const bad = args.find((a) => sleepArgSeconds([a]) === undefined)!;
        return result('', sys.image.family === 'busybox' ? `sleep: invalid number '${bad}'\n` : `sleep: invalid time interval '${bad}'\nTry 'sleep --help' for more information.\n`, 1);
      }
      const p = Promise.resolve(result());
      SLEEPS.set(p, seconds);
      return p;
    };
    const env = Object.create(sys.env, { now: { value: () => new Date(Math.min(this.clock, 8.64e15)) } }) as System['env'];
    const timedSys: System = { ...sys, env, fs: this.fs, programs: { ...sys.programs, sleep: timedSleep } };
    this.budget = new Budget(sys.limits ?? CONTAINER_LIMITS);
    // stdout and stderr interleaved, as a container's log has them. A replay keeps its output too: each
    // step starts afresh, and the last one may be what is shown.
    const write = (s: string) => {
      this.budget.wrote(s.length);
      this.output += s;
    };
    const shell = new Shell(flavorOf(sys, 'sh'), sys.vars);
    this.gen = shell.start(timedSys, argv, { stdin: new Input(''), out: { write }, err: { write } }, this.budget);
  }

  /** Start the process at `startedAt`: it runs up to its first sleep (or its end). */
  static start(sys: System, argv: string[], startedAt: number): { process: TimedProcess; step: TimedStep } {
    const process = new TimedProcess(sys, argv, startedAt, false);
    return { process, step: process.run() };
  }

  /**
   * The process of an earlier kube-sim run, suspended in its `sleeps`-th sleep: replayed from
   * `startedAt` without effects up to that sleep. The world may have changed since (a Service created, a
   * file written by `exec`), so the replay can take another path: when it ends before that sleep, its
   * last piece is what the process did now (`ended`: its output and exit code); when it sleeps for ever
   * first, so does the process (`forever`).
   */
  static resume(sys: System, argv: string[], startedAt: number, sleeps: number): { process: TimedProcess } | { ended: TimedStep } | { forever: true } {
    const process = new TimedProcess(sys, argv, startedAt, true);
    while (process.sleeps < sleeps) {
      const step = process.started ? process.wake() : process.run();
      if (step.wakeAt === null) return { ended: step };
      if (!Number.isFinite(step.wakeAt)) return { forever: true };
    }
    process.fs.target = process.liveFs;
    return { process };
  }

  /** The sleep is over: run on from `wakeAt` to the next sleep (or the end). */
  wake(): TimedStep {
    this.clock = this.wakeAt!;
    return this.run();
  }

  private run(): TimedStep {
    this.output = '';
    this.budget.renew();
    let exitCode: number;
    try {
      let r = this.started ? this.gen.next(result()) : this.gen.next();
      this.started = true;
      for (;;) {
        if (r.done) {
          exitCode = r.value;
          break;
        }
        const seconds = SLEEPS.get(r.value);
        if (seconds === undefined) {
          r.value.catch(() => undefined);
          r = this.gen.throw(new AsyncInSyncError('an asynchronous program cannot run inside a container'));
          continue;
        }
        this.sleeps++;
        this.wakeAt = this.clock + seconds * 1000;
        return { output: this.output, wakeAt: this.wakeAt, exitCode: 0 };
      }
    } catch (e) {
      const k = asKilled(e);
      if (!k) throw e;
      this.output += `${k.message}\n`;
      exitCode = k.exitCode;
    }
    this.wakeAt = null;
    return { output: this.output, wakeAt: null, exitCode };
  }
}
