/**
 * A system call's failure in the words of the C library (strerror: "permission denied", "is a directory"),
 * as Go programs such as kubectl print it, without Node's framing ("EACCES: ..., open '/path'"): the user
 * sees what went wrong, not which JavaScript call met it.
 */
export function errnoText(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  const known = strerror(e?.code);
  if (known) return known;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const m = /^[A-Z][A-Z0-9_]*: (.+?)(?:, \w+(?: '[^']*')?(?: -> '[^']*')?)?$/.exec(message);
  return (m ? m[1]! : message).toLowerCase();
}

/** strerror's words for an errno code (as Go prints a syscall's failure), where kube-sim knows them. */
export function strerror(code: string | undefined): string | undefined {
  return code && Object.hasOwn(STRERROR, code) ? STRERROR[code] : undefined;
}

/** strerror's words where libuv's differ (EISDIR), for the failures files and listeners meet most. */
const STRERROR: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ENOENT: 'no such file or directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
};
