/**
 * BusyBox `ls -l[a][R]`: mode, links, owner, group, size, date and name, with `total` per directory. The
 * kubelet's atomic-writer layout of configMap, secret and downwardAPI volumes (a tmpfs holding
 * `..<timestamp>/` with the files, `..data` linking to it and each key linking to `..data/KEY`) is shown
 * as on a node: the links with their arrows and sizes, tmpfs directory sizes (40 bytes plus 20 a name)
 * and the mount's sticky `drwxrwxrwt`, as the Expose Pod Information Through Files page's `ls -laR` does.
 */
import { resolvePath, type ShellFs } from '../fs.js';

interface Entry {
  mode: string;
  links: number;
  size: number;
  /** 1K blocks it occupies (tmpfs pages of files; 0 for links and tmpfs directories). */
  blocks: number;
  target?: string;
}

const STAMP = /^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/;

/** Does `dir` hold an atomic-writer volume (its `..data` and timestamped directory)? */
function isAtomicVolume(fs: ShellFs, dir: string): boolean {
  return fs.isDir(`${dir === '/' ? '' : dir}/..data`) && fs.list(dir).some((n) => STAMP.test(n));
}

const parentOf = (p: string) => p.slice(0, p.lastIndexOf('/')) || '/';
const join = (dir: string, name: string) => `${dir === '/' ? '' : dir}/${name}`;

/** What `ls -l` shows for `name` in `dir` (`.` and `..` included). */
function entry(fs: ShellFs, dir: string, name: string): Entry {
  const path = name === '.' ? dir : name === '..' ? parentOf(dir) : join(dir, name);
  if (name !== '.' && name !== '..' && isAtomicVolume(fs, dir)) {
    if (name === '..data') {
      const target = fs.list(dir).find((n) => STAMP.test(n))!;
      return { mode: 'lrwxrwxrwx', links: 1, size: target.length, blocks: 0, target };
    }
    if (!name.startsWith('..')) return { mode: 'lrwxrwxrwx', links: 1, size: `..data/${name}`.length, blocks: 0, target: `..data/${name}` };
  }
  if (fs.isDir(path)) {
    const volume = isAtomicVolume(fs, path);
    const tmpfs = volume || (STAMP.test(path.slice(path.lastIndexOf('/') + 1)) && isAtomicVolume(fs, parentOf(path)));
    const names = fs.list(path);
    const subdirs = names.filter((n) => fs.isDir(join(path, n)) && !(volume && n === '..data')).length;
    if (tmpfs) return { mode: volume ? 'drwxrwxrwt' : 'drwxr-xr-x', links: 2 + subdirs, size: 40 + 20 * names.length, blocks: 0 };
    return { mode: 'drwxr-xr-x', links: 1, size: 4096, blocks: 4 };
  }
  const size = Buffer.byteLength(fs.read(path) ?? '');
  return { mode: '-rw-r--r--', links: 1, size, blocks: Math.ceil(size / 4096) * 4 };
}

/** `Nov 21 22:50`, as BusyBox prints a recent time (ctime's month, space-padded day, hours and minutes). */
function lsDate(now: Date): string {
  const s = now.toUTCString(); // "Sat, 21 Nov 2026 22:50:00 GMT"
  const [, day, mon, , time] = s.split(' ');
  return `${mon} ${day!.replace(/^0/, ' ')} ${time!.slice(0, 5)}`;
}

/** One `ls -l` line for `e`, named `name`. */
function line(e: Entry, name: string, date: string): string {
  return `${e.mode} ${String(e.links).padStart(4)} root     root     ${String(e.size).padStart(9)} ${date} ${name}${e.target ? ` -> ${e.target}` : ''}\n`;
}

/** The long listing of directory `dir`: `total`, then a line per name. */
export function longListing(fs: ShellFs, dir: string, names: string[], now: Date): string {
  const entries = names.map((n) => [n, entry(fs, dir, n)] as const);
  const total = entries.filter(([n]) => n !== '.' && n !== '..').reduce((sum, [, e]) => sum + e.blocks, 0);
  return `total ${total}\n${entries.map(([n, e]) => line(e, n, lsDate(now))).join('')}`;
}

/** The line of a file named on the command line (as it was named). */
export function longFileLine(fs: ShellFs, cwd: string, name: string, now: Date): string {
  const path = resolvePath(cwd, name);
  return line(entry(fs, parentOf(path), path.slice(path.lastIndexOf('/') + 1)), name, lsDate(now));
}

/** The directories `ls -R` descends into below `dir`: real subdirectories, not links, `.` or `..`. */
export function subdirectories(fs: ShellFs, dir: string, names: string[]): string[] {
  return names.filter((n) => n !== '.' && n !== '..' && entry(fs, dir, n).mode.startsWith('d'));
}
