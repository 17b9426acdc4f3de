/** The injected streams and process facts of one invocation: main() never touches process.* directly. */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** Lines of standard input, read lazily (interactive shells, `-f -`). */
  stdin?: { isTTY?: boolean; readAll(): Promise<string>; lines?(): AsyncIterable<string> };
  /** Environment variables (KUBE_SIM_STATE, KUBE_SIM_CLOCK, NO_COLOR, EDITOR, ...). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Wall clock, injectable for tests. */
  now?: () => Date;
  /**
   * Call `stop` when the user interrupts (Ctrl-C) instead of ending the process, until the returned
   * function is called: a command that runs until interrupted (port-forward) then closes what it
   * opened and exits as kubectl does. Without it such a command runs until its process ends.
   */
  onInterrupt?: (stop: () => void) => () => void;
  /** A ready store (tests and the walkthrough runner pass an in-memory one). */
  store?: import('../store/store.js').StateStore;
}

/** Captured output of an in-process run. */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}
