/**
 * Cobra's flags are local to their command: kubectl's `create` flags (-f, -k, --edit, --dry-run...) are
 * not its generators' unless a generator declares its own (`kubectl create configmap x -f y` is pflag's
 * "unknown shorthand flag: 'f' in -f"; `create token NAME --dry-run=client` is "unknown flag: --dry-run").
 * Commander lets a parent's options come after its subcommand and takes them itself, so a generator's
 * run refuses any flag of `create` it does not declare, in pflag's words.
 */
import type { Command, Option } from 'commander';
import { CliError } from '../../api/errors.js';

/** Where and how `opt` was typed among the words after the generator's name (`-f`, `-fy`, `--filename=x`). */
function typedAs(words: string[], opt: Option): { at: number; typed: string } | undefined {
  for (let at = 0; at < words.length; at++) {
    const w = words[at]!;
    if (w === '--') return undefined;
    const flag = w.replace(/=.*$/s, '');
    if (opt.long && flag === opt.long) return { at, typed: flag };
    if (opt.short && /^-[^-]/.test(w) && w.slice(0, 2) === opt.short) return { at, typed: w };
  }
  return undefined;
}

/**
 * Refuse, before `generator` runs, the flags of `create` that were given and that it does not declare:
 * the first one typed, as pflag stops at the first flag it does not know.
 */
export function refuseCreateFlags(create: Command, generator: Command): void {
  const given = create.opts();
  let root: Command = generator;
  while (root.parent) root = root.parent;
  const raw = (root as Command & { rawArgs?: string[] }).rawArgs ?? [];
  const words = raw.slice(raw.indexOf(generator.name()) + 1);
  let first: { at: number; typed: string } | undefined;
  for (const opt of create.options) {
    if (given[opt.attributeName()] === undefined) continue;
    if (generator.options.some((o) => o.long === opt.long)) continue;
    const found = typedAs(words, opt) ?? { at: Infinity, typed: opt.long ?? opt.flags };
    if (!first || found.at < first.at) first = found;
  }
  if (!first) return;
  const { typed } = first;
  const text = typed.startsWith('--') ? `unknown flag: ${typed}` : `unknown shorthand flag: '${typed.slice(1, 2)}' in ${typed}`;
  const path: string[] = [];
  for (let c: Command | null = generator; c && c !== create; c = c.parent) path.unshift(c.name());
  throw new CliError(`${text}\nSee 'kubectl create ${path.join(' ')} --help' for usage.`);
}
