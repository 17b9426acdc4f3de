/**
 * `kube-sim diff -f FILE`: kubectl's diff of each live object against what applying the manifest would
 * make of it (the apply merge, then a dry-run create or update through the API server), printed as the
 * `diff -u -N LIVE-dir MERGED-dir` kubectl runs would print it: exit 1 when something differs, 0 when
 * nothing does, 2 (kubectl's code + 1) on errors. The diff is computed in-process (util/unified-diff.ts):
 * kube-sim never runs a host `diff` or $KUBECTL_EXTERNAL_DIFF. The two directories kubectl would create
 * get stable names from the cluster's seed, and the files the simulated clock's time.
 */
import type { Command } from 'commander';
import { hasFileFlags, readFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import type { KindInfo } from '../../api/kind.js';
import { CliError, ExitCode } from '../../api/errors.js';
import { createObject, decodeManifest, replaceObject, validationMode } from '../../api/server.js';
import { getObject } from '../../api/objects.js';
import { matches, parseSelector } from '../../api/selectors.js';
import { streamStart } from '../../env.js';
import { toYaml } from '../../printers/output.js';
import { unifiedHunks } from '../../util/unified-diff.js';
import { formatError } from '../format-error.js';
import { applyMerge } from './create.js';

interface DiffFlags {
  filename?: string[];
  kustomize?: string;
  selector?: string;
  serverSide?: boolean;
  showManagedFields?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** kubectl's file name for an object: `[group.]version.Kind.namespace.name`. */
function fileName(info: KindInfo, obj: KubeObject): string {
  return `${info.group ? `${info.group}.` : ''}${info.version}.${info.kind}.${obj.metadata.namespace ?? ''}.${obj.metadata.name}`;
}

/** GNU diff's file time: `2026-11-21 22:50:00.000000000 +0000`. */
function fileTime(now: Date): string {
  return `${now.toISOString().replace('T', ' ').replace(/\.(\d{3})Z$/, '.$1000000')} +0000`;
}

/** kubectl masks Secret data: `***`, or `*** (before)` / `*** (after)` for a changed value. */
function maskSecrets(from: KubeObject | undefined, to: KubeObject): void {
  const a = from?.data as Record<string, string> | undefined;
  const b = to.data as Record<string, string> | undefined;
  const fromMasked: Record<string, string> = {};
  const toMasked: Record<string, string> = {};
  for (const k of Object.keys(a ?? {})) {
    if (b && k in b && a![k] !== b[k]) {
      fromMasked[k] = '*** (before)';
      toMasked[k] = '*** (after)';
    } else {
      fromMasked[k] = '***';
      if (b && k in b) toMasked[k] = '***';
    }
  }
  for (const k of Object.keys(b ?? {})) if (!(k in toMasked)) toMasked[k] = '***';
  if (from && a) from.data = fromMasked;
  if (b) to.data = toMasked;
}

function printed(obj: KubeObject | undefined, showManagedFields: boolean): string {
  if (!obj) return '';
  const copy = structuredClone(obj);
  if (!showManagedFields) delete copy.metadata.managedFields;
  return toYaml(copy);
}

async function run(ctx: CommandContext, flags: DiffFlags): Promise<number> {
  if (!hasFileFlags(flags)) throw new CliError('must specify one of -f and -k');
  const docs = await readFileFlags(ctx, flags);
  const selector = flags.selector ? parseSelector(flags.selector) : undefined;
  // A read: the dry-run writes below change this in-memory state only, which is never saved.
  const { state, env } = ctx.read();
  const files = new Map<string, { live: string; merged: string }>();
  for (const d of docs) {
    const { info, obj } = decodeManifest(state, d.doc, d.source, ctx.namespace, { validate: validationMode(undefined) });
    const declared = (d.doc as { metadata?: { namespace?: string } }).metadata?.namespace;
    if (ctx.namespaceExplicit && info.namespaced && declared && declared !== ctx.namespace) {
      throw new CliError(`the namespace from the provided object "${declared}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${declared}' to perform this operation.`);
    }
    if (selector && !matches(selector, obj.metadata.labels)) continue;
    const liveObj = getObject(state, info.resource, info.namespaced ? obj.metadata.namespace : undefined, obj.metadata.name);
    const live = liveObj ? structuredClone(liveObj) : undefined;
    let merged: KubeObject;
    // kubectl diff merges without the last-applied annotation (GetModifiedConfiguration, annotate=false).
    if (!live) {
      // A dry-run create returns the object prepared for storage: no resourceVersion yet.
      merged = structuredClone(createObject(state, env, info, structuredClone(obj), { dryRun: true }));
    } else {
      const patched = applyMerge(live, obj, d.doc, ctx, info.namespaced, false);
      merged = JSON.stringify(patched) === JSON.stringify(live) ? structuredClone(live) : structuredClone(replaceObject(state, env, info, patched));
      // A dry-run update returns the object as it would be stored, under the live resourceVersion.
      merged.metadata.resourceVersion = live.metadata.resourceVersion;
    }
    if (info.kind === 'Secret') maskSecrets(live, merged);
    files.set(fileName(info, obj), { live: printed(live, !!flags.showManagedFields), merged: printed(merged, !!flags.showManagedFields) });
  }
  // The directories kubectl makes with os.MkdirTemp("", "LIVE-") and ("", "MERGED-"): fixed per cluster.
  const liveDir = `/tmp/LIVE-${streamStart(state.meta.seed, 'kubectl-diff-live')}`;
  const mergedDir = `/tmp/MERGED-${streamStart(state.meta.seed, 'kubectl-diff-merged')}`;
  const time = fileTime(env.now());
  let differs = false;
  for (const name of [...files.keys()].sort()) {
    const { live, merged } = files.get(name)!;
    const hunks = unifiedHunks(live, merged);
    if (!hunks) continue;
    differs = true;
    ctx.out(`diff -u -N ${liveDir}/${name} ${mergedDir}/${name}\n`);
    // kubectl writes both files even for a new object (an empty LIVE file), so both carry the time.
    ctx.out(`--- ${liveDir}/${name}\t${time}\n+++ ${mergedDir}/${name}\t${time}\n${hunks}`);
  }
  return differs ? 1 : 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('diff')
    .description('Diff the live version against a would-be applied version')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files contains the configuration to diff', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('-l, --selector <selector>', "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.")
    .option('--server-side', 'If true, apply runs in the server instead of the client.')
    .option('--show-managed-fields', 'If true, include managed fields in the diff.')
    .action(h.action<DiffFlags>(async (ctx, _args, opts) => {
      try {
        return await run(ctx, opts);
      } catch (e) {
        // kubectl diff exits with its error's code plus one: 1 means "differences found".
        if (e instanceof ExitCode) throw e;
        const { text, code } = formatError(e);
        if (text) ctx.err(text + '\n');
        throw new ExitCode(code + 1);
      }
    }));
}
