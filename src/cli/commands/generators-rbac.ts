/**
 * `create role|clusterrole|rolebinding|clusterrolebinding`, built as kubectl 1.32 builds them: verbs and
 * resources deduplicated, resources resolved through discovery (short names, `resource.group/subresource`),
 * one rule per API group in group order, kubectl's client-side checks and words; created through the API
 * server, whose errors come back unwrapped.
 */
import type { Command } from 'commander';
import type { Generator } from './create-generators.js';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError, RawError } from '../../api/errors.js';
import { KINDS, lookupKind } from '../../api/registry.js';
import { qualifiedMessage } from './generators-batch.js';
import { emit } from './generators-core.js';
import { RBAC_GROUP } from '../../kinds/role.js';
import type { PolicyRule } from '../../kinds/rbac-rules.js';

interface RbacFlags {
  output?: string;
  dryRun?: string | boolean;
  verb?: string[];
  resource?: string[];
  resourceName?: string[];
  nonResourceUrl?: string[];
  aggregationRule?: string[];
  role?: string;
  clusterrole?: string;
  user?: string[];
  group?: string[];
  serviceaccount?: string[];
}

/** pflag's StringSlice: repeatable, each value split at commas. */
const slice = (v: string, prev: string[] = []) => [...prev, ...(v === '' ? [] : v.split(','))];
/** pflag's StringArray: repeatable, taken whole. */
const array = (v: string, prev: string[] = []) => [...prev, v];
const unique = (list: string[]) => [...new Set(list)];

const RESOURCE_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
const NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
/** Verbs that only make sense on some resources (group/resource). */
const SPECIAL_VERBS: Record<string, string[]> = {
  use: ['policy/podsecuritypolicies', 'extensions/podsecuritypolicies'],
  bind: [`${RBAC_GROUP}/roles`, `${RBAC_GROUP}/clusterroles`],
  escalate: [`${RBAC_GROUP}/roles`, `${RBAC_GROUP}/clusterroles`],
  impersonate: ['/users', '/serviceaccounts', '/groups', 'authentication.k8s.io/userextras/*', 'authentication.k8s.io/uids'],
};

interface ResourceSpec { resource: string; group: string; subresource: string }

/** `resource[.group][/subresource]` as kubectl splits it; a bare `*` stands for everything alone. */
function parseResources(list: string[]): ResourceSpec[] {
  const out: ResourceSpec[] = [];
  for (const r of list) {
    const slash = r.indexOf('/');
    const main = slash < 0 ? r : r.slice(0, slash);
    const dot = main.indexOf('.');
    const spec = { resource: dot < 0 ? main : main.slice(0, dot), group: dot < 0 ? '' : main.slice(dot + 1), subresource: slash < 0 ? '' : r.slice(slash + 1) };
    if (spec.resource === '*' && dot < 0 && slash < 0) return [spec];
    out.push(spec);
  }
  return out;
}

/** Discovery's answer for a typed resource: its plural and group, or undefined. */
function resolve(r: ResourceSpec): { resource: string; group: string } | undefined {
  const info = lookupKind(r.group ? `${r.resource}.${r.group}` : r.resource);
  return info ? { resource: info.resource, group: info.group } : undefined;
}

/** kubectl's validateResource: a resource for each entry, known to the server, fit for the special verbs. */
function checkResources(resources: ResourceSpec[], verbs: string[]): void {
  if (!resources.length) throw new CliError('at least one resource must be specified');
  for (const r of resources) {
    if (!r.resource) throw new CliError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    const found = resolve(r);
    const target = found ?? { resource: r.resource, group: r.group };
    let missing = !found;
    for (const v of verbs) {
      const allowed = SPECIAL_VERBS[v];
      if (!allowed) continue;
      if (!allowed.includes(`${target.group}/${target.resource}`)) throw new CliError(`can not perform '${v}' on '${target.resource}' in group '${target.group}'`);
      missing = false;
    }
    if (missing) throw new RawError(`the server doesn't have a resource type "${r.resource}"${r.group ? ` in group "${r.group}"` : ''}`);
  }
}

function warnVerbs(ctx: CommandContext, verbs: string[]): void {
  for (const v of verbs) if (!RESOURCE_VERBS.includes(v)) ctx.err(`Warning: '${v}' is not a standard resource verb\n`);
}

/** Verbs deduplicated; `*` alone stands for all. */
function verbsOf(flags: RbacFlags): string[] {
  const verbs = flags.verb ?? [];
  return verbs.includes('*') ? ['*'] : unique(verbs);
}

/** generateResourcePolicyRules: one rule per API group (groups in order), resources in the order given. */
function resourceRules(verbs: string[], resources: ResourceSpec[], names: string[], urls: string[]): PolicyRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const found = resolve(r) ?? { resource: r.resource, group: r.group };
    const resource = r.subresource ? `${found.resource}/${r.subresource}` : found.resource;
    const list = byGroup.get(found.group) ?? [];
    if (!list.includes(resource)) list.push(resource);
    byGroup.set(found.group, list);
  }
  const rules: PolicyRule[] = [...byGroup.keys()].sort().map((g) => ({ verbs, apiGroups: [g], resources: byGroup.get(g)!, ...(names.length ? { resourceNames: names } : {}) }));
  if (urls.length) rules.push({ verbs, nonResourceURLs: urls });
  return rules;
}

/** A rule's fields in Go struct order (a client-side `-o json` prints the typed object). */
const goRule = (r: PolicyRule) => ({ verbs: r.verbs, ...(r.apiGroups ? { apiGroups: r.apiGroups } : {}), ...(r.resources ? { resources: r.resources } : {}), ...(r.resourceNames ? { resourceNames: r.resourceNames } : {}), ...(r.nonResourceURLs ? { nonResourceURLs: r.nonResourceURLs } : {}) });

function oneName(args: string[], verb: string): string {
  if (args.length !== 1) throw new CliError(`exactly one NAME is required, got ${args.length}`, `create ${verb}`);
  return args[0]!;
}

function metadata(ctx: CommandContext, name: string, namespaced: boolean): Record<string, unknown> {
  return { name, ...(namespaced && ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: null };
}

/**
 * Send the generated object: the namespaced one in the command's namespace, as the client does. The
 * binding generators wrap an API error (`failed to create rolebinding: ...`); the role ones do not.
 */
function send(ctx: CommandContext, goOrder: KubeObject, namespaced: boolean, flags: RbacFlags, wrap?: string): number {
  const obj = structuredClone(goOrder);
  delete (obj.metadata as { creationTimestamp?: unknown }).creationTimestamp;
  if (namespaced) obj.metadata.namespace = ctx.namespace;
  try {
    return emit(ctx, obj, goOrder, flags);
  } catch (e) {
    if (wrap && e instanceof ApiError) throw new CliError(`failed to create ${wrap}: ${qualifiedMessage(e, KINDS[obj.kind as keyof typeof KINDS])}`);
    throw e;
  }
}

function common(c: Command): Command {
  return c
    .argument('[name...]')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run [mode]', 'none, client or server')
    .option('--save-config', 'Accepted for compatibility')
    .option('--validate <mode>', 'Accepted for compatibility')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.');
}

/** The rule flags of `create role` and `create clusterrole`. */
function ruleFlags(c: Command): Command {
  return c
    .option('--verb <verbs>', 'Verb that applies to the resources contained in the rule', slice)
    .option('--resource <resources>', 'Resource that the rule applies to', slice)
    .option('--resource-name <name>', 'Resource in the white list that the rule applies to, repeat this flag for multiple items', array);
}

const flagsOf = (cmd: Command) => cmd.optsWithGlobals() as RbacFlags;

const roleGenerator: Generator = (create: Command, h: Harness) => {
  ruleFlags(common(create.command('role').description('Create a role with single rule')))
    .action(h.action<RbacFlags>((ctx, args, _opts, cmd) => {
      const flags = flagsOf(cmd);
      const name = oneName(args, 'role');
      const verbs = verbsOf(flags);
      const resources = parseResources(flags.resource ?? []);
      if (!verbs.length) throw new CliError('at least one verb must be specified');
      warnVerbs(ctx, verbs);
      checkResources(resources, verbs);
      const rules = resourceRules(verbs, resources, unique(flags.resourceName ?? []), []);
      const goOrder = { kind: 'Role', apiVersion: `${RBAC_GROUP}/v1`, metadata: metadata(ctx, name, true), rules: rules.map(goRule) } as unknown as KubeObject;
      return send(ctx, goOrder, true, flags);
    }));
};

/** `--aggregation-rule=k=v,k2=v2`: pflag's StringToString. */
function aggregationLabels(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of list) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new CliError(`invalid argument "${list.join(',')}" for "--aggregation-rule" flag: ${pair} must be formatted as key=value`);
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

const clusterRoleGenerator: Generator = (create: Command, h: Harness) => {
  ruleFlags(common(create.command('clusterrole').description('Create a cluster role')))
    .option('--non-resource-url <urls>', 'A partial url that user should have access to.', slice)
    .option('--aggregation-rule <labels>', 'An aggregation label selector for combining ClusterRoles.', slice)
    .action(h.action<RbacFlags>((ctx, args, _opts, cmd) => {
      const flags = flagsOf(cmd);
      const name = oneName(args, 'clusterrole');
      const verbs = verbsOf(flags);
      const resources = parseResources(flags.resource ?? []);
      const names = unique(flags.resourceName ?? []);
      const urls = unique(flags.nonResourceUrl ?? []);
      const meta = metadata(ctx, name, false);
      if (flags.aggregationRule?.length) {
        if (urls.length || verbs.length || resources.length || names.length) throw new CliError('aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames');
        const goOrder = { kind: 'ClusterRole', apiVersion: `${RBAC_GROUP}/v1`, metadata: meta, rules: null, aggregationRule: { clusterRoleSelectors: [{ matchLabels: aggregationLabels(flags.aggregationRule) }] } } as unknown as KubeObject;
        return send(ctx, goOrder, false, flags);
      }
      if (!verbs.length) throw new CliError('at least one verb must be specified');
      if (!resources.length && !urls.length) throw new CliError('one of resource or nonResourceURL must be specified');
      if (resources.length) {
        warnVerbs(ctx, verbs);
        checkResources(resources, verbs);
      }
      if (urls.length) {
        for (const v of verbs) if (!NON_RESOURCE_VERBS.includes(v)) throw new CliError(`invalid verb: '${v}' for nonResourceURL`);
        for (const u of urls) {
          if (u === '*') continue;
          if (!u.startsWith('/')) throw new CliError('nonResourceURL should start with /');
          if (u.slice(0, -1).includes('*')) throw new CliError("nonResourceURL only supports wildcard matches when '*' is at the end");
        }
      }
      const goOrder = { kind: 'ClusterRole', apiVersion: `${RBAC_GROUP}/v1`, metadata: meta, rules: resourceRules(verbs, resources, names, urls).map(goRule) } as unknown as KubeObject;
      return send(ctx, goOrder, false, flags);
    }));
};

/** Users, groups and `namespace:name` service accounts as binding subjects, in that order. */
function subjects(flags: RbacFlags): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const name of flags.user ?? []) out.push({ kind: 'User', apiGroup: RBAC_GROUP, name });
  for (const name of flags.group ?? []) out.push({ kind: 'Group', apiGroup: RBAC_GROUP, name });
  for (const sa of flags.serviceaccount ?? []) {
    const parts = sa.split(':');
    if (parts.length !== 2 || !parts[0] || !parts[1]) throw new CliError('serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return out;
}

function bindingGenerator(verb: 'rolebinding' | 'clusterrolebinding'): Generator {
  const namespaced = verb === 'rolebinding';
  return (create: Command, h: Harness) => {
    const c = common(create.command(verb).description(namespaced ? 'Create a role binding for a particular role or cluster role' : 'Create a cluster role binding for a particular cluster role'))
      .option('--clusterrole <name>', namespaced ? 'ClusterRole this RoleBinding should reference' : 'ClusterRole this ClusterRoleBinding should reference');
    if (namespaced) c.option('--role <name>', 'Role this RoleBinding should reference');
    c.option('--user <name>', 'Usernames to bind to the role. The flag can be repeated to add multiple users.', array)
      .option('--group <name>', 'Groups to bind to the role. The flag can be repeated to add multiple groups.', array)
      .option('--serviceaccount <namespace:name>', 'Service accounts to bind to the role, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.', array)
      .action(h.action<RbacFlags>((ctx, args, _opts, cmd) => {
        const flags = flagsOf(cmd);
        if (!namespaced && flags.clusterrole === undefined) throw new CliError('required flag(s) "clusterrole" not set');
        const name = oneName(args, verb);
        if (namespaced && !flags.clusterrole === !flags.role) throw new CliError('exactly one of clusterrole or role must be specified');
        const roleRef = flags.clusterrole ? { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: flags.clusterrole } : { apiGroup: RBAC_GROUP, kind: 'Role', name: flags.role! };
        const list = subjects(flags);
        const goOrder = { kind: namespaced ? 'RoleBinding' : 'ClusterRoleBinding', apiVersion: `${RBAC_GROUP}/v1`, metadata: metadata(ctx, name, namespaced), ...(list.length ? { subjects: list } : {}), roleRef } as unknown as KubeObject;
        return send(ctx, goOrder, namespaced, flags, verb);
      }));
  };
}

/** The RBAC generators, registered by create-generators.ts. */
export const rbacGenerators: Generator[] = [roleGenerator, clusterRoleGenerator, bindingGenerator('rolebinding'), bindingGenerator('clusterrolebinding')];
