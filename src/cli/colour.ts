/**
 * Colour for kube-sim's own decorations: only on a TTY, off with NO_COLOR, forced with FORCE_COLOR
 * (the no-color.org and chalk conventions). chalk is imported lazily so plain runs never load it.
 * kubectl itself colours only `cluster-info`; piped output is always plain.
 */
import type { Chalk, ChalkInstance } from 'chalk';

export type Paint = Pick<ChalkInstance, 'green' | 'yellow' | 'red' | 'bold'>;

/** The colour level for one stream: 0 = plain. */
export function colourLevel(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): 0 | 1 | 2 | 3 {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') {
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (force === '0' || force === 'false') return 0;
  if (env.NO_COLOR) return 0;
  return stream.isTTY ? 1 : 0;
}

/** A chalk instance for the stream, or undefined when output must stay plain. */
export async function painterFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): Promise<Paint | undefined> {
  const level = colourLevel(stream, env);
  if (level === 0) return undefined;
  const mod = (await import('chalk')) as unknown as { Chalk: typeof Chalk };
  return new mod.Chalk({ level });
}

/** An error text as printed on stderr: red on a TTY, plain otherwise. */
export async function paintError(stream: { isTTY?: boolean }, env: Record<string, string | undefined>, text: string): Promise<string> {
  const paint = await painterFor(stream, env);
  return paint ? paint.red(text) : text;
}
