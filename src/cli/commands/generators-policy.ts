/**
 * `create quota NAME [--hard=key=value,...] [--scopes=Scope,...]` (alias `resourcequota`), built as
 * kubectl 1.32 builds it (quantities parsed and printed canonically), created through the API server.
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

export const policyGenerators: Generator[] = [quotaGenerator];
