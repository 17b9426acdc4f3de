/**
 * `create quota NAME [--hard=key=value,...] [--scopes=Scope,...]` (alias `resourcequota`), built as
 * kubectl 1.32 builds it (quantities parsed and printed canonically), and `create priorityclass NAME
 * --value=N [--global-default] [--description=...] [--preemption-policy=...]` (alias `pc`), each created
 * through the API server.
 */
import type { Command } from 'commander';
import type { Generator } from './create-generators.js';
import type { KubeObject } from '../../api/types.js';
import { CliError } from '../../api/errors.js';
import { formatQuantity, parseQuantity } from '../../printers/quantity.js';
import { parseSelector } from '../../api/selectors.js';
import { flagsOf, nameAndCommand, sendGenerated, sendOptions, type BatchFlags } from './generators-batch.js';
import { goInt } from '../argv.js';

interface QuotaFlags extends BatchFlags { hard?: string; scopes?: string }

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

/** The ResourceQuota `create quota` sends. */
export function buildQuota(name: string, hard: string | undefined, scopes: string | undefined, namespace?: string): KubeObject {
  const spec: Record<string, unknown> = {};
  if (hard) {
    const list: Record<string, string> = {};
    for (const statement of hard.split(',')) {
      const parts = statement.split('=');
      if (parts.length !== 2) throw new CliError(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
      if (!QUANTITY.test(parts[1]!)) throw new CliError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
      list[parts[0]!] = formatQuantity(parseQuantity(parts[1]!));
    }
    spec.hard = list;
  }
  if (scopes) {
    const list = scopes.split(',');
    if (list.some((s) => s === '')) throw new CliError('invalid resource quota scope ""');
    spec.scopes = list;
  }
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { creationTimestamp: null as never, name, ...(namespace ? { namespace } : {}) }, spec, status: {} };
}

const quotaGenerator: Generator = (create, h) => {
  sendOptions(create.command('quota'))
    .alias('resourcequota')
    .description('Create a quota with the specified name')
    .argument('[args...]')
    .option('--hard <list>', 'A comma-delimited set of resource=quantity pairs that define a hard limit.')
    .option('--scopes <list>', 'A comma-delimited set of quota scopes that must all match each object tracked by the quota.')
    .action(h.action<QuotaFlags>((ctx, args, opts, cmd: Command) => {
      const flags = flagsOf(cmd, opts);
      const { name } = nameAndCommand(cmd, args, 'quota');
      const obj = buildQuota(name, flags.hard, flags.scopes, ctx.namespaceExplicit ? ctx.namespace : undefined);
      return sendGenerated(ctx, obj, flags, 'quota');
    }));
};

interface PriorityClassFlags extends BatchFlags { value?: string; globalDefault?: boolean; description?: string; preemptionPolicy?: string }

/** The PriorityClass `create priorityclass` sends (kubectl's createPriorityClass: the policy always set). */
export function buildPriorityClass(name: string, value: number, globalDefault: boolean, description: string, preemptionPolicy: string): KubeObject {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { creationTimestamp: null as never, name },
    value,
    ...(globalDefault ? { globalDefault } : {}),
    ...(description ? { description } : {}),
    preemptionPolicy,
  } as KubeObject;
}

const priorityClassGenerator: Generator = (create, h) => {
  sendOptions(create.command('priorityclass'))
    .alias('pc')
    .description('Create a priority class with the specified name')
    .argument('[args...]')
    .option('--value <int32>', 'the value of this priority class.')
    .option('--global-default', 'global-default specifies whether this PriorityClass should be considered as the default priority.')
    .option('--description <text>', 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.')
    .option('--preemption-policy <policy>', 'preemption-policy is the policy for preempting pods with lower priority.', 'PreemptLowerPriority')
    .action(h.action<PriorityClassFlags>((ctx, args, opts, cmd: Command) => {
      const flags = flagsOf(cmd, opts);
      const { name } = nameAndCommand(cmd, args, 'priorityclass');
      // pflag checked --value (an Int32) and --global-default (a bool) before the command ran (argv.ts).
      const obj = buildPriorityClass(name, flags.value === undefined ? 0 : goInt(flags.value), flags.globalDefault ?? false, flags.description ?? '', flags.preemptionPolicy ?? 'PreemptLowerPriority');
      return sendGenerated(ctx, obj, flags, 'priorityclass');
    }));
};

interface PdbFlags extends BatchFlags { selector?: string; minAvailable?: string; maxUnavailable?: string }

/** intstr.Parse: digits are an int, anything else a string. */
function intOrString(text: string): number | string {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** metav1.ParseToLabelSelector: `k=v` into matchLabels, set-based requirements into matchExpressions. */
function toLabelSelector(text: string): Record<string, unknown> {
  let reqs;
  try {
    reqs = parseSelector(text);
  } catch (e) {
    throw new CliError(`couldn't parse the selector string "${text}": ${(e as Error).message.replace(/^error: /, '')}`);
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Record<string, unknown>[] = [];
  for (const r of reqs) {
    const equality = r.values.length === 1 && new RegExp(`(^|,)\\s*${escapeRegExp(r.key)}\\s*(!=|==?)`).exec(text);
    // As the real kubectl 1.32 words it (checked through kube-sim serve).
    if (equality && equality[2] === '!=') throw new CliError('"!=" is not a valid label selector operator');
    if (r.op === 'In' && equality) matchLabels[r.key] = r.values[0]!;
    else matchExpressions.push({ key: r.key, operator: r.op, ...(r.values.length ? { values: [...r.values].sort() } : {}) });
  }
  return { ...(Object.keys(matchLabels).length ? { matchLabels } : {}), ...(matchExpressions.length ? { matchExpressions } : {}) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The PodDisruptionBudget `create pdb` sends, after kubectl's Validate (pkg/cmd/create/create_pdb.go):
 * a selector and exactly one of the two bounds, each digits with an optional `%`.
 */
export function buildPdb(name: string, flags: PdbFlags, namespace?: string): KubeObject {
  const min = flags.minAvailable ?? '';
  const max = flags.maxUnavailable ?? '';
  if (!flags.selector) throw new CliError('a selector must be specified');
  if (!min && !max) throw new CliError('one of min-available or max-unavailable must be specified');
  if (min && max) throw new CliError('min-available and max-unavailable cannot be both specified');
  if (min && !/^[0-9]+%?$/.test(min)) throw new CliError('invalid format specified for min-available');
  if (max && !/^[0-9]+%?$/.test(max)) throw new CliError('invalid format specified for max-unavailable');
  const spec: Record<string, unknown> = min ? { minAvailable: intOrString(min) } : {};
  spec.selector = toLabelSelector(flags.selector);
  if (!min) spec.maxUnavailable = intOrString(max);
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { creationTimestamp: null as never, name, ...(namespace ? { namespace } : {}) },
    spec,
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  };
}

const pdbGenerator: Generator = (create, h) => {
  sendOptions(create.command('poddisruptionbudget'))
    .alias('pdb')
    .description('Create a pod disruption budget with the specified name')
    .argument('[args...]')
    .option('--selector <selector>', 'A label selector to use for this budget. Only equality-based selector requirements are supported.')
    .option('--min-available <n>', 'The minimum number or percentage of available pods this budget requires.')
    .option('--max-unavailable <n>', 'The maximum number or percentage of unavailable pods this budget requires.')
    .action(h.action<PdbFlags>((ctx, args, opts, cmd: Command) => {
      const flags = flagsOf(cmd, opts);
      const { name } = nameAndCommand(cmd, args, 'poddisruptionbudget');
      const obj = buildPdb(name, flags, ctx.namespaceExplicit ? ctx.namespace : undefined);
      return sendGenerated(ctx, obj, flags, 'poddisruptionbudgets');
    }));
};

export const policyGenerators: Generator[] = [quotaGenerator, priorityClassGenerator, pdbGenerator];
