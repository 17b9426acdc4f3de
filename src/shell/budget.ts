/**
 * What one simulated program may spend. There is no Ctrl-C and no OOM killer in the simulation, and a
 * program runs inside a command (often under the state lock, or inside `kube-sim serve`), so every run of
 * the interpreter carries a budget: steps (every command, loop round and function call, across all loops
 * and nested shells together), bytes of shell variables, bytes of output, nesting of `$(...)`, functions
 * and `sh -c`, and a wall-clock limit as the last resort. When one runs out the program ends as a killed
 * process does (exit 137, or the shell's own error and 2 for nesting), with one line on stderr saying why.
 * The container filesystem limit is the Vfs's (fs.ts): a write past it fails with ENOSPC.
 */

export interface Limits {
  /** Commands, loop rounds and function calls, all nesting levels together. */
  steps: number;
  /** Bytes of all shell variables of one shell. */
  varBytes: number;
  /** Bytes written to stdout and stderr, pipes included. */
  outputBytes: number;
  /** `$(...)`, function calls, `sh -c`, subshells and `eval` inside one another. */
  depth: number;
  /** Milliseconds of real time (checked between steps). */
  wallMs: number;
}

const MiB = 1024 * 1024;

/** A program run inside a container, on a node, by a probe or through `serve`. */
export const CONTAINER_LIMITS: Limits = { steps: 100_000, varBytes: 8 * MiB, outputBytes: 16 * MiB, depth: 100, wallMs: 5_000 };

/**
 * One line of a walkthrough on the simulated host: kubectl commands may legitimately print a lot (`-o yaml`
 * of a large cluster) and take a while, so output and time are looser.
 */
export const HOST_LIMITS: Limits = { steps: 100_000, varBytes: 8 * MiB, outputBytes: 256 * MiB, depth: 100, wallMs: 60_000 };

/**
 * An exec probe: the kubelet kills it after `timeoutSeconds` (default 1), and it runs again every period, so
 * `kube-sim advance 1h` with a looping probe must stay quick: 1,000 steps and 1 s of real time per second
 * of timeout (a probe such as `cat /tmp/healthy` takes a few steps).
 */
export function probeLimits(timeoutSeconds = 1): Limits {
  const t = Math.max(1, timeoutSeconds);
  return { ...CONTAINER_LIMITS, steps: Math.min(CONTAINER_LIMITS.steps, 1000 * t), wallMs: Math.min(CONTAINER_LIMITS.wallMs, 1000 * t) };
}

/** A program ended by its budget: the interpreter unwinds to the top and reports `exitCode` and `message`. */
export class ProgramKilled extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Spending of one program run (shared by its nested shells and substitutions). */
export class Budget {
  private steps = 0;
  private output = 0;
  depth = 0;
  private deadline: number;

  constructor(
    readonly limits: Limits = CONTAINER_LIMITS,
    /**
     * Real time in milliseconds (injectable for tests): process.hrtime, as monotonic as performance.now,
     * whose first use loads perf_hooks (~10 modules) in every exec.
     */
    private readonly clock: () => number = () => Number(process.hrtime.bigint()) / 1e6,
  ) {
    this.deadline = clock() + limits.wallMs;
  }

  /**
   * A new allowance of steps, output and real time, the nesting kept: a program that sleeps between
   * pieces of work (a container's script on the cluster clock) spends each piece's own budget.
   */
  renew(): void {
    this.steps = 0;
    this.output = 0;
    this.deadline = this.clock() + this.limits.wallMs;
  }

  /** One more command, loop round or call. */
  step(): void {
    if (++this.steps > this.limits.steps) {
      throw new ProgramKilled(137, `kube-sim: program killed: it ran ${this.limits.steps.toLocaleString('en-US')} commands (the step budget of a simulated program; a real one would run until interrupted)`);
    }
    if ((this.steps & 63) === 0) this.checkTime();
  }

  /** The wall-clock limit (also checked by sleeps and other waits). */
  checkTime(): void {
    if (this.clock() > this.deadline) throw new ProgramKilled(137, `kube-sim: program killed: it ran longer than ${this.limits.wallMs / 1000} s (the wall-clock budget of a simulated program)`);
  }

  /** Milliseconds left before the wall-clock limit. */
  remainingMs(): number {
    return Math.max(0, this.deadline - this.clock());
  }

  /** `n` more bytes of output. */
  wrote(n: number): void {
    this.output += n;
    if (this.output > this.limits.outputBytes) {
      throw new ProgramKilled(137, `kube-sim: program killed: it wrote more than ${this.limits.outputBytes / MiB} MiB of output (the output budget of a simulated program)`);
    }
  }

  /** The variables of a shell now hold `total` bytes. */
  variables(total: number): void {
    if (total > this.limits.varBytes) throw outOfMemory(`its shell variables hold more than ${this.limits.varBytes / MiB} MiB`);
  }

  /** Entering a nested `$(...)`, function, `sh -c` or subshell; `prefix` is the shell's error prefix. */
  enter(prefix: string): void {
    if (++this.depth > this.limits.depth) {
      throw new ProgramKilled(2, `${prefix}nesting too deep: more than ${this.limits.depth} levels of $(...), functions, subshells and sh -c`);
    }
  }

  leave(): void {
    this.depth--;
  }
}

/** The memory of the process is exhausted (also what a JavaScript RangeError inside a program means). */
export function outOfMemory(why: string): ProgramKilled {
  return new ProgramKilled(137, `kube-sim: program killed: out of memory (${why})`);
}
