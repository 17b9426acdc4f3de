/**
 * `-f FILE...` or `-k DIR`: the manifest documents a command that takes files works on. `-k` builds the
 * kustomization (src/kustomize) and hands its objects on as if a file had held them, the directory as
 * typed standing for the file name in messages, as kubectl's builder does. kustomize's deprecation
 * warnings go to stderr first, as kustomize writes them there itself.
 */
import { readManifests, type ManifestDoc } from '../api/manifest.js';
import { CliError, RawError } from '../api/errors.js';
import type { CommandContext } from './context.js';

/** The file flags as commander parses them. */
export interface FileFlags {
  filename?: string[];
  kustomize?: string;
}

/** Did the command get -f or -k? */
export function hasFileFlags(opts: FileFlags): boolean {
  return !!opts.filename?.length || !!opts.kustomize;
}

/** kubectl's FilenameOptions check: -f and -k exclude each other. */
export function checkFileFlags(opts: FileFlags): void {
  if (opts.filename?.length && opts.kustomize) throw new CliError('only one of -f or -k can be specified');
}

/**
 * The documents -f or -k names (checked first: one of them, not both). `bareErrors`: get and describe
 * print a failed kustomize build without kubectl's `error: ` prefix, as kubectl's builder hands it to them.
 */
export async function readFileFlags(ctx: CommandContext, opts: FileFlags, how: { bareErrors?: boolean } = {}): Promise<ManifestDoc[]> {
  checkFileFlags(opts);
  if (opts.kustomize) {
    const { kustomizeBuild } = await import('../kustomize/build.js');
    const { KustomizeError } = await import('../kustomize/errors.js');
    let built: ReturnType<typeof kustomizeBuild>;
    try {
      built = kustomizeBuild(ctx.files, ctx.io.cwd, opts.kustomize, { warn: (w) => ctx.err(`${w}\n`) });
    } catch (e) {
      throw how.bareErrors && e instanceof KustomizeError ? new RawError(e.message) : e;
    }
    return built.objects.map((doc) => ({ source: opts.kustomize!, doc }));
  }
  return readManifests(opts.filename ?? [], ctx.io.cwd, () => ctx.io.stdin?.readAll() ?? Promise.resolve(''), ctx.files);
}
