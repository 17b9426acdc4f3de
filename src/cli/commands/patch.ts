/**
 * `kube-sim patch`: -p/--patch or --patch-file, --type strategic (default) | merge | json, on TYPE NAME,
 * TYPE/NAME or -f. Prints `pod/x patched` or `pod/x patched (no change)`. The patch is applied as the API
 * server's patch handler applies it (api/patch.ts, its errors included) and the result goes through the
 * update path (preconditions, admission, validation) as manager `kubectl-patch`.
 */
import { resolve } from 'node:path';
import { hasFileFlags } from '../file-flags.js';
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';
import { applyPatch, type PatchType } from '../../api/patch.js';
import { decodePatchBody, kubectlPatchBody } from '../../api/patch-body.js';
import { checkName, STRATEGIC_REFUSED } from '../../api/server.js';
import { canonicalJson } from '../../api/semantic.js';
import { setOwn } from '../../api/merge.js';
import { findTargets, writeEach, finish, type MetadataOptions } from './metadata-update.js';

interface PatchOptions extends MetadataOptions {
  patch?: string;
  patchFile?: string;
  type?: string;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function register(program: Command, h: Harness): void {
  program
    .command('patch')
    .description('Update fields of a resource using strategic merge patch, a JSON merge patch, or a JSON patch')
    .argument('[args...]')
    .option('-p, --patch <patch>', 'The patch to be applied to the resource JSON file')
    .option('--patch-file <file>', 'A file containing a patch to be applied to the resource')
    .option('--type <type>', 'The type of patch being provided; one of [json merge strategic]', 'strategic')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to update', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run <mode>', 'none, client or server')
    .action(h.action<PatchOptions>(async (ctx, args, opts) => {
      if (opts.patch === undefined && !opts.patchFile) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
      const type = opts.type ?? 'strategic';
      if (!['json', 'merge', 'strategic'].includes(type)) throw new CliError(`--type must be one of [json merge strategic], not ${JSON.stringify(type)}`);
      let text = opts.patch ?? '';
      if (opts.patchFile) {
        const path = resolve(ctx.io.cwd, opts.patchFile);
        if (!ctx.files.stat(path)) throw new CliError(`unable to read patch file: open ${opts.patchFile}: no such file or directory`);
        text = ctx.files.read(path).toString('utf8');
      }
      const sent = kubectlPatchBody(text);
      if ('error' in sent) throw new CliError(sent.error);
      if (!args.length && !hasFileFlags(opts)) {
        throw new CliError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      // kubectl turns an empty patch into {} (a patch of nothing).
      const body = sent.body === 'null' && type !== 'json' ? '{}' : sent.body;
      const { targets, errors } = await findTargets(ctx, args, { ...opts, all: false });
      const result = writeEach(ctx, targets, opts, 'kubectl-patch', (obj, info, _out, state) => {
        // A custom resource has no strategic merge patch: the server's 415, which kubectl wraps with the type it sent.
        if (info.custom && type === 'strategic') {
          throw new CliError(`application/strategic-merge-patch+json is not supported by ${info.group}/${info.version}, Kind=${info.kind}: ${STRATEGIC_REFUSED}`);
        }
        // The server decodes the body for each object it patches (a malformed one is each one's BadRequest).
        const patch = decodePatchBody(body, type as PatchType);
        const before = canonicalJson(obj);
        const next = applyPatch(state, info, structuredClone(obj), type as PatchType, patch);
        checkName(next, obj.metadata.name, obj.metadata.namespace);
        // Patch in place so writeEach stores it.
        for (const k of Object.keys(obj)) delete (obj as Record<string, unknown>)[k];
        for (const k of Object.keys(next)) setOwn(obj, k, (next as Record<string, unknown>)[k]);
        return canonicalJson(obj) === before ? 'patched (no change)' : 'patched';
      });
      return finish(ctx, result, errors, opts.output);
    }));
}
