/** The one-line refusal of what kube-sim does not simulate, also reported to a walkthrough. */
import type { CommandContext } from './context.js';
import { RawError } from '../api/errors.js';

/** Refuse in one line (`error: kube-sim does not simulate ...`), and tell a walkthrough it is unsupported. */
export function refuse(ctx: CommandContext, text: string): never {
  ctx.io.walkthrough?.unsupported(text.replace(/^error: /, ''));
  throw new RawError(text);
}
