/**
 * Every file of the host the CLI reads or writes goes through one HostFiles (`io.files`): manifests for
 * `-f`, `--from-file`/`--from-env-file`, `--cert`/`--key`, `--patch-file`, custom-columns and template
 * files, redirections and text tools of a walkthrough. The normal CLI gets the real filesystem; a
 * walkthrough gets one confined to its working directory, so an untrusted walkthrough cannot read or
 * write anything else (symlinks are resolved before the check, `..` cannot climb out, and a write budget
 * keeps it from filling the disk).
 */
import { appendFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  /** Last modification, in milliseconds since the epoch (with a fraction). */
  mtimeMs: number;
}

/** Host file access; paths are absolute (callers resolve them against their working directory). */
export interface HostFiles {
  /** What is at `path`, or undefined when nothing is. */
  stat(path: string): FileStat | undefined;
  read(path: string): Buffer;
  /** Names inside a directory, sorted. */
  list(path: string): string[];
  write(path: string, data: string | Buffer): void;
  append(path: string, data: string): void;
  /** Create a directory and its parents. */
  mkdir(path: string): void;
  /** Remove a file or a directory tree. */
  remove(path: string): void;
}

/** A path a confined HostFiles refuses (outside the walkthrough's directory). */
export class HostAccessError extends Error {
  override name = 'HostAccessError';
}

/** A write a confined HostFiles has no room for. */
export class HostSpaceError extends Error {
  override name = 'HostSpaceError';
  constructor() {
    super('No space left on device');
  }
}

/** The real filesystem (the normal CLI). */
export const realFiles: HostFiles = {
  stat(path) {
    try {
      const st = statSync(path);
      return { isFile: st.isFile(), isDirectory: st.isDirectory(), size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      return undefined;
    }
  },
  read: (path) => readFileSync(path),
  list: (path) => readdirSync(path).sort(),
  write(path, data) {
    writeFileSync(path, data);
  },
  append(path, data) {
    appendFileSync(path, data);
  },
  mkdir(path) {
    mkdirSync(path, { recursive: true });
  },
  remove(path) {
    rmSync(path, { recursive: true, force: true });
  },
};

export interface ConfinedOptions {
  /** Told each time a path is refused (a walkthrough reports it as a walkthrough error). */
  onRefusal?(message: string): void;
  /**
   * A private directory that stands for `/tmp` (pasted pages write `/tmp/nginx.key`): `/tmp` and the paths
   * under it that are not inside the root are this directory's, so the host's own /tmp stays out of reach.
   */
  tmp?: string;
  /** Most bytes all writes together may put on the disk. */
  limitBytes?: number;
}

/** A walkthrough may write this much in total into its directory. */
export const WALKTHROUGH_WRITE_BYTES = 64 * 1024 * 1024;

/** The host filesystem seen only through `root`: anything that resolves outside it is refused. */
export function confinedFiles(root: string, opts: ConfinedOptions = {}): HostFiles {
  const realRoot = realpathSync(root);
  const realTmp = opts.tmp ? realpathSync(opts.tmp) : undefined;
  const limit = opts.limitBytes ?? WALKTHROUGH_WRITE_BYTES;
  let written = 0;
  const within = (dir: string, p: string) => {
    const rel = relative(dir, p);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && rel.split(sep)[0] !== '..');
  };

  /** `/tmp/...` outside the root, moved into the private tmp directory. */
  const privateTmp = (abs: string): string => {
    if (!realTmp || !(abs === '/tmp' || abs.startsWith('/tmp/')) || within(root, abs) || within(realRoot, abs)) return abs;
    return join(realTmp, abs.slice('/tmp'.length));
  };

  /** The real location of `path` (symlinks of its existing part resolved), or a refusal. */
  const inside = (path: string): string => {
    const abs = privateTmp(resolve(path));
    let existing = abs;
    const rest: string[] = [];
    for (;;) {
      try {
        lstatSync(existing);
        break;
      } catch {
        const parent = dirname(existing);
        if (parent === existing) break;
        rest.unshift(existing.slice(parent.length).replace(/^[/\\]+/, ''));
        existing = parent;
      }
    }
    let real: string;
    try {
      real = join(realpathSync(existing), ...rest);
    } catch {
      real = abs;
    }
    if (within(realRoot, real) || (realTmp && within(realTmp, real))) return real;
    const message = `${path}: outside the walkthrough's directory (a walkthrough uses only its own files; a trusted one may be run with --allow-host)`;
    opts.onRefusal?.(message);
    throw new HostAccessError(message);
  };

  const spend = (n: number) => {
    if (written + n > limit) throw new HostSpaceError();
    written += n;
  };

  return {
    stat: (path) => realFiles.stat(inside(path)),
    read: (path) => realFiles.read(inside(path)),
    list: (path) => realFiles.list(inside(path)),
    write(path, data) {
      const p = inside(path);
      spend(typeof data === 'string' ? Buffer.byteLength(data) : data.length);
      writeFileSync(p, data);
    },
    append(path, data) {
      const p = inside(path);
      spend(Buffer.byteLength(data));
      appendFileSync(p, data);
    },
    mkdir: (path) => realFiles.mkdir(inside(path)),
    remove(path) {
      const p = inside(path);
      if (p === realRoot || p === realTmp) throw new HostAccessError(`${path}: the walkthrough's directory itself cannot be removed`);
      realFiles.remove(p);
    },
  };
}

/** Read a host file as UTF-8 text. */
export function readText(files: HostFiles, path: string): string {
  return files.read(path).toString('utf8');
}
