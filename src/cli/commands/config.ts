/**
 * `kube-sim config`: kubectl's kubeconfig commands over kube-sim's own kubeconfig (beside the state, or
 * in memory for a walkthrough's cluster: src/store/kubeconfig-file.ts). The current context's namespace
 * is every command's default `-n` (context.ts). Output, messages and exit codes are kubectl 1.32's.
 */
import type { Command } from 'commander';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import { RawError } from '../../api/errors.js';
import { renderTable, GET_TABS } from '../../printers/tabwriter.js';
import { executeJsonPath, parseJsonPath } from '../../printers/jsonpath.js';
import { executeGoTemplate, parseGoTemplate } from '../../printers/go-template.js';
import { helpText } from '../help.js';
import { apiServerUrl } from './cluster-info.js';
import {
  kubeconfigDocument, kubeconfigJson, kubeconfigYaml, loadKubeconfig, minified, shortened, updateKubeconfig,
  type ContextFields, type Fields, type Kubeconfig,
} from '../kubeconfig.js';

/** The flags of set-cluster / set-context / set-credentials share names with kubectl's global flags. */
type Flags = Record<string, string | boolean | undefined>;

const server = (ctx: CommandContext) => () => apiServerUrl(ctx.read().state);
const load = (ctx: CommandContext) => loadKubeconfig(ctx.store.kubeconfig, server(ctx));
const update = <T>(ctx: CommandContext, change: (cfg: Kubeconfig) => T) => updateKubeconfig(ctx.store.kubeconfig, server(ctx), change);

/** kubectl's answer to a wrong number of arguments: the command's help on stdout, then the error. */
function unexpectedArgs(ctx: CommandContext, cmd: Command, args: string[], word = 'Unexpected'): never {
  ctx.out(helpText(cmd));
  throw new RawError(`error: ${word} args: [${args.join(' ')}]`);
}

/** A flag kube-sim's program reads as a global (`--namespace`, `--server`, ...) or the command's own. */
function flags(cmd: Command): Flags {
  return cmd.optsWithGlobals() as Flags;
}

function view(ctx: CommandContext, args: string[], opts: { minify?: boolean; raw?: boolean; output?: string; template?: string }): void {
  if (args.length) throw new RawError(`error: unexpected arguments: [${args.join(' ')}]\nSee 'kubectl config view -h' for help and examples`);
  let cfg = load(ctx);
  if (opts.minify) cfg = minified(cfg);
  if (!opts.raw) cfg = shortened(cfg);
  const output = opts.output ?? 'yaml';
  const eq = output.indexOf('=');
  const format = eq < 0 ? output : output.slice(0, eq);
  const arg = eq < 0 ? (opts.template ?? '') : output.slice(eq + 1);
  const doc = JSON.parse(kubeconfigJson(cfg)) as Fields;
  if (format === 'yaml') ctx.out(kubeconfigYaml(cfg));
  else if (format === 'json') ctx.out(kubeconfigJson(cfg));
  else if (format === 'name') ctx.out('config/<unknown>\n');
  else if (format === 'jsonpath') {
    if (!arg) throw new RawError('error: template format specified but no template given');
    ctx.out(executeJsonPath(parseJsonPath(arg), doc as never));
  } else if (format === 'go-template' || format === 'template') {
    if (!arg) throw new RawError('error: template format specified but no template given');
    ctx.out(executeGoTemplate(parseGoTemplate(arg), kubeconfigDocument(cfg) as never));
  } else {
    throw new RawError(
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
    );
  }
}

function getContexts(ctx: CommandContext, names: string[], opts: { output?: string; headers?: boolean }): number {
  if (opts.output && opts.output !== 'name') {
    throw new RawError(`error: --output ${opts.output} is not available in kubectl config get-contexts; resetting to default output format`);
  }
  const cfg = load(ctx);
  const nameOnly = opts.output === 'name';
  const missing = names.filter((n) => !cfg.contexts.has(n));
  const shown = (names.length ? names.filter((n) => cfg.contexts.has(n)) : [...cfg.contexts.keys()]).sort();
  if (nameOnly) {
    for (const n of shown) ctx.out(`${n}\n`);
  } else {
    const rows: string[][] = opts.headers === false ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
    for (const n of shown) {
      const c = cfg.contexts.get(n)!;
      rows.push([n === cfg.currentContext ? '*' : ' ', n, c.cluster ?? '', c.user ?? '', c.namespace ?? '']);
    }
    if (rows.length) ctx.out(renderTable(rows, GET_TABS));
  }
  if (!missing.length) return 0;
  // kubectl prints an aggregate of several errors one per line, without the "error: " prefix.
  const errors = missing.map((n) => `context ${n} not found`);
  throw new RawError(errors.length === 1 ? `error: ${errors[0]}` : errors.join('\n'));
}

function listNames(ctx: CommandContext, which: 'clusters' | 'users'): void {
  const cfg = load(ctx);
  ctx.out(['NAME', ...[...cfg[which].keys()].sort()].join('\n') + '\n');
}

function setContext(ctx: CommandContext, cmd: Command, args: string[]): void {
  const f = flags(cmd);
  if (args.length > 1 || (args.length === 1 && f.current)) unexpectedArgs(ctx, cmd, args);
  const message = update(ctx, (cfg) => {
    const name = f.current ? cfg.currentContext : (args[0] ?? '');
    if (!name) throw new RawError(f.current ? 'error: no current context is set' : 'error: you must specify a non-empty context name or --current');
    const existing = cfg.contexts.get(name);
    const context: ContextFields = { ...(existing ?? {}) };
    for (const [flag, field] of [['cluster', 'cluster'], ['user', 'user'], ['namespace', 'namespace']] as const) {
      if (typeof f[flag] === 'string') context[field] = f[flag] as string;
    }
    cfg.contexts.set(name, context);
    return `Context "${name}" ${existing ? 'modified' : 'created'}.\n`;
  });
  ctx.out(message);
}

/** set-cluster / set-credentials: change the named entry as kubectl's modifyCluster / modifyAuthInfo do. */
function setEntry(ctx: CommandContext, cmd: Command, args: string[], which: 'clusters' | 'users'): void {
  if (args.length !== 1) unexpectedArgs(ctx, cmd, args, which === 'users' ? 'unexpected' : 'Unexpected');
  const f = flags(cmd);
  const name = args[0]!;
  const given = (flag: string) => typeof f[camel(flag)] === 'string' || f[camel(flag)] === true;
  const text = (flag: string) => String(f[camel(flag)]);
  // kubectl stores file paths relative to the kubeconfig's directory (an in-memory one's: the working directory).
  const location = ctx.store.kubeconfig.location;
  const base = isAbsolute(location) ? dirname(location) : ctx.io.cwd;
  const filePath = (p: string) => relative(base, resolve(ctx.io.cwd, p));
  const put = (entry: Fields, field: string, value: unknown) => {
    if (value === '' || value === false || value === undefined) delete entry[field];
    else entry[field] = value;
  };
  update(ctx, (cfg) => {
    const entry: Fields = { ...(cfg[which].get(name) ?? {}) };
    if (which === 'clusters') {
      // A new server overrides the TLS server name; insecure mode and a CA file exclude each other.
      if (given('server')) {
        put(entry, 'server', text('server'));
        delete entry['tls-server-name'];
      }
      if (given('tls-server-name')) put(entry, 'tls-server-name', text('tls-server-name'));
      if (given('insecure-skip-tls-verify')) {
        put(entry, 'insecure-skip-tls-verify', true);
        delete entry['certificate-authority'];
        delete entry['certificate-authority-data'];
      }
      if (given('certificate-authority')) {
        put(entry, 'certificate-authority', filePath(text('certificate-authority')));
        delete entry['insecure-skip-tls-verify'];
        delete entry['certificate-authority-data'];
      }
      if (given('proxy-url')) put(entry, 'proxy-url', text('proxy-url'));
    } else {
      for (const kind of ['client-certificate', 'client-key']) {
        if (!given(kind)) continue;
        put(entry, kind, filePath(text(kind)));
        delete entry[`${kind}-data`];
      }
      // A token and basic auth exclude each other: setting one clears the other.
      let setToken = false;
      let setBasic = false;
      if (given('token')) {
        put(entry, 'token', text('token'));
        setToken = text('token') !== '';
      }
      for (const field of ['username', 'password']) {
        if (!given(field)) continue;
        put(entry, field, text(field));
        setBasic ||= text(field) !== '';
      }
      if (setToken || setBasic) {
        if (!setToken) delete entry.token;
        if (!setBasic) {
          delete entry.username;
          delete entry.password;
        }
      }
    }
    cfg[which].set(name, entry);
  });
  ctx.out(`${which === 'clusters' ? 'Cluster' : 'User'} "${name}" set.\n`);
}

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

function deleteEntry(ctx: CommandContext, cmd: Command, args: string[], which: 'clusters' | 'contexts' | 'users'): void {
  if (args.length === 0) {
    ctx.out(helpText(cmd));
    return;
  }
  const name = args[0]!;
  const singular = which.slice(0, -1);
  const file = ctx.store.kubeconfig.location;
  let wasCurrent = false;
  update(ctx, (cfg) => {
    if (!cfg[which].has(name)) throw new RawError(`error: cannot delete ${singular} ${name}, not in ${file}`);
    wasCurrent = which === 'contexts' && cfg.currentContext === name;
    cfg[which].delete(name);
  });
  if (wasCurrent) ctx.err('warning: this removed your active context, use "kubectl config use-context" to select a different one\n');
  ctx.out(`deleted ${singular} ${name} from ${file}\n`);
}

function renameContext(ctx: CommandContext, cmd: Command, args: string[]): void {
  if (args.length !== 2) unexpectedArgs(ctx, cmd, args);
  const [from, to] = args as [string, string];
  const file = ctx.store.kubeconfig.location;
  update(ctx, (cfg) => {
    const context = cfg.contexts.get(from);
    if (!context) throw new RawError(`error: cannot rename the context "${from}", it's not in ${file}`);
    if (cfg.contexts.has(to)) throw new RawError(`error: cannot rename the context "${from}", the context "${to}" already exists in ${file}`);
    cfg.contexts.delete(from);
    cfg.contexts.set(to, context);
    if (cfg.currentContext === from) cfg.currentContext = to;
  });
  ctx.out(`Context "${from}" renamed to "${to}".\n`);
}

/**
 * `config set|unset PROPERTY`: a dotted path into the Config (`current-context`,
 * `contexts.NAME.namespace`, `clusters.NAME.server`, `users.NAME.token`), as kubectl navigates it.
 */
function setProperty(ctx: CommandContext, path: string, value: string | undefined): void {
  const parts = path.split('.');
  const bad = () => new RawError(`error: unable to parse ${path} after [] at api.Config`);
  update(ctx, (cfg) => {
    if (parts.length === 1 && parts[0] === 'current-context') {
      cfg.currentContext = value ?? '';
      return;
    }
    const which = parts[0] as 'clusters' | 'contexts' | 'users';
    if (!['clusters', 'contexts', 'users'].includes(which) || parts.length < 2) throw bad();
    const name = parts[1]!;
    const map = cfg[which] as Map<string, Fields>;
    if (parts.length === 2) {
      if (value !== undefined) throw bad();
      if (!map.delete(name)) throw new RawError(`error: current map key \`${name}\` is invalid`);
      return;
    }
    const entry: Fields = { ...(map.get(name) ?? {}) };
    const field = parts.slice(2).join('.');
    if (value === undefined) delete entry[field];
    else entry[field] = value;
    map.set(name, entry);
  });
  ctx.out(`Property "${path}" ${value === undefined ? 'unset' : 'set'}.\n`);
}

export function register(program: Command, h: Harness): void {
  const config = program.command('config').description('Modify kubeconfig files');

  config
    .command('view')
    .description('Display merged kubeconfig settings or a specified kubeconfig file')
    .argument('[args...]')
    .option('--minify', 'Remove all information not used by current-context from the output')
    .option('--raw', 'Display raw byte data and sensitive data')
    .option('--flatten', 'Flatten the resulting kubeconfig file into self-contained output (useful for creating portable kubeconfig files)')
    .option('--merge', 'Merge the full hierarchy of kubeconfig files')
    .option('-o, --output <format>', 'Output format', 'yaml')
    .option('--template <template>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
    .action(h.action<{ minify?: boolean; raw?: boolean; output?: string; template?: string }>((ctx, args, opts) => view(ctx, args, opts)));

  config
    .command('current-context')
    .description('Display the current-context')
    .allowExcessArguments()
    .action(h.action((ctx) => {
      const cfg = load(ctx);
      if (!cfg.currentContext) throw new RawError('error: current-context is not set');
      ctx.out(`${cfg.currentContext}\n`);
    }));

  config
    .command('get-contexts')
    .description('Describe one or many contexts')
    .argument('[names...]')
    .option('-o, --output <format>', 'Output format. One of: (name).')
    .option('--no-headers', "When using the default or custom-column output format, don't print headers (default print headers).")
    .action(h.action<{ output?: string; headers?: boolean }>((ctx, args, opts) => getContexts(ctx, args, opts)));

  config.command('get-clusters').description('Display clusters defined in the kubeconfig').allowExcessArguments().action(h.action((ctx) => listNames(ctx, 'clusters')));
  config.command('get-users').description('Display users defined in the kubeconfig').allowExcessArguments().action(h.action((ctx) => listNames(ctx, 'users')));

  config
    .command('use-context')
    .alias('use')
    .description('Set the current-context in a kubeconfig file')
    .argument('[args...]')
    .action(h.action((ctx, args, _opts, cmd) => {
      if (args.length !== 1) unexpectedArgs(ctx, cmd, args);
      const name = args[0]!;
      update(ctx, (cfg) => {
        if (!cfg.contexts.has(name)) throw new RawError(`error: no context exists with the name: "${name}"`);
        cfg.currentContext = name;
      });
      ctx.out(`Switched to context "${name}".\n`);
    }));

  config
    .command('set-context')
    .description('Set a context entry in kubeconfig')
    .argument('[args...]')
    .option('--current', 'Modify the current context')
    .option('--cluster <cluster>', 'cluster for the context entry in kubeconfig')
    .option('--user <user>', 'user for the context entry in kubeconfig')
    .option('--namespace <namespace>', 'namespace for the context entry in kubeconfig')
    .action(h.action((ctx, args, _opts, cmd) => setContext(ctx, cmd, args)));

  config
    .command('set-cluster')
    .description('Set a cluster entry in kubeconfig')
    .argument('[args...]')
    .option('--server <server>', 'server for the cluster entry in kubeconfig')
    .option('--certificate-authority <path>', 'Path to certificate-authority file for the cluster entry in kubeconfig')
    .option('--insecure-skip-tls-verify', 'insecure-skip-tls-verify for the cluster entry in kubeconfig')
    .option('--tls-server-name <name>', 'tls-server-name for the cluster entry in kubeconfig')
    .option('--proxy-url <url>', 'proxy-url for the cluster entry in kubeconfig')
    .action(h.action((ctx, args, _opts, cmd) => setEntry(ctx, cmd, args, 'clusters')));

  config
    .command('set-credentials')
    .description('Set a user entry in kubeconfig')
    .argument('[args...]')
    .option('--client-certificate <path>', 'Path to client-certificate file for the user entry in kubeconfig')
    .option('--client-key <path>', 'Path to client-key file for the user entry in kubeconfig')
    .option('--token <token>', 'token for the user entry in kubeconfig')
    .option('--username <username>', 'username for the user entry in kubeconfig')
    .option('--password <password>', 'password for the user entry in kubeconfig')
    .action(h.action((ctx, args, _opts, cmd) => setEntry(ctx, cmd, args, 'users')));

  for (const which of ['contexts', 'clusters', 'users'] as const) {
    const singular = which.slice(0, -1);
    config
      .command(`delete-${singular}`)
      .description(`Delete the specified ${singular} from the kubeconfig`)
      .argument('[args...]')
      .action(h.action((ctx, args, _opts, cmd) => deleteEntry(ctx, cmd, args, which)));
  }

  config
    .command('rename-context')
    .description('Rename a context from the kubeconfig file')
    .argument('[args...]')
    .action(h.action((ctx, args, _opts, cmd) => renameContext(ctx, cmd, args)));

  config
    .command('set')
    .description('Set an individual value in a kubeconfig file')
    .argument('[args...]')
    .action(h.action((ctx, args, _opts, cmd) => {
      if (args.length !== 2) unexpectedArgs(ctx, cmd, args);
      setProperty(ctx, args[0]!, args[1]!);
    }));

  config
    .command('unset')
    .description('Unset an individual value in a kubeconfig file')
    .argument('[args...]')
    .action(h.action((ctx, args, _opts, cmd) => {
      if (args.length !== 1) unexpectedArgs(ctx, cmd, args);
      setProperty(ctx, args[0]!, undefined);
    }));
}
