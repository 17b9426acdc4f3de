/**
 * Background jobs of the walkthrough's host shell (`kubectl port-forward svc/web 8080:80 &`): a job runs
 * concurrently with the following lines, writes to the terminal as it goes, and is stopped by `kill %N` or
 * when the walkthrough ends (its AbortSignal is aborted; long-running commands end when they see it). The
 * messages are interactive bash's: `[1] PID` when started, `[1]+  Terminated  CMD` after a kill.
 */

/** One background job. */
export interface Job {
  id: number;
  pid: number;
  /** The command as typed, for `jobs` and the termination notice. */
  text: string;
  controller: AbortController;
  done: Promise<number>;
  finished: boolean;
}

/** How long a stopped job may take to wind down before it is left behind. */
const STOP_GRACE_MS = 2000;

/** The job table of one host shell. */
export class Jobs {
  private readonly jobs: Job[] = [];
  private nextId = 1;
  /** Process ids are made up, deterministically: a fresh session prints the same bytes. */
  private nextPid = 4242;

  /** Register a job; `announce` is told its number and PID before `start` runs it (its promise settles when it ends). */
  add(text: string, controller: AbortController, announce: (job: Job) => void, start: () => Promise<number>): Job {
    const job: Job = { id: this.nextId++, pid: this.nextPid++, text, controller, finished: false, done: Promise.resolve(0) };
    this.jobs.push(job);
    announce(job);
    job.done = start().then(
      (code) => ((job.finished = true), code),
      () => ((job.finished = true), 1),
    );
    return job;
  }

  /** The job a `%N`, `%%`, `%+` or PID names; undefined when there is none. */
  find(spec: string): Job | undefined {
    const live = this.jobs.filter((j) => !j.finished);
    if (spec === '%%' || spec === '%+' || spec === '%') return live[live.length - 1];
    if (spec === '%-') return live[live.length - 2];
    const m = /^%(\d+)$/.exec(spec);
    if (m) return live.find((j) => j.id === Number(m[1]));
    if (/^\d+$/.test(spec)) return live.find((j) => j.pid === Number(spec));
    return undefined;
  }

  /** Jobs still running, oldest first. */
  running(): Job[] {
    return this.jobs.filter((j) => !j.finished);
  }

  /** Stop a job and wait (a little) for it to end. */
  async stop(job: Job): Promise<void> {
    job.controller.abort();
    await Promise.race([job.done, new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref?.())]);
    job.finished = true;
  }

  /** Stop every job (the walkthrough ended). */
  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((j) => this.stop(j)));
  }

  /** The marker bash puts after the job number: `+` for the current job, `-` for the previous one. */
  marker(job: Job): string {
    const live = this.running();
    if (live[live.length - 1] === job) return '+';
    if (live[live.length - 2] === job) return '-';
    return ' ';
  }
}

/** A line of `jobs` or a status notice, as bash prints it: `[1]+  Running                 CMD &`. */
export function jobLine(id: number, marker: string, status: string, text: string): string {
  return `[${id}]${marker}  ${status.padEnd(22)}  ${text}\n`;
}
