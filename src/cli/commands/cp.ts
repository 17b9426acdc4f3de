/**
 * `kube-sim cp`: kubectl cp between the simulated container filesystem and host files. kubectl runs
 * `tar cf - PATH` (from a pod) or `tar -xmf - -C DIR` (into a pod) in the container; kube-sim moves the
 * same members between the container's files and the host directly, with the container's tar's words
 * (BusyBox or GNU, as the image has) and kubectl's own (`... doesn't exist in local filesystem`, the
 * `command terminated with exit code N` of a failing tar). The container needs `tar` on its PATH, as on a
 * real cluster. Host files are reached only through the command's HostFiles (`ctx.files`), confined
 * to a walkthrough's directory when run from one. Contents are kept as UTF-8 text.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { System } from '../../shell/types.js';
import type { HostFiles } from '../../util/host-files.js';
import { dirname, posix, resolve } from 'node:path';
import { CliError, ExitCode, RawError } from '../../api/errors.js';
import { missingBinaryError, podSystem } from '../../shell/index.js';
import { programName } from '../../shell/shell.js';
import { resolvePath } from '../../shell/fs.js';
import { checkPod, resolveExecPod } from './exec.js';
import { strerror } from '../../util/errno-text.js';

interface CpFlags {
  container?: string;
  noPreserve?: boolean;
  retries?: string;
}

interface FileSpec {
  namespace?: string;
  pod?: string;
  file: string;
}

/** One member of the tar stream: a directory (name ends with '/') or a file and its content. */
interface Member {
  name: string;
  content?: string;
}

/** Go's words for a failed host file operation (`mkdir a.txt: not a directory`), never Node's. */
function hostError(e: unknown, op: string, path: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  // EEXIST comes from a mkdir over a file, which Go's os.MkdirAll reports as "not a directory".
  const words = code === 'EEXIST' ? 'not a directory' : strerror(code);
  if (words) return new CliError(`${op} ${path}: ${words}`);
  return e instanceof Error && !code ? new CliError(e.message) : new CliError(`${op} ${path}: input/output error`);
}

/** Run a host file operation, turning its failure into Go's words. */
function onHost<T>(op: string, path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw hostError(e, op, path);
  }
}

/** extractFileSpec: `[[namespace/]pod:]path`. */
function fileSpec(arg: string): FileSpec {
  const i = arg.indexOf(':');
  if (i === 0) throw new CliError('filespec must match the canonical format: [[namespace/]pod:]file/path');
  if (i < 0) return { file: arg };
  const pieces = arg.slice(0, i).split('/');
  if (pieces.length > 2) throw new CliError('filespec must match the canonical format: [[namespace/]pod:]file/path');
  return pieces.length === 2 ? { namespace: pieces[0], pod: pieces[1], file: arg.slice(i + 1) } : { pod: pieces[0], file: arg.slice(i + 1) };
}

/** How the container's tar words its messages. */
function tarWords(sys: System) {
  const busybox = sys.image.family === 'busybox';
  return {
    leadingSlash: busybox ? "tar: removing leading '/' from member names\n" : "tar: Removing leading `/' from member names\n",
    missing: (p: string) => (busybox ? `tar: ${p}: No such file or directory\n` : `tar: ${p}: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n`),
    missingCode: busybox ? 1 : 2,
    noDir: (d: string) => (busybox ? `tar: can't change directory to '${d}': No such file or directory\n` : `tar: ${d}: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n`),
    noDirCode: busybox ? 1 : 2,
  };
}

/** The pod, its checks and its container's System; the container must have tar. */
function target(ctx: CommandContext, state: ClusterState, env: Parameters<typeof podSystem>[1], spec: FileSpec, flags: CpFlags, notices: (s: string) => void): System {
  const pod: KubeObject = resolveExecPod(state, spec.namespace ?? ctx.namespace, spec.pod!);
  const checked = checkPod(pod, flags.container, false);
  if (checked.defaulted) notices(checked.defaulted);
  const sys = podSystem(state, env, checked.pod, checked.container);
  if (!programName(sys, 'tar')) {
    throw new RawError(`error: Internal error occurred: error executing command in container: ${missingBinaryError(env.runtimeRngFor(pod.metadata.namespace), 'tar')}`);
  }
  return sys;
}

/** `tar cf - PATH` in the container: the members, named without their leading '/'. */
function tarFromContainer(sys: System, path: string, cwd: string): Member[] {
  const abs = resolvePath(cwd, path);
  const strip = (p: string) => p.replace(/^\/+/, '');
  const base = path.startsWith('/') ? strip(path) : path;
  const out: Member[] = [];
  const walk = (fsPath: string, name: string) => {
    if (sys.fs.isDir(fsPath)) {
      out.push({ name: `${name.replace(/\/+$/, '')}/` });
      for (const child of [...sys.fs.list(fsPath)].sort()) walk(`${fsPath.replace(/\/$/, '')}/${child}`, `${name.replace(/\/+$/, '')}/${child}`);
    } else out.push({ name, content: sys.fs.read(fsPath) ?? '' });
  };
  walk(abs, base);
  return out;
}

/** kubectl's stripPathShortcuts: leading `../` and `./` (and a lone `..`/`.`) removed. */
function stripShortcuts(p: string): string {
  let s = posix.normalize(p);
  for (;;) {
    if (s.startsWith('../')) s = s.slice(3);
    else if (s.startsWith('./')) s = s.slice(2);
    else if (s === '..' || s === '.') return '';
    else return s;
  }
}

async function copyFromPod(ctx: CommandContext, src: FileSpec, dest: FileSpec, flags: CpFlags): Promise<number> {
  const { state, env } = ctx.read();
  // kubectl gives the remote tar's stderr (and exec's notices) its own stdout.
  const sys = target(ctx, state, env, src, flags, (s) => ctx.out(s));
  const words = tarWords(sys);
  const cwd = (sys.vars.PWD as string | undefined) ?? '/';
  if (!sys.fs.exists(resolvePath(cwd, src.file))) {
    ctx.out(words.missing(src.file));
    ctx.err(`command terminated with exit code ${words.missingCode}\n`);
    throw new ExitCode(words.missingCode);
  }
  if (src.file.startsWith('/')) ctx.out(words.leadingSlash);
  const members = tarFromContainer(sys, src.file, cwd);
  const prefix = stripShortcuts(posix.normalize(src.file.replace(/^\/+/, '')));
  const files = ctx.files;
  const destRoot = resolve(ctx.io.cwd, dest.file);
  for (const m of members) {
    if (!m.name.startsWith(prefix)) throw new CliError('tar contents corrupted');
    const rest = m.name.slice(prefix.length);
    const destName = posix.join(dest.file, rest);
    const abs = resolve(ctx.io.cwd, destName);
    if (abs !== destRoot && !abs.startsWith(destRoot.replace(/\/$/, '') + '/')) {
      ctx.err(`warning: file ${JSON.stringify(destName)} is outside target destination, skipping\n`);
      continue;
    }
    const shown = destName.replace(/\/$/, '');
    if (m.content === undefined) {
      onHost('mkdir', shown, () => {
        if (files.stat(abs) && !files.stat(abs)!.isDirectory) throw Object.assign(new Error(), { code: 'ENOTDIR' });
        files.mkdir(abs);
      });
      continue;
    }
    onHost('mkdir', posix.dirname(shown), () => files.mkdir(dirname(abs)));
    if (files.stat(abs)?.isDirectory) throw new CliError(`open ${shown}: is a directory`);
    onHost('open', shown, () => files.write(abs, m.content!));
  }
  return 0;
}

/** makeTar: the local file or directory as members named under the destination's base name. */
function tarFromHost(files: HostFiles, abs: string, name: string, out: Member[]): void {
  const st = files.stat(abs);
  if (st?.isDirectory) {
    const children = files.list(abs);
    if (!children.length) out.push({ name: `${name}/` });
    for (const c of children) tarFromHost(files, `${abs}/${c}`, `${name}/${c}`, out);
  } else out.push({ name, content: onHost('open', name, () => files.read(abs)).toString('utf8') });
}

async function copyToPod(ctx: CommandContext, src: FileSpec, dest: FileSpec, flags: CpFlags): Promise<number> {
  const files = ctx.files;
  const srcAbs = resolve(ctx.io.cwd, src.file);
  if (!files.stat(srcAbs)) throw new CliError(`${src.file} doesn't exist in local filesystem`);
  let failed: { out: string; code: number } | undefined;
  ctx.mutate((state, env) => {
    const sys = target(ctx, state, env, dest, flags, (s) => ctx.err(s));
    const words = tarWords(sys);
    const cwd = (sys.vars.PWD as string | undefined) ?? '/';
    // `test -d DEST` first: copying into an existing directory keeps the source's name.
    let destFile = dest.file;
    if (sys.fs.isDir(resolvePath(cwd, destFile))) destFile = posix.join(destFile, posix.basename(srcAbs));
    const destDir = posix.dirname(posix.normalize(destFile));
    const base = posix.basename(posix.normalize(destFile));
    const dirAbs = resolvePath(cwd, destDir);
    if (!sys.fs.isDir(dirAbs)) {
      failed = { out: words.noDir(destDir), code: words.noDirCode };
      return;
    }
    const members: Member[] = [];
    tarFromHost(files, srcAbs, base, members);
    for (const m of members) {
      const p = resolvePath(dirAbs, m.name);
      if (m.content === undefined) sys.fs.mkdir(p);
      else {
        sys.fs.mkdir(posix.dirname(p));
        sys.fs.write(p, m.content);
      }
    }
  });
  if (failed) {
    ctx.err(failed.out);
    ctx.err(`command terminated with exit code ${failed.code}\n`);
    throw new ExitCode(failed.code);
  }
  return 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('cp')
    .description('Copy files and directories to and from containers')
    .argument('[args...]')
    .option('-c, --container <name>', 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen')
    .option('--no-preserve', "The copied file/directory's ownership and permissions will not be preserved in the container")
    .option('--retries <n>', 'Set number of retries to complete a copy operation from a container. Specify 0 to disable or any negative value for infinite retrying. The default is 0 (no retry).')
    .action(h.action<CpFlags>(async (ctx, args, opts) => {
      if (args.length !== 2) throw new CliError('source and destination are required');
      const src = fileSpec(args[0]!);
      const dest = fileSpec(args[1]!);
      if (src.pod && dest.pod) throw new CliError('one of src or dest must be a local file specification');
      if (!src.file || !dest.file) throw new CliError('filepath can not be empty');
      if (src.pod) return copyFromPod(ctx, src, dest, opts);
      if (dest.pod) return copyToPod(ctx, src, dest, opts);
      throw new CliError('one of src or dest must be a remote file specification');
    }));
}
