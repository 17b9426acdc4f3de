/**
 * `kube-sim auth can-i|whoami`: answered for kind's admin user as kind's API server answers it (yes to
 * everything; `--list` prints its rules as kubectl lays them out), or for `--as USER` (and `--as-group`)
 * with only what every authenticated user may do. `auth reconcile` is not simulated (no RBAC objects).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { refuse } from '../refuse.js';
import type { CommandContext } from '../context.js';
import { CliError, ExitCode, RawError } from '../../api/errors.js';
import { lookupKind } from '../../api/registry.js';
import { ADMIN_GROUPS, ADMIN_USER, allowsPath, allowsResource, rulesFor, type AccessRule } from '../../api/admin-access.js';
import { renderTable, GET_TABS } from '../../printers/tabwriter.js';
import { sortKeys, toYaml } from '../../printers/output.js';
import { notSimulatedText } from '../kubectl-commands.js';

interface CanIOptions {
  allNamespaces?: boolean;
  list?: boolean;
  quiet?: boolean;
  subresource?: string;
  headers?: boolean;
}

const RESOURCE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', 'approve', 'escalate', '*'];
const NON_RESOURCE_VERBS = ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'];
/** Resource names kubectl knows the server has no type for and does not warn about. */
const NON_STANDARD = ['users', 'groups'];

/** The user the request is for: --as / --as-group (impersonation), else kind's admin. */
function subject(cmd: Command): { user: string; groups: string[] } {
  const g = cmd.optsWithGlobals() as { as?: string; asGroup?: string };
  if (!g.as) return { user: ADMIN_USER, groups: ADMIN_GROUPS };
  return { user: g.as, groups: [...(g.asGroup ? [g.asGroup] : []), 'system:authenticated'] };
}

/** kubectl's warning lines (the message ends with a newline of its own, so a blank line follows). */
function warn(ctx: CommandContext, message: string): void {
  ctx.err(`Warning: ${message}\n\n`);
}

/** Go's %v of a string slice. */
const list = (v: string[] | undefined) => `[${(v ?? []).join(' ')}]`;

/** The rules broken down, compacted and sorted as kubectl's `auth can-i --list` prints them. */
function accessTable(rules: AccessRule[], headers: boolean): string {
  const broken: AccessRule[] = [];
  for (const r of rules) {
    for (const g of r.apiGroups ?? []) for (const res of r.resources ?? []) for (const v of r.verbs) broken.push({ verbs: [v], apiGroups: [g], resources: [res] });
    for (const u of r.nonResourceURLs ?? []) for (const v of r.verbs) broken.push({ verbs: [v], nonResourceURLs: [u] });
  }
  const compact: AccessRule[] = [];
  const simple = new Map<string, AccessRule>();
  for (const r of broken) {
    if (r.nonResourceURLs) {
      compact.push(r);
      continue;
    }
    const key = `${r.apiGroups![0]}\u0000${r.resources![0]}`;
    const hit = simple.get(key);
    if (hit) for (const v of r.verbs) if (!hit.verbs.includes(v)) hit.verbs.push(v);
    if (!hit) simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  compact.push(...simple.values());
  // rbacv1.PolicyRule's String(), which kubectl sorts by.
  const text = (r: AccessRule) => `&PolicyRule{Verbs:${list(r.verbs)},APIGroups:${list(r.apiGroups)},Resources:${list(r.resources)},ResourceNames:${list(r.resourceNames)},NonResourceURLs:${list(r.nonResourceURLs)},}`;
  compact.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  const rows = headers ? [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']] : [];
  for (const r of compact) {
    const resources = (r.resources ?? []).map((res, i) => {
      const g = r.apiGroups?.[i] ?? r.apiGroups?.[0] ?? '';
      return g ? `${res}.${g}` : res;
    });
    rows.push([resources.join(', '), list(r.nonResourceURLs), list(r.resourceNames), list(r.verbs)]);
  }
  return renderTable(rows, GET_TABS);
}

function canI(ctx: CommandContext, args: string[], opts: CanIOptions, cmd: Command): number {
  const who = subject(cmd);
  const rules = rulesFor(who.groups);
  if (opts.list) {
    if (args.length) throw new RawError('error: list option must be specified with no arguments');
    if (opts.quiet || opts.allNamespaces || opts.subresource) throw new RawError("error: list option can't be specified with neither quiet, all-namespaces nor subresource options");
    void ctx.namespace;
    ctx.out(accessTable(rules, opts.headers !== false));
    return 0;
  }
  if (args.length !== 2) throw new RawError("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
  const [verb, target] = args as [string, string];
  let allowed: boolean;
  if (target.startsWith('/')) {
    if (opts.subresource) throw new CliError('--subresource can not be used with NonResourceURL');
    if (opts.headers === false) throw new CliError('--no-headers cannot be set without --list specified');
    if (!NON_RESOURCE_VERBS.includes(verb)) warn(ctx, `verb '${verb}' is not a known verb`);
    allowed = allowsPath(rules, verb, target);
  } else {
    const slash = target.indexOf('/');
    const typed = slash < 0 ? target : target.slice(0, slash);
    const name = slash < 0 ? '' : target.slice(slash + 1);
    let group = '';
    let resource = typed;
    let namespaced = true;
    if (typed !== '*') {
      const dot = typed.indexOf('.');
      const info = lookupKind(typed);
      if (info) {
        group = info.group;
        resource = info.resource;
        namespaced = info.namespaced;
      } else {
        resource = dot < 0 ? typed.toLowerCase() : typed.slice(0, dot).toLowerCase();
        group = dot < 0 ? '' : typed.slice(dot + 1).toLowerCase();
        if (!NON_STANDARD.includes(typed)) warn(ctx, group ? `the server doesn't have a resource type '${resource}' in group '${group}'` : `the server doesn't have a resource type '${resource}'`);
      }
    }
    if (opts.headers === false) throw new CliError('--no-headers cannot be set without --list specified');
    if (!namespaced && !opts.allNamespaces) warn(ctx, group ? `resource '${resource}' is not namespace scoped in group '${group}'` : `resource '${resource}' is not namespace scoped`);
    if (!RESOURCE_VERBS.includes(verb)) warn(ctx, `verb '${verb}' is not a known verb`);
    if (!opts.allNamespaces) void ctx.namespace;
    allowed = allowsResource(rules, verb, group, opts.subresource ? `${resource}/${opts.subresource}` : resource, name);
  }
  if (!opts.quiet) ctx.out(allowed ? 'yes\n' : 'no\n');
  if (!allowed) throw new ExitCode(1);
  return 0;
}

export function register(program: Command, h: Harness): void {
  const auth = program.command('auth').description('Inspect authorization');

  auth
    .command('can-i')
    .description('Check whether an action is allowed')
    .argument('[args...]')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces.')
    .option('--list', 'If true, prints all allowed actions.')
    .option('--no-headers', 'If true, prints allowed actions without headers')
    .option('-q, --quiet', 'If true, suppress output and just return the exit code.')
    .option('--subresource <subresource>', 'SubResource such as pod/log or deployment/scale')
    .action(h.action<CanIOptions>((ctx, args, opts, cmd) => canI(ctx, args, opts, cmd)));

  auth
    .command('whoami')
    .description('Experimental: Check self subject attributes')
    .option('-o, --output <format>', 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).')
    .action(h.action<{ output?: string }>((ctx, _args, opts, cmd) => {
      const who = subject(cmd);
      ctx.read();
      if (opts.output === 'json' || opts.output === 'yaml') {
        const review = { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: { username: who.user, groups: who.groups } } };
        ctx.out(opts.output === 'json' ? JSON.stringify(review, null, 4) + '\n' : toYaml(sortKeys(review)));
        return 0;
      }
      ctx.out(renderTable([['ATTRIBUTE', 'VALUE'], ['Username', who.user], ['Groups', list(who.groups)]], GET_TABS));
      return 0;
    }));

  auth
    .command('reconcile')
    .description('Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(h.action((ctx) => refuse(ctx, `${notSimulatedText('auth reconcile')}: kube-sim has no RBAC objects`)));
}
