/**
 * `kube-sim annotate`: KEY=VALUE sets (the first '=' splits, so values may contain '='), KEY- removes;
 * --overwrite, -l, --all, -A, -f, --list, --dry-run, -o. Prints `<kind>/<name> annotated`.
 */
import type { Command } from 'commander';
import { hasFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';
import { splitArgs, findTargets, writeEach, finish, withChanges, type MetadataOptions, type Changes } from './metadata-update.js';
import { setOwn } from '../../api/merge.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** annotate.go parseAnnotations: the first '=' separates key and value; an empty key is invalid. */
export function parseAnnotationChanges(pairs: string[]): Changes {
  const set: Record<string, string> = Object.create(null) as Record<string, string>;
  const remove: string[] = [];
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i >= 0) {
      if (i === 0) throw new CliError(`invalid annotation format: ${p}`);
      setOwn(set, p.slice(0, i), p.slice(i + 1));
    } else if (p.endsWith('-')) remove.push(p.slice(0, -1));
    else throw new CliError(`invalid annotation format: ${p}`);
  }
  if (remove.some((r) => Object.hasOwn(set, r))) throw new CliError('can not both modify and remove an annotation in the same command');
  return { set, remove };
}

export function register(program: Command, h: Harness): void {
  program
    .command('annotate')
    .description('Update the annotations on a resource')
    .argument('[args...]')
    .option('--overwrite', 'If true, allow annotations to be overwritten')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to update the annotation', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('--list', 'If true, display the annotations for a given resource')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run <mode>', 'none, client or server')
    .option('--resource-version <version>', 'Only update if the resource is unchanged from this version')
    .action(h.action<MetadataOptions>(async (ctx, args, opts) => {
      const { resources, pairs } = splitArgs(args, 'annotation');
      if (resources.length < 1 && !hasFileFlags(opts)) throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
      const changes = parseAnnotationChanges(pairs);
      if (!Object.keys(changes.set).length && !changes.remove.length && !opts.list) throw new CliError('at least one annotation update is required');
      const { targets, errors } = await findTargets(ctx, resources, opts);
      if (opts.list) {
        for (const t of targets) {
          const ann = t.obj.metadata.annotations ?? {};
          for (const k of Object.keys(ann).sort()) ctx.out(`${k}=${ann[k]}\n`);
        }
        if (errors.length) ctx.err(errors.join('\n') + '\n');
        return errors.length ? 1 : 0;
      }
      const result = writeEach(ctx, targets, opts, 'kubectl-annotate', (obj) => {
        const ann = obj.metadata.annotations ?? {};
        if (!opts.overwrite) {
          const conflicts = Object.entries(changes.set)
            .filter(([k, v]) => k !== 'kubernetes.io/change-cause' && Object.hasOwn(ann, k) && ann[k] !== v)
            .map(([k]) => `'${k}' already has a value (${ann[k]})`);
          if (conflicts.length) throw new CliError(`--overwrite is false but found the following declared annotation(s): ${conflicts.join('; ')}`);
        }
        const next = withChanges(ann, changes);
        if (Object.keys(next).length) obj.metadata.annotations = next;
        else delete obj.metadata.annotations;
        return 'annotated';
      });
      return finish(ctx, result, errors, opts.output);
    }));
}
