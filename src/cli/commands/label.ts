/**
 * `kube-sim label`: KEY=VALUE sets, KEY- removes; --overwrite, -l, --all, -A, -f, --list, --dry-run, -o.
 * Messages as kubectl: `pod/x labeled`, `not labeled` (nothing changed), `unlabeled` (only removals,
 * without --overwrite), `label "k" not found.` for removing a missing key.
 */
import type { Command } from 'commander';
import { hasFileFlags } from '../file-flags.js';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';
import { splitArgs, findTargets, writeEach, finish, withChanges, type MetadataOptions, type Changes } from './metadata-update.js';
import { setOwn } from '../../api/merge.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** label.go parseLabels. */
export function parseLabelChanges(pairs: string[]): Changes {
  const set: Record<string, string> = Object.create(null) as Record<string, string>;
  const remove: string[] = [];
  for (const p of pairs) {
    if (p.includes('=')) {
      const parts = p.split('=');
      if (parts.length !== 2) throw new CliError(`invalid label spec: ${p}`);
      const value = parts[1]!;
      const errs: string[] = [];
      if (value.length > 63) errs.push('must be no more than 63 characters');
      if (!LABEL_VALUE.test(value)) {
        errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
      }
      if (errs.length) throw new CliError(`invalid label value: ${JSON.stringify(p)}: ${errs.join(';')}`);
      setOwn(set, parts[0]!, value);
    } else if (p.endsWith('-')) remove.push(p.slice(0, -1));
    else throw new CliError(`unknown label spec: ${p}`);
  }
  if (remove.some((r) => Object.hasOwn(set, r))) throw new CliError('can not both modify and remove a label in the same command');
  return { set, remove };
}

export function register(program: Command, h: Harness): void {
  program
    .command('label')
    .description('Update the labels on a resource')
    .argument('[args...]')
    .option('--overwrite', 'If true, allow labels to be overwritten')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces')
    .option('-f, --filename <file>', 'Filename, directory, or URL to files identifying the resource to update the labels', collect)
    .option('-k, --kustomize <dir>', 'Process the kustomization directory')
    .option('--list', 'If true, display the labels for a given resource')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run <mode>', 'none, client or server')
    .option('--resource-version <version>', 'Only update if the resource is unchanged from this version')
    .action(h.action<MetadataOptions>(async (ctx, args, opts) => {
      const { resources, pairs } = splitArgs(args, 'label');
      if (resources.length < 1 && !hasFileFlags(opts)) throw new CliError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
      const changes = parseLabelChanges(pairs);
      if (!Object.keys(changes.set).length && !changes.remove.length && !opts.list) throw new CliError('at least one label update is required');
      const { targets, errors } = await findTargets(ctx, resources, opts);
      if (opts.list) {
        // One object: bare k=v lines; several: a heading per object and indented lines (label.go).
        const one = targets.length === 1 && resources.length <= 2 && !opts.selector && !opts.all;
        for (const t of targets) {
          const labels = t.obj.metadata.labels ?? {};
          if (!one) ctx.out(`Listing labels for ${t.obj.kind}.${t.info.version}/${t.obj.metadata.name}:\n`);
          for (const k of Object.keys(labels).sort()) ctx.out(`${one ? '' : ' '}${k}=${labels[k]}\n`);
        }
        if (errors.length) ctx.err(errors.join('\n') + '\n');
        return errors.length ? 1 : 0;
      }
      const result = writeEach(ctx, targets, opts, 'kubectl-label', (obj, _info, out) => {
        const labels = obj.metadata.labels ?? {};
        for (const r of changes.remove) if (!Object.hasOwn(labels, r)) out.push(`label ${JSON.stringify(r)} not found.\n`);
        if (!opts.overwrite) {
          const conflicts = Object.entries(changes.set)
            .filter(([k, v]) => Object.hasOwn(labels, k) && labels[k] !== v)
            .map(([k]) => `'${k}' already has a value (${labels[k]}), and --overwrite is false`);
          if (conflicts.length === 1) throw new CliError(conflicts[0]!);
          if (conflicts.length > 1) throw new CliError(`[${conflicts.join(', ')}]`);
        }
        const before = JSON.stringify(obj);
        const next = withChanges(labels, changes);
        if (Object.keys(next).length) obj.metadata.labels = next;
        else delete obj.metadata.labels;
        const after = JSON.stringify(obj);
        // kubectl's updateDataChangeMsg compares the serialised objects.
        if (before === after) return 'not labeled';
        return !opts.overwrite && after.length < before.length ? 'unlabeled' : 'labeled';
      }, true);
      return finish(ctx, result, errors, opts.output);
    }));
}
