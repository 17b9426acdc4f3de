/**
 * An interactive shell of a pod or node at the CLI's terminal: the conversation (src/shell/interactive.ts)
 * fed from the command's stdin, through the container's line editor when a real terminal is attached.
 */
import type { CommandContext } from './context.js';
import { converse, podConversation } from '../shell/interactive.js';
import { ttyLines, type TtyInput } from '../shell/tty.js';

/**
 * Run an interactive shell in `container` of pod `podName` (namespace from ctx) and return its exit code.
 * A missing shell fails like exec of any missing binary (its error is printed, exit 1). Lines come from
 * stdin. `command terminated with exit code N` is left to the caller. `onEnd` hears whether the shell
 * exited (`exit`) rather than ran out of input.
 */
export async function runInteractiveShell(ctx: CommandContext, podName: string, container: string, argv: string[], opts: { tty?: boolean; onEnd?: (exited: boolean) => void } = {}): Promise<number> {
  // A terminal is attached only with -t on a real terminal (callers that omit it get the stdin's nature).
  const tty = opts.tty ?? !!ctx.io.stdin?.isTTY;
  const conv = podConversation((change) => ctx.mutate(change).result, ctx.namespace, podName, container, argv, tty);
  if ('missing' in conv) {
    ctx.err(`error: Internal error occurred: error executing command in container: ${conv.missing}\n`);
    return 1;
  }
  // Opened before the first prompt: a terminal goes raw before anything can be typed at the prompt.
  const inputs = terminalInput(ctx, tty);
  const code = await converse(conv, inputs, (s) => ctx.out(s), (s) => ctx.err(s), tty);
  opts.onEnd?.(conv.shell.exited !== null);
  return code;
}

/**
 * Where an interactive shell's lines come from: the terminal's keystrokes through the container's line
 * editor in a TTY session on a real terminal, else stdin's lines as they are (a pipe, a walkthrough, `-i`
 * without `-t`).
 */
export function terminalInput(ctx: CommandContext, tty: boolean): AsyncIterable<TtyInput> {
  const stdin = ctx.io.stdin;
  if (tty && stdin?.keys) return ttyLines(stdin.keys(), (s) => ctx.out(s));
  return (async function* () {
    for await (const text of stdin?.lines?.() ?? []) yield { kind: 'line' as const, text };
  })();
}
