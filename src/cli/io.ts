/** The injected streams and process facts of one invocation: main() never touches process.* directly. */
import type { HostFiles } from '../util/host-files.js';
import type { Editor } from '../shell/editor.js';
import type { HostPorts } from '../network/host-ports.js';

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
  /**
   * Call `stop` when the user interrupts (Ctrl-C) instead of ending the process, until the returned
   * function is called: a command that runs until interrupted (port-forward, `get -w`, `logs -f`, ...)
   * then closes what it opened and exits as kubectl does. Without it such a command runs until its
   * process ends.
   */
  onInterrupt?: (stop: () => void) => () => void;
  /** A ready store (tests and the walkthrough runner pass an in-memory one). */
  store?: import('../store/store.js').StateStore;
  /**
   * Every host file a command reads or writes (manifests, --from-file, --cert, --patch-file, templates).
   * Default: the real filesystem; a walkthrough passes one confined to its working directory.
   */
  files?: HostFiles;
  /** The editor of `kubectl edit`. Default: $KUBE_EDITOR / $EDITOR / vi on the host. */
  editor?: Editor;
  /**
   * Aborted when a long-running command (port-forward, `get -w`, `logs -f`, `rollout status`, `wait`) must
   * stop and end as it does after Ctrl-C: when its background job is killed or its walkthrough ends, and at
   * once for such a command run in the foreground of a walkthrough (nothing else can happen while it waits;
   * a watch still has its first look). Absent: run until killed (Ctrl-C in the bin comes by onInterrupt).
   */
  signal?: AbortSignal;
  /**
   * The simulated host's listening ports, given by a walkthrough: its port-forward listens there (a
   * sandbox opens no real port) and its `curl localhost:PORT` reaches them. Absent: real ports.
   */
  hostPorts?: HostPorts;
  /**
   * Told when the command made a new cluster because the state file had none (work that only a first
   * command does): the bin then leaves no code cache of this run, which would not represent its command.
   */
  onFreshCluster?: () => void;
  /** Set when the command is a line of a walkthrough (kube-sim test / play, runTranscript, createCluster). */
  walkthrough?: WalkthroughHooks;
}

/** What a command inside a walkthrough may tell the walkthrough. */
export interface WalkthroughHooks {
  /**
   * Something kube-sim cannot or will not do for a walkthrough (an unknown command, a refused recursive or
   * never-ending command, a host file outside the walkthrough, no editor): the command fails and `--update`
   * never blesses it.
   */
  unsupported(reason: string): void;
}

/** Captured output of an in-process run. */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}
