/**
 * `kube-sim auth can-i|whoami`: answered by RBAC over the cluster's bindings, as kind's API server answers
 * SelfSubjectAccessReview and SelfSubjectRulesReview, for kind's admin or for `--as USER` (`--as-group`,
 * a service account's `system:serviceaccount:NS:NAME`). `auth reconcile` is not simulated.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { refuse } from '../refuse.js';
import type { CommandContext } from '../context.js';
import { CliError, ExitCode, RawError } from '../../api/errors.js';
import { lookupKind } from '../../api/registry.js';
import { allowsPath, allowsResource, impersonate, rulesFor, type AccessRule, type UserInfo } from '../../api/admin-access.js';
import { goList, ruleRows } from '../../kinds/rbac-rules.js';
import { renderTable, GET_TABS } from '../../printers/tabwriter.js';
import { sortKeys, toYaml } from '../../printers/output.js';
import { notSimulatedText } from '../kubectl-commands.js';
import { goJsonText } from '../../util/go-json.js';

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
function subject(cmd: Command): UserInfo {
  const g = cmd.optsWithGlobals() as { as?: string; asGroup?: string[] };
  return impersonate(g.as, g.asGroup ?? []);
}

/** kubectl's warning lines (the message ends with a newline of its own, so a blank line follows). */
function warn(ctx: CommandContext, message: string): void {
  ctx.err(`Warning: ${message}\n\n`);
}

/** The rules as kubectl's `auth can-i --list` prints them (broken down, compacted, sorted). */
function accessTable(rules: AccessRule[], headers: boolean): string {
  return renderTable([...(headers ? [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']] : []), ...ruleRows(rules)], GET_TABS);
}

function canI(ctx: CommandContext, args: string[], opts: CanIOptions, cmd: Command): number {
  const who = subject(cmd);
  if (opts.list) {
    if (args.length) throw new RawError('error: list option must be specified with no arguments');
    if (opts.quiet || opts.allNamespaces || opts.subresource) throw new RawError("error: list option can't be specified with neither quiet, all-namespaces nor subresource options");
    ctx.out(accessTable(rulesFor(ctx.read().state, who, ctx.namespace), opts.headers !== false));
    return 0;
  }
  if (args.length !== 2) throw new RawError("error: you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.");
  const [verb, target] = args as [string, string];
  let allowed: boolean;
  if (target.startsWith('/')) {
    if (opts.subresource) throw new CliError('--subresource can not be used with NonResourceURL');
    if (opts.headers === false) throw new CliError('--no-headers cannot be set without --list specified');
    if (!NON_RESOURCE_VERBS.includes(verb)) warn(ctx, `verb '${verb}' is not a known verb`);
    allowed = allowsPath(rulesFor(ctx.read().state, who, ''), verb, target);
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
    // The review names the command's namespace even for a cluster-scoped resource (kubectl only warns), so RoleBindings there count.
    const rules = rulesFor(ctx.read().state, who, opts.allNamespaces ? '' : ctx.namespace);
    allowed = allowsResource(rules, verb, group, resource, opts.subresource ?? '', name);
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
        ctx.out(opts.output === 'json' ? goJsonText(review, 4) + '\n' : toYaml(sortKeys(review)));
        return 0;
      }
      ctx.out(renderTable([['ATTRIBUTE', 'VALUE'], ['Username', who.user], ['Groups', goList(who.groups)]], GET_TABS));
      return 0;
    }));

  auth
    .command('reconcile')
    .description('Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(h.action((ctx) => refuse(ctx, `${notSimulatedText('auth reconcile')}: apply the RBAC manifests with apply -f instead`)));
}
