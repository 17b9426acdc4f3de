/**
 * The one formatter that turns any error into kubectl's text and exit code (reference §3.1).
 */
import { ApiError, CliError, ExitCode, RawError, causesText, fieldErrorText } from '../api/errors.js';
import { kindByKind } from '../api/registry.js';

export interface ErrorSource {
  /** `creating` / `deleting` / `applying` / `patching`: the file verb of `error when creating "f": ...`. */
  verb?: string;
  /** The file as the user typed it (`STDIN` for `-f -`). */
  file?: string;
  /** Several objects in one command: Invalid errors print the raw server message (rule 3). */
  multi?: boolean;
}

/** kubectl's text for an error (without trailing newline) and the exit code. */
export function formatError(err: unknown, src: ErrorSource = {}): { text: string; code: number } {
  if (err instanceof ExitCode) return { text: '', code: err.code };
  if (err instanceof RawError) return { text: err.message, code: 1 };
  if (err instanceof ApiError) {
    if (err.reason === 'Invalid' && err.details && !src.multi) {
      // kubectl's checkErr: the kind and name when the server gave them, else its message when it gave no causes.
      const causes = [...new Set(err.details.causes.map(fieldErrorText))];
      const { kind, name } = err.details;
      let head = kind || name ? `The ${kind} "${name}" is invalid` : 'The request is invalid';
      if (!kind && !name && !causes.length && err.message) head += `: ${err.message}`;
      if (!causes.length) return { text: head, code: 1 };
      return { text: causes.length === 1 ? `${head}: ${causes[0]}` : `${head}: \n` + causes.map((c) => `* ${c}`).join('\n'), code: 1 };
    }
    // The server's own message (NewInvalid) names the kind with its group: `Role.rbac.authorization.k8s.io "x"`.
    const group = err.details && err.reason === 'Invalid' ? kindByKind(err.details.kind)?.group : undefined;
    const message = err.details && err.reason === 'Invalid' ? `${err.details.kind}${group ? `.${group}` : ''} "${err.details.name}" is invalid: ${causesText(err.details.causes)}` : err.message;
    const where = src.file && src.verb ? `error when ${src.verb} "${src.file}": ` : '';
    return { text: `Error from server (${err.reason}): ${where}${message}`, code: 1 };
  }
  if (err instanceof CliError) {
    const msg = err.message.startsWith('error: ') ? err.message : `error: ${err.message}`;
    return { text: err.usageOf ? `${msg}\nSee 'kubectl ${err.usageOf} -h' for help and examples` : msg, code: 1 };
  }
  // A fault of kube-sim itself (a JavaScript TypeError, RangeError, a value that cannot be cloned, ...):
  // its message means nothing to a kubectl user, so it is not shown.
  if (isInternalFault(err)) return { text: 'error: kube-sim failed internally while running this command (a kube-sim bug: please report the command)', code: 1 };
  // Not an internal fault: an Error kube-sim raised with its own words.
  return { text: `error: ${(err as Error).message}`, code: 1 };
}

const INTERNAL = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'DataCloneError', 'InternalError']);

/** An error JavaScript itself raised (or anything that is not an Error), rather than one kube-sim worded. */
function isInternalFault(err: unknown): boolean {
  return !(err instanceof Error) || INTERNAL.has(err.name) || err instanceof DOMException;
}
