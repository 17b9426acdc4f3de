/**
 * A directory of a filesystem seen as the root of another (what `chroot DIR` does to paths): every
 * path is looked up under `root`, and `..` never climbs above it.
 */
import type { ShellFs } from './fs.js';

/** `fs` below `root` (an absolute, normalised directory path) as a whole filesystem. */
export class RootedFs implements ShellFs {
  constructor(
    private readonly fs: ShellFs,
    private readonly root: string,
  ) {}

  private at(path: string): string {
    return path === '/' ? this.root : `${this.root}${path}`;
  }

  isDir(path: string): boolean {
    return this.fs.isDir(this.at(path));
  }
  isFile(path: string): boolean {
    return this.fs.isFile(this.at(path));
  }
  exists(path: string): boolean {
    return this.fs.exists(this.at(path));
  }
  read(path: string): string | undefined {
    return this.fs.read(this.at(path));
  }
  write(path: string, content: string): void {
    this.fs.write(this.at(path), content);
  }
  append(path: string, content: string): void {
    this.fs.append(this.at(path), content);
  }
  mkdir(path: string): void {
    this.fs.mkdir(this.at(path));
  }
  remove(path: string): void {
    this.fs.remove(this.at(path));
  }
  list(path: string): string[] {
    return this.fs.list(this.at(path));
  }
}
