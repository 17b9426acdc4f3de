/**
 * `kube-sim taint nodes NODE... KEY[=VALUE]:EFFECT | KEY[:EFFECT]-` (or `--all`, `-l`): kubectl's taint
 * parsing, checks and messages (`node/x tainted|untainted|modified`). The scheduler keeps pods off
 * NoSchedule/NoExecute taints they do not tolerate, and the taint-eviction controller deletes the pods
 * a NoExecute taint no longer lets run there (controllers/node-lifecycle.ts).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import { CliError, RawError, notFound } from '../../api/errors.js';
import { formatError } from '../format-error.js';
import { lookupKind } from '../../api/registry.js';
import { listObjects, getObject, updateObject } from '../../api/objects.js';
import { matches, parseSelector } from '../../api/selectors.js';
import { rfc3339 } from '../../env.js';
import { labelValueProblems, qualifiedNameProblems } from '../../api/validation.js';
import { renderObjects } from '../../printers/output.js';
import type { Taint } from '../../controllers/node-lifecycle.js';

interface TaintFlags {
  all?: boolean;
  selector?: string;
  overwrite?: boolean;
  dryRun?: string;
  output?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
/** kubectl's parseTaint: `key`, `key:effect`, `key=value:effect`. */
function parseTaint(spec: string): Taint {
  const parts = spec.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw new CliError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new CliError(`invalid taint spec: ${spec}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = labelValueProblems(value);
      if (errs.length) throw new CliError(`invalid taint spec: ${spec}, ${errs.join('; ')}`);
    }
  } else throw new CliError(`invalid taint spec: ${spec}`);
  const keyErrs = qualifiedNameProblems(key);
  if (keyErrs.length) throw new CliError(`invalid taint spec: ${spec}, ${keyErrs.join('; ')}`);
  return { key, ...(value ? { value } : {}), effect };
}

/** Taint.ToString: `key=value:effect`, `key:effect`, `key`. */
function taintText(t: Taint): string {
  if (t.value) return `${t.key}=${t.value}:${t.effect}`;
  return t.effect ? `${t.key}:${t.effect}` : t.key;
}

/** Go's %v of a Taint, used in the duplicate-taint error. */
function goTaint(t: Taint): string {
  return `{${t.key} ${t.value ?? ''} ${t.effect} <nil>}`;
}

function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  const unique = new Map<string, Set<string>>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new CliError(`invalid taint spec: ${spec}`);
    const keys = unique.get(t.effect) ?? new Set<string>();
    if (keys.has(t.key)) throw new CliError(`duplicated taints with the same key and effect: ${goTaint(t)}`);
    keys.add(t.key);
    unique.set(t.effect, keys);
    add.push(t);
  }
  return { add, remove };
}

/** reorganizeTaints: the new list (added first, then the old ones they do not replace) and the verb. */
function reorganize(old: Taint[], add: Taint[], remove: Taint[], overwrite: boolean, now: string): { taints: Taint[]; verb: string; errors: string[] } {
  let taints: Taint[] = add.map((t) => (t.effect === 'NoExecute' ? { ...t, timeAdded: now } : { ...t }));
  for (const o of old) if (!taints.some((t) => t.key === o.key && t.effect === o.effect)) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let removed = false;
  for (const r of remove) {
    const before = taints.length;
    taints = taints.filter((t) => !(t.key === r.key && (!r.effect || t.effect === r.effect)));
    removed = taints.length !== before;
    if (!removed) errors.push(`taint ${JSON.stringify(taintText(r))} not found`);
  }
  const verb = (added && removed) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { taints, verb, errors };
}

/** The nodes to taint: named, `--all`, or `-l`. Missing names become NotFound errors. */
function targets(state: ClusterState, names: string[], flags: TaintFlags): { nodes: KubeObject[]; missing: string[] } {
  if (flags.all || flags.selector) {
    const reqs = flags.selector ? parseSelector(flags.selector) : [];
    return { nodes: listObjects(state, 'nodes').filter((n) => matches(reqs, n.metadata.labels)), missing: [] };
  }
  const nodes: KubeObject[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const n = getObject(state, 'nodes', undefined, name);
    if (n) nodes.push(n);
    else missing.push(name);
  }
  return { nodes, missing };
}

function run(ctx: CommandContext, args: string[], flags: TaintFlags): number {
  const resources: string[] = [];
  const specs: string[] = [];
  for (const a of args) {
    const isTaint = a.includes('=') || a.includes(':') || a.endsWith('-');
    if (isTaint) specs.push(a);
    else if (specs.length) throw new CliError(`all resources must be specified before taint changes: ${a}`);
    else resources.push(a);
  }
  if (resources.length < 1) throw new CliError('one or more resources must be specified as <resource> <name>');
  if (specs.length < 1) throw new CliError('at least one taint update is required');
  let parsed: { add: Taint[]; remove: Taint[] };
  try {
    parsed = parseTaints(specs);
  } catch (e) {
    throw new CliError((e as Error).message, 'taint');
  }
  const type = resources[0]!.toLowerCase();
  const info = lookupKind(type);
  if (!info) throw new CliError(`the server doesn't have a resource type "${type}"`);
  if (info.kind !== 'Node') throw new CliError(`invalid resource type ${type}, only node types are supported`);
  const conflicts = parsed.remove.filter((r) => parsed.add.some((a) => a.key === r.key && (!r.effect || a.effect === r.effect))).map((r) => `${r.key}=${r.effect}`);
  if (conflicts.length) throw new CliError(`can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`);
  if (flags.all && flags.selector) throw new CliError("setting 'all' parameter with a non empty selector is prohibited");
  if (!flags.all && !flags.selector && resources.length < 2) throw new CliError("at least one resource name must be specified since 'all' parameter is not set");
  const dryRun = flags.dryRun && flags.dryRun !== 'none' ? flags.dryRun : undefined;

  const errors: string[] = [];
  const apply = (state: ClusterState, now: string) => {
    const { nodes, missing } = targets(state, resources.slice(1), flags);
    for (const node of nodes) {
      const old = ((node.spec as { taints?: Taint[] } | undefined)?.taints ?? []);
      if (!flags.overwrite) {
        const exists = parsed.add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
        if (exists.length) {
          errors.push(`error: node ${node.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
          continue;
        }
      }
      const r = reorganize(old, parsed.add, parsed.remove, !!flags.overwrite, now);
      if (r.errors.length) {
        errors.push(`error: ${r.errors.length === 1 ? r.errors[0] : `[${r.errors.join(', ')}]`}`);
        continue;
      }
      const copy = structuredClone(node);
      const spec = (copy.spec ??= {}) as { taints?: Taint[] };
      if (r.taints.length) spec.taints = r.taints;
      else delete spec.taints;
      const saved = dryRun ? copy : updateObject(state, 'nodes', copy);
      // kubectl's taint sets the printer's operation after the dry-run marking: no "(dry run)" suffix.
      ctx.out(flags.output ? renderObjects(flags.output, [saved], true) : `node/${node.metadata.name} ${r.verb}\n`);
    }
    for (const name of missing) errors.push(formatError(notFound('nodes', name)).text);
  };
  if (dryRun) {
    const { state, env } = ctx.read();
    apply(state, rfc3339(env.now()));
  } else ctx.mutate((state, env) => apply(state, rfc3339(env.now())));
  if (!errors.length) return 0;
  throw new RawError(errors.join('\n'));
}

export function register(program: Command, h: Harness): void {
  program
    .command('taint')
    .description('Update the taints on one or more nodes')
    .argument('[args...]')
    .option('--all', 'Select all nodes in the cluster')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on, supports \'=\', \'==\', \'!=\', \'in\', \'notin\'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.')
    .option('--overwrite', 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.')
    .option('--dry-run <mode>', 'Must be "none", "server", or "client".')
    .option('-o, --output <format>', 'Output format.')
    .action(h.action<TaintFlags>((ctx, args, opts) => run(ctx, args, opts)));
}
