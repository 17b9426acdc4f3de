/**
 * The shell's view of host files (a walkthrough's directory, or the whole host when a trusted walkthrough
 * runs with --allow-host): the ShellFs the interpreter and its text tools use, over a HostFiles. Only
 * regular files are read (a device such as /dev/zero is not), and a full disk is ENOSPC as in a container.
 */
import { HostSpaceError, type HostFiles } from '../util/host-files.js';
import { NoSpaceError, type ShellFs } from './fs.js';

/** Largest host file the shell reads into memory. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

/** Run a write; a full walkthrough directory is the shell's ENOSPC. `/dev/null` takes anything. */
function spaceChecked(p: string, write: () => void): void {
  if (p === '/dev/null') return;
  try {
    write();
  } catch (e) {
    if (e instanceof HostSpaceError) throw new NoSpaceError(p);
    throw e;
  }
}

export function hostShellFs(files: HostFiles): ShellFs {
  const isFile = (p: string) => p === '/dev/null' || !!files.stat(p)?.isFile;
  return {
    isDir: (p) => files.stat(p)?.isDirectory ?? false,
    isFile,
    exists: (p) => p === '/dev/null' || !!files.stat(p),
    read(p) {
      if (p === '/dev/null') return '';
      const st = files.stat(p);
      if (!st?.isFile) return undefined;
      if (st.size > MAX_READ_BYTES) throw new NoSpaceError(p);
      return files.read(p).toString('utf8');
    },
    write: (p, content) => spaceChecked(p, () => files.write(p, content)),
    append: (p, content) => spaceChecked(p, () => files.append(p, content)),
    mkdir: (p) => files.mkdir(p),
    remove: (p) => files.remove(p),
    list: (p) => files.list(p),
  };
}
