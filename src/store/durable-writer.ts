/**
 * Many files written and made durable at once, for a save. A large save (a scale to 10,000 pods writes
 * some 300 shard files) spent as long waiting for the disk to flush its files, one after the other at
 * the end, as serialising them: past a few files a worker thread flushes each file as soon as it is
 * written, on libuv's thread pool (flushes of one filesystem then share journal commits), while this
 * thread serialises and writes the next ones. Files are still created and written here, so a file that
 * cannot be written throws at once, as before. `finish()` returns only once every file is durable (a
 * failed flush throws its error, the first file's in order): the caller switches the manifest after it.
 */
import { closeSync, fdatasyncSync, openSync, writeFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** Files a save writes before a worker takes over their flushes (small saves never start one). */
const WORKER_AFTER_FILES = 24;
/** At most this many files are open and not yet flushed (`serve` runs under small descriptor limits). */
const MAX_OPEN = 256;
/** How long a wait for the worker sleeps between checks, and in all before it gives up (a disk stalled that long). */
const WAIT_MS = 1000;
const GIVE_UP_MS = 10 * 60_000;

/**
 * The worker: flushes each descriptor it is given on the thread pool; at a barrier, once every flush
 * before it has ended, it reports the first failure (by file order) and signals the barrier's number.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { port, signal } = workerData;
const flag = new Int32Array(signal);
let pending = [];
let failure = null;
parentPort.on('message', (m) => {
  if (m.kind === 'fd') {
    pending.push(new Promise((resolve) => fs.fdatasync(m.fd, (e) => {
      if (e && (!failure || m.index < failure.index)) failure = { index: m.index, message: String(e.message), code: e.code, errno: e.errno, syscall: e.syscall };
      resolve();
    })));
  } else if (m.kind === 'barrier') {
    const done = pending;
    pending = [];
    Promise.all(done).then(() => {
      port.postMessage(failure);
      failure = null;
      Atomics.store(flag, 0, m.n);
      Atomics.notify(flag, 0);
    });
  }
});
`;

/** A flush the worker could not make: the file's order and Node's error, as data. */
interface Failure {
  index: number;
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
}

/** The worker of one writer and how it answers. */
interface Helper {
  w: Worker;
  port: MessagePort;
  signal: Int32Array;
  barriers: number;
}

/** Writes files durably: `write` each (in order), then `finish` once; `abandon` on a failure elsewhere. */
export class DurableWriter {
  private count = 0;
  /** Open files, not known to be flushed yet: [order, descriptor]. */
  private readonly open: [number, number][] = [];
  private worker: Helper | null = null;
  /** Whether a worker was tried (one per writer; where none can start, this thread flushes). */
  private tried = false;

  /** Write `text` to a new file at `path` (created or truncated); durable once `finish` returns. */
  write(path: string, text: string): void {
    const index = this.count++;
    const fd = openSync(path, 'w');
    this.open.push([index, fd]);
    writeFileSync(fd, text);
    if (!this.tried && index + 1 >= WORKER_AFTER_FILES) {
      this.tried = true;
      this.worker = startWorker();
      // The files written so far are flushed by the worker too.
      if (this.worker) for (const [i, f] of this.open.slice(0, -1)) this.worker.w.postMessage({ kind: 'fd', index: i, fd: f });
    }
    this.worker?.w.postMessage({ kind: 'fd', index, fd });
    if (this.open.length >= MAX_OPEN) this.flush();
  }

  /** Make every file written durable (and close it); throws the first failed flush's error. */
  finish(): void {
    try {
      this.flush();
    } finally {
      this.stop();
    }
  }

  /** After a failure elsewhere: close what is open (nothing is left flushing once it returns). */
  abandon(): void {
    try {
      if (this.worker) this.flush();
    } catch {
      /* the save fails for its own reason */
    } finally {
      for (const [, fd] of this.open.splice(0)) closeSync(fd);
      this.stop();
    }
  }

  /** Every open file flushed and closed (by the worker's flushes, or here). */
  private flush(): void {
    const worker = this.worker;
    if (!worker) {
      for (const [, fd] of this.open.splice(0)) {
        try {
          fdatasyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      return;
    }
    const n = ++worker.barriers;
    worker.w.postMessage({ kind: 'barrier', n });
    let waited = 0;
    while (Atomics.wait(worker.signal, 0, n - 1, WAIT_MS) === 'timed-out') {
      if ((waited += WAIT_MS) >= GIVE_UP_MS) throw new Error(`the state files were not flushed to disk within ${GIVE_UP_MS / 60_000} minutes`);
    }
    const failure = receiveMessageOnPort(worker.port)?.message as Failure | null | undefined;
    for (const [, fd] of this.open.splice(0)) closeSync(fd);
    if (failure) throw Object.assign(new Error(failure.message), { code: failure.code, errno: failure.errno, syscall: failure.syscall });
  }

  private stop(): void {
    if (!this.worker) return;
    this.worker.port.close();
    void this.worker.w.terminate();
    this.worker = null;
  }
}

/** A worker, or null where none can be started (then this thread flushes, as small saves do). */
function startWorker(): Helper | null {
  const { port1, port2 } = new MessageChannel();
  const shared = new SharedArrayBuffer(4);
  let w: Worker;
  try {
    w = new Worker(WORKER_SOURCE, { eval: true, workerData: { port: port2, signal: shared }, transferList: [port2] });
  } catch {
    port1.close();
    return null;
  }
  // The process never waits for it: finish() or abandon() does.
  w.unref();
  return { w, port: port1, signal: new Int32Array(shared), barriers: 0 };
}
