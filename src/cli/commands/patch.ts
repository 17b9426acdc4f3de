/**
 * `kube-sim patch`: -p/--patch or --patch-file, --type strategic (default) | merge | json, on TYPE NAME,
 * TYPE/NAME or -f. Prints `pod/x patched` or `pod/x patched (no change)`; the result goes through the API
 * server's update path (admission, validation), so an invalid result is rejected as kubectl shows it.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { Harness } from '../harness.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError, RawError } from '../../api/errors.js';
import { mergePatch, strategicMerge } from '../../api/merge.js';
import { applyJsonPatch, JsonPatchError } from '../../util/json-patch.js';
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
      let patch: unknown;
      try {
        patch = parseYaml(text);
      } catch (e) {
        throw new CliError(`unable to parse ${JSON.stringify(text)}: yaml: ${(e as Error).message.split('\n')[0]}`);
      }
      if (!args.length && !opts.filename?.length) {
        throw new CliError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      if (type !== 'json' && (typeof patch !== 'object' || patch === null || Array.isArray(patch))) {
        const got = Array.isArray(patch) ? 'array' : typeof patch === 'string' ? 'string' : typeof patch === 'number' ? 'number' : typeof patch === 'boolean' ? 'bool' : 'null';
        if (got !== 'null') throw new ApiError('BadRequest', `json: cannot unmarshal ${got} into Go value of type map[string]interface {}`);
        patch = {};
      }
      const { targets, errors } = await findTargets(ctx, args, { ...opts, all: false });
      const result = writeEach(ctx, targets, opts, (obj) => {
        const before = JSON.stringify(obj);
        let next: KubeObject;
        try {
          if (type === 'json') next = applyJsonPatch(obj, patch) as KubeObject;
          else if (type === 'merge') next = mergePatch(obj, patch) as KubeObject;
          else next = strategicMerge(obj, patch) as KubeObject;
        } catch (e) {
          if (e instanceof JsonPatchError) throw new RawError('The request is invalid: the server rejected our request due to an error in our request');
          throw e;
        }
        // Patch in place so writeEach stores it; name and namespace cannot be patched away.
        for (const k of Object.keys(obj)) delete (obj as Record<string, unknown>)[k];
        Object.assign(obj, next);
        return JSON.stringify(obj) === before ? 'patched (no change)' : 'patched';
      });
      return finish(ctx, result, errors, opts.output);
    }));
}
