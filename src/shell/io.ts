/**
 * The plumbing of the interpreter: where a command's output goes (a Sink: the terminal, a pipe, a file,
 * a `$(...)` capture), what it reads (an Input that `read` consumes line by line), and how one generator-based
 * interpreter runs both synchronously (inside a container, under the state lock) and asynchronously (on the
 * walkthrough's host, where `kubectl` is an in-process `main()` that returns a promise).
 */
import type { Budget } from './budget.js';

/** Somewhere output is written. */
export interface Sink {
  write(s: string): void;
}

/** A sink that keeps what was written (a pipe, a capture), charging the budget for the memory. */
export class TextSink implements Sink {
  text = '';
  constructor(private readonly budget?: Budget) {}
  write(s: string): void {
    if (!s) return;
    this.budget?.wrote(s.length);
    this.text += s;
  }
}

/**
 * Output redirected into a file: kept until the command ends, then written. Its size is bounded by the
 * filesystem (it does not count as output), so past `limit` characters it keeps nothing more and reports
 * the overflow, which the shell turns into `No space left on device`.
 */
export class FileSink extends TextSink {
  overflow = false;
  constructor(private readonly limit: number) {
    super();
  }
  override write(s: string): void {
    if (this.overflow || !s) return;
    if (this.text.length + s.length > this.limit) {
      this.overflow = true;
      return;
    }
    this.text += s;
  }
}

/** Discards everything (`> /dev/null`). */
export const NULL_SINK: Sink = { write: () => undefined };

/** An outside sink (the terminal of a walkthrough) whose writes count against a budget. */
export function counted(sink: Sink, budget: Budget): Sink {
  return {
    write(s: string) {
      if (!s) return;
      budget.wrote(s.length);
      sink.write(s);
    },
  };
}

/** Standard input: text and how much of it `read` has consumed (programs see the rest). */
export class Input {
  constructor(
    readonly text: string,
    public pos = 0,
  ) {}

  /** What is left to read. */
  rest(): string {
    return this.pos ? this.text.slice(this.pos) : this.text;
  }

  /** The next line without its newline, or null at end of input. */
  readLine(): string | null {
    if (this.pos >= this.text.length) return null;
    const nl = this.text.indexOf('\n', this.pos);
    const end = nl < 0 ? this.text.length : nl;
    const line = this.text.slice(this.pos, end);
    this.pos = nl < 0 ? this.text.length : nl + 1;
    return line;
  }
}

/** A step of the interpreter: yields a promise when a program is asynchronous, and is resumed with its value. */
export type Gen<T> = Generator<Promise<unknown>, T, unknown>;

/** A value that may be a promise, as a generator step: yields only when it really is one. */
export function* settle<T>(v: T | Promise<T>): Gen<T> {
  if (v instanceof Promise) return (yield v) as T;
  return v;
}

/** Thrown when an asynchronous program is reached where only synchronous ones can run (inside a container). */
export class AsyncInSyncError extends Error {}

/** Run an interpreter generator to its end synchronously (container shells never reach an asynchronous program). */
export function runSync<T>(g: Gen<T>): T {
  const r = g.next();
  if (!r.done) {
    // Settle the stray promise so it cannot surface as an unhandled rejection.
    r.value.catch(() => undefined);
    throw new AsyncInSyncError('an asynchronous program cannot run inside a synchronous shell');
  }
  return r.value;
}

/** Run an interpreter generator to its end, awaiting the promises of asynchronous programs. */
export async function runAsync<T>(g: Gen<T>): Promise<T> {
  let r = g.next();
  while (!r.done) {
    let value: unknown;
    try {
      value = await r.value;
    } catch (e) {
      r = g.throw(e);
      continue;
    }
    r = g.next(value);
  }
  return r.value;
}
