/**
 * Creating a generated Service as `expose` and `create service` do: client dry run prints the object as
 * generated (creationTimestamp null, empty status), server dry run admits it without saving, otherwise
 * it is created through the API server and reconciled. Then `-o` output or the success line.
 */
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import { CliError } from '../../api/errors.js';
import { createObject } from '../../api/server.js';
import { KINDS } from '../../api/registry.js';
import { renderObjects } from '../../printers/output.js';

export interface WriteOptions {
  output?: string;
  dryRun?: string | boolean;
}

/** `--dry-run` value: none, client or server (bare `--dry-run` means client, as kubectl's deprecated form). */
export function dryRunMode(v: string | boolean | undefined): 'none' | 'client' | 'server' {
  if (v === undefined || v === false || v === 'none') return 'none';
  if (v === true || v === '' || v === 'client' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  throw new CliError(`Invalid dry-run value (${String(v)}). Must be "none", "server", or "client".`);
}

/** The suffix kubectl's printers add to a success line in each dry-run mode. */
export function dryRunSuffix(mode: 'none' | 'client' | 'server'): string {
  return mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
}

/** Write (or dry-run) a generated Service; `verb` is `created` or `exposed`; `wrap` prefixes API errors. */
export function writeService(ctx: CommandContext, svc: KubeObject, opts: WriteOptions, verb: string, wrap?: (e: unknown) => never): number {
  // kubectl's field manager is named after the command: kubectl-expose, kubectl-create.
  const fieldManager = verb === 'exposed' ? 'kubectl-expose' : 'kubectl-create';
  const mode = dryRunMode(opts.dryRun);
  const info = KINDS.Service;
  if (ctx.namespaceExplicit) svc.metadata.namespace = ctx.namespace;
  let shown: KubeObject = svc;
  if (mode === 'client') {
    (svc.metadata as Record<string, unknown>).creationTimestamp = null;
    svc.status ??= { loadBalancer: {} };
  } else {
    const toCreate = structuredClone(svc);
    toCreate.metadata.namespace = ctx.namespace;
    try {
      if (mode === 'server') {
        const { state, env } = ctx.read();
        shown = createObject(state, env, info, toCreate, { dryRun: true, fieldManager });
      } else {
        shown = ctx.mutate((state, env) => createObject(state, env, info, toCreate, { fieldManager })).result;
      }
    } catch (e) {
      if (wrap) wrap(e);
      throw e;
    }
  }
  if (opts.output) {
    ctx.out(renderObjects(opts.output, [shown], true, { cwd: ctx.io.cwd, files: ctx.files }));
    return 0;
  }
  const suffix = mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
  ctx.out(`service/${svc.metadata.name} ${verb}${suffix}\n`);
  return 0;
}
