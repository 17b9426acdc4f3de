/** The injected streams and process facts of one invocation: main() never touches process.* directly. */
export interface Io {
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** Lines of standard input, read lazily (interactive shells, `-f -`). */
  stdin?: {
    isTTY?: boolean;
    readAll(): Promise<string>;
    lines?(): AsyncIterable<string>;
    /**
     * A terminal's keystrokes as typed (raw mode: no echo, no line editing, Ctrl-C and Ctrl-D arrive as
     * bytes), for a TTY session (`exec -it`, `run -it`) whose simulated container terminal edits the lines.
     * The terminal gets its mode back when the iteration ends. Only where stdin is a terminal.
     */
    keys?(): AsyncIterable<string>;
  };
  /** Environment variables (KUBE_SIM_STATE, KUBE_SIM_CLOCK, NO_COLOR, EDITOR, ...). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Wall clock, injectable for tests. */
  now?: () => Date;
  /** A ready store (tests and the walkthrough runner pass an in-memory one). */
  store?: import('../store/store.js').StateStore;
  /**
   * Aborted when a long-running command (`get -w`, `logs -f`, `rollout status`, `wait`) must stop and end
   * as it does after Ctrl-C; the reason is the signal's name (`SIGINT`). Absent: run until killed.
   */
  signal?: AbortSignal;
}

/** Captured output of an in-process run. */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}
