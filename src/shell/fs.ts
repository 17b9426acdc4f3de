/**
 * The simulated filesystem of a container (or node): the image's base files, computed on read
 * (/etc/hosts, /etc/resolv.conf, /etc/hostname, /etc/passwd, ...), under an overlay of changes kept in
 * state.runtime[podUid][container].files. Deleting a base file stores a tombstone so it stays deleted
 * until the container restarts (the kubelet starts a fresh overlay). Nothing here touches the host.
 */

/** Overlay value that marks a deleted base file or directory. */
export const TOMBSTONE = '\u0000deleted';

export interface VfsOptions {
  /** Base files (path → content) and directories (path ending in '/'). */
  base: Record<string, string>;
  /** The overlay to read (the container's runtime files), if there is one yet. */
  overlay(): Record<string, string> | undefined;
  /** The overlay to write into (made on demand); called before each change. */
  writable(): Record<string, string>;
  /** Called after each change, so the caller can bump the state's resourceVersion. */
  onChange(): void;
  /** Most bytes the overlay may hold (the container's writable layer); a write past it fails with ENOSPC. */
  limitBytes?: number;
}

/** A container's writable layer holds at most this many bytes (its files are kept in the state file). */
export const CONTAINER_FS_BYTES = 8 * 1024 * 1024;

/** A write the filesystem has no room for (ENOSPC): the writing program reports `No space left on device`. */
export class NoSpaceError extends Error {
  constructor(readonly path: string) {
    super('No space left on device');
  }
}

/** What the shell and its programs need of a filesystem (a container's Vfs, the walkthrough's directory). */
export interface ShellFs {
  isDir(path: string): boolean;
  isFile(path: string): boolean;
  exists(path: string): boolean;
  read(path: string): string | undefined;
  /** Throws NoSpaceError when there is no room. */
  write(path: string, content: string): void;
  /** Add to the end of a file (creating it); throws NoSpaceError when there is no room. */
  append(path: string, content: string): void;
  mkdir(path: string): void;
  remove(path: string): void;
  list(path: string): string[];
}

/** Normalise `p` against `cwd`: absolute, no `.`/`..`, no trailing slash (except `/`). */
export function resolvePath(cwd: string, p: string): string {
  const abs = p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
  const parts: string[] = [];
  for (const seg of abs.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return '/' + parts.join('/');
}

export class Vfs implements ShellFs {
  constructor(private readonly o: VfsOptions) {}

  private entry(path: string): string | undefined {
    const ov = this.o.overlay();
    if (ov && path in ov) return ov[path];
    return this.o.base[path];
  }

  private dirKey(path: string): string {
    return path === '/' ? '/' : `${path}/`;
  }

  isDir(path: string): boolean {
    if (path === '/') return true;
    const key = this.dirKey(path);
    const e = this.entry(key);
    if (e === TOMBSTONE) return false;
    if (e !== undefined) return true;
    // A directory also exists implicitly when a live file lives under it.
    return this.allPaths().some((p) => p.startsWith(key));
  }

  isFile(path: string): boolean {
    const e = this.entry(path);
    return e !== undefined && e !== TOMBSTONE && !path.endsWith('/');
  }

  exists(path: string): boolean {
    return this.isFile(path) || this.isDir(path);
  }

  read(path: string): string | undefined {
    return this.isFile(path) ? this.entry(path) : undefined;
  }

  write(path: string, content: string): void {
    this.checkRoom(path, content.length);
    this.o.writable()[path] = content;
    this.o.onChange();
  }

  append(path: string, content: string): void {
    const before = this.read(path) ?? '';
    // The room is checked before the longer text is built.
    this.checkRoom(path, before.length + content.length);
    this.o.writable()[path] = before + content;
    this.o.onChange();
  }

  /** Would `path` holding `length` characters fit in the writable layer? */
  private checkRoom(path: string, length: number): void {
    if (this.o.limitBytes === undefined) return;
    let used = length;
    for (const [p, v] of Object.entries(this.o.overlay() ?? {})) if (p !== path) used += v.length;
    if (used > this.o.limitBytes) throw new NoSpaceError(path);
  }

  mkdir(path: string): void {
    this.o.writable()[this.dirKey(path)] = '';
    this.o.onChange();
  }

  /** Remove a file, or a directory and everything under it. */
  remove(path: string): void {
    const key = this.dirKey(path);
    for (const p of this.allPaths()) {
      if (p === '/') continue;
      if (p === path || p === key || (path === '/' ? true : p.startsWith(key))) this.tombstone(p);
    }
    if (path !== '/') this.tombstone(path);
    this.o.onChange();
  }

  private tombstone(p: string): void {
    if (p in this.o.base) this.o.writable()[p] = TOMBSTONE;
    else delete this.o.writable()[p];
  }

  /** Every live path (files, and directories with their trailing slash). */
  allPaths(): string[] {
    const seen = new Set<string>();
    for (const p of [...Object.keys(this.o.base), ...Object.keys(this.o.overlay() ?? {})]) {
      if (this.entry(p) !== TOMBSTONE) seen.add(p);
    }
    return [...seen];
  }

  /** Names directly inside a directory (directories without their slash), sorted. */
  list(path: string): string[] {
    const key = this.dirKey(path);
    const names = new Set<string>();
    for (const p of this.allPaths()) {
      if (!p.startsWith(key) || p === key) continue;
      const rest = p.slice(key.length);
      const name = rest.split('/')[0]!;
      if (name) names.add(name);
    }
    return [...names].sort();
  }
}
