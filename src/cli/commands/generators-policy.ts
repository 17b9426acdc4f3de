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
import { flagsOf, nameAndCommand, sendGenerated, sendOptions, type BatchFlags } from './generators-batch.js';

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

interface PriorityClassFlags extends BatchFlags { value?: string; globalDefault?: string | boolean; description?: string; preemptionPolicy?: string }

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

/** A cobra Int32Var's parse of `--value`: a decimal int32, else pflag's error. */
function int32Flag(flag: string, raw: string | undefined): number {
  if (raw === undefined) return 0;
  const n = /^[+-]?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < -(2 ** 31) || n > 2 ** 31 - 1) {
    throw new CliError(`invalid argument "${raw}" for "--${flag}" flag: strconv.ParseInt: parsing "${raw}": ${Number.isNaN(n) ? 'invalid syntax' : 'value out of range'}\nSee 'kubectl create priorityclass --help' for usage.`);
  }
  return n;
}

/** A cobra BoolVar's parse of `--global-default` (bare, or `=true|false|1|0|t|f|...`). */
function boolFlag(flag: string, raw: string | boolean | undefined): boolean {
  if (raw === undefined || typeof raw === 'boolean') return raw ?? false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new CliError(`invalid argument "${raw}" for "--${flag}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax\nSee 'kubectl create priorityclass --help' for usage.`);
}

const priorityClassGenerator: Generator = (create, h) => {
  sendOptions(create.command('priorityclass'))
    .alias('pc')
    .description('Create a priority class with the specified name')
    .argument('[args...]')
    .option('--value <int32>', 'the value of this priority class.')
    .option('--global-default [bool]', 'global-default specifies whether this PriorityClass should be considered as the default priority.')
    .option('--description <text>', 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.')
    .option('--preemption-policy <policy>', 'preemption-policy is the policy for preempting pods with lower priority.', 'PreemptLowerPriority')
    .action(h.action<PriorityClassFlags>((ctx, args, opts, cmd: Command) => {
      const flags = flagsOf(cmd, opts);
      const { name } = nameAndCommand(cmd, args, 'priorityclass');
      const obj = buildPriorityClass(name, int32Flag('value', flags.value), boolFlag('global-default', flags.globalDefault), flags.description ?? '', flags.preemptionPolicy ?? 'PreemptLowerPriority');
      return sendGenerated(ctx, obj, flags, 'priorityclass');
    }));
};

export const policyGenerators: Generator[] = [quotaGenerator, priorityClassGenerator];
