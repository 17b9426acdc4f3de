/**
 * `kube-sim test --jobs N`: walkthroughs run N at a time, each in a worker thread with its own isolated
 * cluster (a walkthrough's commands run synchronously, so only threads run them side by side). A worker
 * is the CLI bundle itself (dist/cli.cjs), whose entry serves walkthrough jobs when started as one
 * (bin.ts); results come back in any order and are handed on in file order.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTranscript, type RunTranscriptOptions, type TranscriptResult } from '../../transcript/runner.js';
import { realFiles, type HostFiles } from '../../util/host-files.js';
import { WORKER_ARG } from '../worker-arg.js';

/** What a worker is asked to run: one walkthrough file. */
export interface WalkthroughJob {
  /** Absolute path of the walkthrough. */
  path: string;
  /** The name it is reported under (as the user gave it). */
  file: string;
  options: Pick<RunTranscriptOptions, 'update' | 'allowHost'>;
}

/** Run one job as a worker (or the sequential run) does; a path that does not exist is a failed file. */
export async function runJob(job: WalkthroughJob, files: HostFiles = realFiles): Promise<TranscriptResult> {
  return missingResult(job.file, job.path, files) ?? { ...(await runTranscript(job.path, { ...job.options, files })), file: job.file };
}

/** Serve jobs posted by runInWorkers until the parent terminates this worker. */
export function serveJobs(port: { on(event: 'message', f: (m: { index: number; job: WalkthroughJob }) => void): unknown; postMessage(m: unknown): void }): void {
  port.on('message', ({ index, job }) => {
    runJob(job).then(
      (result) => port.postMessage({ index, result }),
      (e: Error) => port.postMessage({ index, error: e.message }),
    );
  });
}

/**
 * Run `jobs` on `n` workers; `onResult` gets every result in job order, each as soon as it and all
 * before it are done. They run here, in turn, with one worker's worth, without the bundle (a source
 * checkout that was never built), or over host files other than the real ones (a worker has only those).
 */
export async function runInWorkers(jobs: WalkthroughJob[], n: number, onResult: (r: TranscriptResult) => void, files: HostFiles = realFiles): Promise<void> {
  const bundle = cliBundle();
  if (!bundle || n <= 1 || jobs.length <= 1 || files !== realFiles) {
    for (const job of jobs) onResult(await runJob(job, files));
    return;
  }
  const results: (TranscriptResult | undefined)[] = new Array(jobs.length);
  let next = 0;
  let handed = 0;
  const workers = Array.from({ length: Math.min(n, jobs.length) }, () => new Worker(bundle, { argv: [WORKER_ARG] }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((done, fail) => {
            const give = () => {
              if (next >= jobs.length) return done();
              const index = next++;
              worker.postMessage({ index, job: jobs[index] });
            };
            worker.on('message', (m: { index: number; result?: TranscriptResult; error?: string }) => {
              const job = jobs[m.index]!;
              results[m.index] = m.result ?? { file: job.file, passed: false, commands: [], failures: [], updated: 0, transcript: '', error: `${job.file}: ${m.error}` };
              while (handed < jobs.length && results[handed]) onResult(results[handed++]!);
              give();
            });
            worker.on('error', fail);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** A failed result for a path that does not exist (undefined when it does). */
export function missingResult(file: string, path: string, files: HostFiles): TranscriptResult | undefined {
  if (files.stat(path)) return undefined;
  return { file, passed: false, commands: [], failures: [], updated: 0, transcript: '', error: `error: the path ${JSON.stringify(file)} does not exist` };
}

/** The CLI bundle: this module inside it, beside it (dist/lib.*), or dist/ above it (a source checkout). */
function cliBundle(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (basename(here) === 'cli.cjs') return here;
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'cli.cjs'), join(dir, 'dist', 'cli.cjs')]) if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
