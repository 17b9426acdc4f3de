/**
 * The editor `kubectl edit` runs. The normal CLI starts the user's $KUBE_EDITOR/$EDITOR on the host
 * (src/cli/commands/edit.ts); a walkthrough never starts a host program, so there the editor command is
 * run by the simulated shell, with its text tools, on an in-memory copy of the file:
 * `KUBE_EDITOR="sed -i 's/a/b/'" kubectl edit ...` works, `KUBE_EDITOR=vi` is "not found", and an unset
 * editor is a clear error instead of a hang.
 */
import { Vfs, type ShellFs } from './fs.js';
import { Shell } from './shell.js';
import { toolSystem } from './system.js';

/** A temporary file being edited: written, handed to the editor, read back. */
export interface EditSession {
  readonly path: string;
  write(text: string): void;
  /** The file's content now (undefined when the editor removed it). */
  read(): string | undefined;
  /** Run the editor on the file; throws EditorError when it fails. */
  launch(io: EditorIo): Promise<void>;
  remove(): void;
}

/** What an editor run gets: the command's environment and output, and where to report what it cannot do. */
export interface EditorIo {
  env: Record<string, string | undefined>;
  out(s: string): void;
  err(s: string): void;
  /** A walkthrough's report of something the simulated editor does not have (an unknown program). */
  unsupported?(reason: string): void;
}

/** Where `kubectl edit` gets its temporary files and editor. */
export interface Editor {
  open(ext: 'yaml' | 'json'): EditSession;
}

/** The editor failed (kubectl: `there was a problem with the editor "..."`), or there is none (`missing`). */
export class EditorError extends Error {
  constructor(
    message: string,
    readonly missing = false,
  ) {
    super(message);
  }
}

/** The editor command as kubectl builds it: plain split when simple, `sh -c` when it has quotes. */
export function editorArgv(editor: string, path: string, shell = '/bin/bash'): string[] {
  if (!editor.includes(' ')) return [editor, path];
  if (!/["'\\]/.test(editor)) return [...editor.split(' '), path];
  return [shell, '-c', `${editor} ${JSON.stringify(path)}`];
}

/** `base` with one more file kept in memory at `path` (the temporary file kubectl hands the editor). */
function withFile(base: ShellFs, path: string, text: string): { fs: ShellFs; read(): string | undefined } {
  let content: string | undefined = text;
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  const fs: ShellFs = {
    isDir: (p) => p === dir || base.isDir(p),
    isFile: (p) => (p === path ? content !== undefined : base.isFile(p)),
    exists: (p) => (p === path ? content !== undefined : p === dir || base.exists(p)),
    read: (p) => (p === path ? content : base.read(p)),
    write: (p, c) => (p === path ? void (content = c) : base.write(p, c)),
    append: (p, c) => (p === path ? void (content = (content ?? '') + c) : base.append(p, c)),
    mkdir: (p) => base.mkdir(p),
    remove: (p) => (p === path ? void (content = undefined) : base.remove(p)),
    list: (p) => (p === dir ? [...new Set([...(base.isDir(p) ? base.list(p) : []), path.slice(dir.length + 1)])].sort() : base.list(p)),
  };
  return { fs, read: () => content };
}

/** An empty filesystem with only /tmp (an editor run outside any walkthrough directory). */
function scratchFs(): ShellFs {
  const files: Record<string, string> = {};
  return new Vfs({ base: { '/': '', '/tmp/': '' }, overlay: () => files, writable: () => files, onChange: () => undefined });
}

/**
 * Run `editor` (a command of the simulated shell) on one file's text; returns the edited text. The editor
 * sees `files` (a walkthrough's confined host) with the temporary file added.
 */
export function runSimulatedEditor(editor: string, path: string, text: string, io: EditorIo, files: ShellFs = scratchFs()): string | undefined {
  const { fs, read } = withFile(files, path, text);
  const vars = Object.fromEntries(Object.entries(io.env).filter((e): e is [string, string] => e[1] !== undefined));
  const sys = toolSystem(fs, vars);
  sys.unsupported = io.unsupported;
  const sh = new Shell('bash', vars, 'bash');
  sh.cwd = '/tmp';
  const r = sh.runArgv(sys, editorArgv(editor, path, 'bash'));
  io.out(r.stdout);
  io.err(r.stderr);
  if (r.exitCode !== 0) throw new EditorError(`there was a problem with the editor ${JSON.stringify(editor)}`);
  return read();
}

/** A walkthrough's editor: in-memory temporary files, the editor run by the simulated shell over `files`. */
export function simulatedEditor(files?: ShellFs): Editor {
  let count = 0;
  return {
    open(ext) {
      // kubectl's temporary files are /tmp/kubectl-edit-<random>.yaml; numbered here, so reruns print the same bytes.
      const path = `/tmp/kubectl-edit-${String(1000000000 + ++count)}.${ext}`;
      let content: string | undefined = '';
      return {
        path,
        write(text) {
          content = text;
        },
        read: () => content,
        async launch(io) {
          const editor = io.env.KUBE_EDITOR || io.env.EDITOR;
          if (!editor) {
            throw new EditorError(
              `kubectl edit needs an editor here: a walkthrough has no interactive one. Set a non-interactive editor on the command, e.g. KUBE_EDITOR="sed -i 's/old/new/'" kubectl edit ...`,
              true,
            );
          }
          content = runSimulatedEditor(editor, path, content ?? '', io, files);
        },
        remove() {
          content = undefined;
        },
      };
    },
  };
}
