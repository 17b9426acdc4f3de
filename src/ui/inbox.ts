/**
 * How a CLI process hands a traced request to a running `kube-sim ui`: a small file beside the state,
 * `STATE.ui-traces`, that exists only while a ui runs. Its first line names the ui's process; each
 * trace is appended as one JSON line. A CLI command costs one failed open() when no ui runs, never
 * waits, and ignores every error: a trace that cannot be handed over is simply not drawn.
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import type { Trace } from '../network/trace.js';
import { pidAlive } from '../store/lock.js';

/** Past this size the ui starts a new file, so a long session does not grow it without end. */
const ROTATE_BYTES = 1 << 20;
/** A writer never makes the file bigger than this (a ui that died without removing it). */
const MAX_BYTES = 4 << 20;

/** The inbox of the state at `location` (a state file path). */
export function inboxPath(location: string): string {
  return `${location}.ui-traces`;
}

/** Hand traces to the ui watching the state at `location`, if one runs; never throws. */
export function handTraces(location: string, traces: readonly Trace[] | undefined): void {
  if (!traces?.length || location.startsWith('<')) return;
  let fd: number | undefined;
  try {
    fd = openSync(inboxPath(location), constants.O_RDWR | constants.O_APPEND);
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, head.length, 0);
    const pid = Number(/^ui (\d+)\n/.exec(head.subarray(0, n).toString('latin1'))?.[1]);
    if (!pidAlive(pid) || fstatSync(fd).size > MAX_BYTES) return;
    // One write per trace: O_APPEND keeps concurrent writers' lines whole.
    for (const t of traces) writeSync(fd, JSON.stringify(t) + '\n');
  } catch {
    /* no ui, or it went away */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The ui's side: creates the inbox, reads the traces appended since the last call, removes it on close. */
export class Inbox {
  readonly path: string;
  private fd: number;
  private offset = 0;
  private partial = '';
  /** The file replaced by the last rotation: drained once more, for a writer that still had it open. */
  private previous?: { fd: number; offset: number };

  constructor(location: string) {
    this.path = inboxPath(location);
    this.fd = this.create();
  }

  private create(): number {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `ui ${process.pid}\n`);
    const fd = openSync(tmp, 'r');
    renameSync(tmp, this.path);
    this.offset = fstatSync(fd).size;
    this.partial = '';
    return fd;
  }

  /** Complete traces appended since the last call. */
  read(): Trace[] {
    const out: Trace[] = [];
    if (this.previous) {
      this.drain(this.previous.fd, this.previous.offset, out);
      closeSync(this.previous.fd);
      this.previous = undefined;
    }
    this.offset = this.drain(this.fd, this.offset, out);
    if (this.offset > ROTATE_BYTES) {
      this.previous = { fd: this.fd, offset: this.offset };
      this.fd = this.create();
    }
    return out;
  }

  private drain(fd: number, offset: number, out: Trace[]): number {
    const size = fstatSync(fd).size;
    if (size <= offset) return offset;
    const buf = Buffer.alloc(size - offset);
    const n = readSync(fd, buf, 0, buf.length, offset);
    const text = this.partial + buf.subarray(0, n).toString('utf8');
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) {
      try {
        out.push(JSON.parse(l) as Trace);
      } catch {
        /* a line that is not a trace is skipped */
      }
    }
    return offset + n;
  }

  /** Remove the inbox: CLI commands stop handing traces over. */
  close(): void {
    for (const fd of [this.fd, this.previous?.fd]) if (fd !== undefined) closeSync(fd);
    this.previous = undefined;
    try {
      // Another ui may have taken the inbox over since: only our own file is removed.
      if (readFileSync(this.path, 'latin1').startsWith(`ui ${process.pid}\n`)) unlinkSync(this.path);
    } catch {
      /* already gone */
    }
  }
}
