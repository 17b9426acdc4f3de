/**
 * Shell completion as cobra does it for kubectl: the shell scripts of `completion bash|zsh|fish` call
 * the hidden `__complete ARGS... WORD` command, which answers one candidate per line (`value\tdescription`)
 * and a last line `:DIRECTIVE`. Candidates come from the program's commands and flags and, for object
 * names, namespaces, nodes and contexts, from the cluster's state, as kubectl's completion functions
 * ask the API server for them.
 */
import type { Command, Option } from 'commander';
import type { CommandContext } from './context.js';
import type { KindInfo } from '../api/kind.js';
import { pluralOf } from '../api/kind.js';
import { allKinds, lookupKind } from '../api/registry.js';
import { listObjects } from '../api/objects.js';
import { IGNORED_GLOBALS, commandPath } from './argv.js';

const IGNORED_SHORT_OF: Record<string, string> = { '--server': '-s', '--v': '-v' };
import { FLAG_TEXTS, KUBECTL_HELP, KUBECTL_OPTIONS } from './help/kubectl-help.js';

/** cobra's ShellCompDirective bits. */
export const Directive = { Default: 0, Error: 1, NoSpace: 2, NoFileComp: 4, FilterFileExt: 8, FilterDirs: 16, KeepOrder: 32 } as const;

const DIRECTIVE_NAMES: [number, string][] = [
  [Directive.Error, 'ShellCompDirectiveError'],
  [Directive.NoSpace, 'ShellCompDirectiveNoSpace'],
  [Directive.NoFileComp, 'ShellCompDirectiveNoFileComp'],
  [Directive.FilterFileExt, 'ShellCompDirectiveFilterFileExt'],
  [Directive.FilterDirs, 'ShellCompDirectiveFilterDirs'],
  [Directive.KeepOrder, 'ShellCompDirectiveKeepOrder'],
];

/** The stderr line cobra ends `__complete` with. */
export function directiveText(d: number): string {
  const names = DIRECTIVE_NAMES.filter(([bit]) => d & bit).map(([, n]) => n);
  return `Completion ended with directive: ${names.length ? names.join(', ') : 'ShellCompDirectiveDefault'}`;
}

export interface Completion {
  items: string[];
  directive: number;
}

const OUTPUT_FORMATS = ['json', 'yaml', 'name', 'go-template', 'go-template-file', 'template', 'templatefile', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'custom-columns', 'custom-columns-file', 'wide'];
/** What `logs`, `exec` and `attach` offer besides pod names: workload types to name as TYPE/NAME. */
const POD_OWNER_TYPES = ['daemonsets', 'deployments', 'pods', 'jobs', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'];
const SCALABLE = ['deployment', 'replicaset', 'replicationcontroller', 'statefulset'];
const ROLLOUT = ['deployment', 'daemonset', 'statefulset'];
const POD_TEMPLATES = ['daemonsets', 'deployments', 'pods', 'cronjobs', 'replicasets', 'replicationcontrollers', 'statefulsets'];
/** Flags kubectl marks required: cobra offers them first while they are missing. */
const REQUIRED_FLAGS: Record<string, string> = { scale: '--replicas', run: '--image', 'create deployment': '--image' };
/** Commands whose first argument is TYPE (or TYPE/NAME) and then names of that type. */
const RESOURCE_COMMANDS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'wait', 'expose']);
const POD_COMMANDS = new Set(['logs', 'exec', 'attach']);
const NODE_COMMANDS = new Set(['cordon', 'uncordon', 'drain', 'top node']);

/** The usage of a flag, as kubectl's help gives it (first line), else kube-sim's description. */
function flagUsage(o: Option, cmd: Command): string {
  const name = o.long!.slice(2);
  const help = Object.prototype.hasOwnProperty.call(KUBECTL_HELP, commandPath(cmd)) ? KUBECTL_HELP[commandPath(cmd)] : undefined;
  const known = help?.flags[name];
  const text = known !== undefined ? FLAG_TEXTS[known]!.split('\n\t')[1] : globalUsage(name);
  return (text ?? o.description).split('\n')[0]!;
}

function globalUsage(name: string): string | undefined {
  const m = new RegExp(`^    (?:-., )?--${name.replace(/[-]/g, '\\-')}=.*:\\n\\t(.*)$`, 'm').exec(KUBECTL_OPTIONS);
  return m?.[1];
}

/** The option a flag word names on `cmd` or an ancestor. */
function findOption(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

function visibleSubcommands(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden && !c.name().startsWith('__'));
}

/** `api-resources -o name`: the served resources, core first, then by group and name. */
function resourceTypes(): string[] {
  const key = (k: KindInfo) => `${k.group ? `1${k.group}` : '0'}\u0000${k.resource}`;
  return [...allKinds()].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((k) => (k.group ? `${pluralOf(k)}.${k.group}` : k.resource));
}

/** Names of objects of a type in the command's namespace (kubectl's `get TYPE -o template` query). */
function names(ctx: CommandContext, typed: string): string[] {
  const info = lookupKind(typed);
  if (!info) return [];
  const { state } = ctx.read();
  return listObjects(state, info.resource, info.namespaced ? ctx.namespace : undefined).map((o) => o.metadata.name);
}

/** TYPE/NAME completion: `deploy/` → `deploy/web`. */
function typeSlashNames(ctx: CommandContext, word: string): string[] {
  const slash = word.indexOf('/');
  const type = word.slice(0, slash);
  return names(ctx, type).map((n) => `${type}/${n}`);
}

/** Candidates for a flag's value. */
function flagValues(ctx: CommandContext, o: Option, positionals: string[]): Completion {
  const nc = (items: string[]) => ({ items, directive: Directive.NoFileComp });
  switch (o.long) {
    case '--namespace': {
      const { state } = ctx.read();
      return nc(listObjects(state, 'namespaces').map((n) => n.metadata.name));
    }
    case '--output':
      // kustomize's -o names a file to write, not a format.
      return o.description.startsWith('If specified, write output to this path') ? { items: [], directive: Directive.Default } : nc(OUTPUT_FORMATS);
    case '--context':
      return nc([...ctx.kubeconfig.contexts.keys()].sort());
    case '--cluster':
      return nc([...ctx.kubeconfig.clusters.keys()].sort());
    case '--user':
      return nc([...ctx.kubeconfig.users.keys()].sort());
    case '--filename':
      return { items: ['json', 'yaml', 'yml'], directive: Directive.FilterFileExt };
    case '--container': {
      const pod = positionals[0];
      if (!pod) return nc([]);
      const { state } = ctx.read();
      const p = listObjects(state, 'pods', ctx.namespace).find((x) => x.metadata.name === pod);
      const spec = p?.spec as { containers?: { name: string }[]; initContainers?: { name: string }[] } | undefined;
      return nc([...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.name));
    }
    default:
      return { items: [], directive: Directive.Default };
  }
}

/** Candidates for the next positional argument of `cmd`, given the ones before it. */
function positional(ctx: CommandContext, cmd: Command, before: string[], word: string): Completion {
  const nc = (items: string[]) => ({ items, directive: Directive.NoFileComp });
  const path = commandPath(cmd);
  const subs = visibleSubcommands(cmd);
  if (subs.length && !before.length) {
    const list = [...subs].sort((a, b) => (a.name() < b.name() ? -1 : 1)).map((c) => `${c.name()}\t${kubectlShort(c)}`);
    if (!cmd.parent) list.push('help\tHelp about any command');
    return nc(list.sort());
  }
  if (word.includes('/') && (RESOURCE_COMMANDS.has(path) || POD_COMMANDS.has(path) || path.startsWith('rollout ') || path.startsWith('set ') || path === 'scale')) {
    return nc(typeSlashNames(ctx, word));
  }
  if (RESOURCE_COMMANDS.has(path)) return nc(before.length ? names(ctx, before[0]!) : resourceTypes());
  if (path === 'scale') return nc(before.length ? names(ctx, before[0]!) : SCALABLE);
  if (path.startsWith('rollout ')) return nc(before.length ? names(ctx, before[0]!) : ROLLOUT);
  if (path.startsWith('set ') && path !== 'set subject') return nc(before.length ? names(ctx, before[0]!) : POD_TEMPLATES);
  if (POD_COMMANDS.has(path)) return nc(before.length ? [] : [...names(ctx, 'pods'), ...POD_OWNER_TYPES.map((t) => `${t}/`)]);
  if (NODE_COMMANDS.has(path)) return nc(names(ctx, 'nodes'));
  if (path === 'top pod') return nc(before.length ? [] : names(ctx, 'pods'));
  if (path === 'taint') return nc(before.length ? names(ctx, 'nodes') : ['node']);
  if (['config use-context', 'config delete-context', 'config rename-context', 'config set-context'].includes(path)) return nc(before.length ? [] : [...ctx.kubeconfig.contexts.keys()].sort());
  if (path === 'config delete-cluster' || path === 'config set-cluster') return nc(before.length ? [] : [...ctx.kubeconfig.clusters.keys()].sort());
  if (path === 'config delete-user' || path === 'config set-credentials') return nc(before.length ? [] : [...ctx.kubeconfig.users.keys()].sort());
  if (path === 'completion') return nc(before.length ? [] : ['bash', 'zsh', 'fish', 'powershell']);
  return { items: [], directive: Directive.Default };
}

function kubectlShort(c: Command): string {
  const p = commandPath(c);
  return (Object.prototype.hasOwnProperty.call(KUBECTL_HELP, p) ? KUBECTL_HELP[p]!.short : undefined) ?? c.description();
}

/** The flags of `cmd` for a word starting with `-`: inherited (global) ones first, then its own. */
function flags(cmd: Command, word: string): string[] {
  const out: string[] = [];
  const add = (o: Option, owner: Command) => {
    if (o.hidden || o.long === '--help') return;
    out.push(`${o.long}\t${flagUsage(o, owner)}`);
    if (o.short && !word.startsWith('--')) out.push(`${o.short}\t${flagUsage(o, owner)}`);
  };
  const ancestors: Command[] = [];
  for (let c = cmd.parent; c; c = c.parent) ancestors.unshift(c);
  const sorted = (options: readonly Option[]) => [...options].filter((o) => o.long !== '--help').sort((a, b) => (a.long! < b.long! ? -1 : 1));
  // The root's flags include kubectl's globals kube-sim drops before parsing (argv.ts).
  const own = (c: Command) => (c.parent ? c.options : [...c.options, ...[...IGNORED_GLOBALS.keys()].map((long) => ({ long, short: IGNORED_SHORT_OF[long], description: '' }) as Option)]);
  if (cmd.parent) for (const a of ancestors) for (const o of sorted(own(a))) add(o, a);
  // cobra's own --help, sorted in among the command's flags.
  const mine = [...own(cmd).filter((o) => o.long !== '--help'), { long: '--help', short: '-h', description: `help for ${cmd.parent ? cmd.name() : 'kubectl'}`, hidden: false } as Option];
  for (const o of mine.sort((a, b) => (a.long! < b.long! ? -1 : 1))) {
    if (o.long === '--help') {
      out.push(`--help\t${o.description}`);
      if (!word.startsWith('--')) out.push(`-h\t${o.description}`);
    } else add(o, cmd);
  }
  return out;
}

/** What `__complete ARGS... WORD` answers. */
export function complete(ctx: CommandContext, program: Command, args: string[]): Completion {
  const words = args.length ? args : [''];
  const word = words[words.length - 1]!;
  let cmd = program;
  const positionals: string[] = [];
  let pending: Option | undefined;
  for (const w of words.slice(0, -1)) {
    if (pending) {
      if (pending.long === '--namespace') ctx.globals.namespace = w;
      pending = undefined;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      const eq = w.indexOf('=');
      const o = findOption(cmd, eq > 0 ? w.slice(0, eq) : w);
      if (o?.required && eq < 0) pending = o;
      // Names are completed in the namespace the line names, as kubectl's completion does.
      if (o?.long === '--namespace' && eq > 0) ctx.globals.namespace = w.slice(eq + 1);
      continue;
    }
    const sub = !positionals.length ? cmd.commands.find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) cmd = sub;
    else positionals.push(w);
  }
  const filter = (c: Completion, prefix = word): Completion => ({ items: c.items.filter((i) => i.startsWith(prefix)), directive: c.directive });
  if (pending) return filter(flagValues(ctx, pending, positionals));
  const eqFlag = /^(--[^=]+)=(.*)$/.exec(word);
  if (eqFlag) {
    const o = findOption(cmd, eqFlag[1]!);
    if (o?.required) {
      const c = flagValues(ctx, o, positionals);
      return { items: c.items.filter((i) => i.startsWith(eqFlag[2]!)).map((i) => `${eqFlag[1]}=${i}`), directive: c.directive };
    }
  }
  if (word.startsWith('-')) return filter({ items: flags(cmd, word), directive: Directive.NoFileComp });
  const result = positional(ctx, cmd, positionals, word);
  const required = REQUIRED_FLAGS[commandPath(cmd)];
  if (required && !words.some((w) => w === required || w.startsWith(`${required}=`))) {
    const o = findOption(cmd, required);
    if (o) result.items.unshift(`${required}\t${flagUsage(o, cmd)}`);
  }
  return filter(result);
}
