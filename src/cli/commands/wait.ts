/**
 * `kube-sim wait (TYPE/NAME... | TYPE NAME... | TYPE -l SEL | TYPE --all) --for=COND [--timeout=30s]`:
 * kubectl's wait. COND is `delete`, `create`, `condition=NAME[=VALUE]` (status.conditions, case-folded,
 * not before the condition observed the object's generation) or `jsonpath='{EXPR}'[=VALUE]`. The objects
 * are found once, then waited for one after another within one overall timeout (negative: a week, 0:
 * check once), following other processes and the wall clock; each prints `TYPE/NAME condition met` as its
 * condition holds. On the virtual clock nothing changes while the command waits: it succeeds or fails at once.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { KindInfo } from '../../api/kind.js';
import { ApiError, CliError, notFound } from '../../api/errors.js';
import { kindPrefix, qualifiedResource } from '../../api/kind.js';
import { getObject, listObjects } from '../../api/objects.js';
import { parseSelector, matches } from '../../api/selectors.js';
import { checkFieldSelector, matchesFields, parseFieldSelector } from '../../api/field-selectors.js';
import { parseJsonPath, findValues, goJson, relaxedJsonPath, type JsonPath } from '../../printers/jsonpath.js';
import { renderObjects } from '../../printers/output.js';
import { parseResourceArgs } from '../resource-args.js';
import { durationFlag, follow } from '../watch.js';

interface WaitOptions {
  for?: string;
  timeout?: string;
  selector?: string;
  fieldSelector?: string;
  all?: boolean;
  allNamespaces?: boolean;
  output?: string;
}

/** A condition on one object: met, not yet, or an error that ends the wait. */
type Check = (obj: KubeObject) => boolean;

interface Condition {
  kind: 'delete' | 'create' | 'check';
  check?: Check;
}

const MISSING_RESOURCES = "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/** kubectl's conditionFuncFor: the --for value as a condition, or its error. */
function parseCondition(text: string): Condition {
  const lower = text.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (text.startsWith('condition=')) {
    const spec = text.slice('condition='.length);
    const eq = spec.indexOf('=');
    const name = eq < 0 ? spec : spec.slice(0, eq);
    const value = eq < 0 ? 'true' : spec.slice(eq + 1);
    return { kind: 'check', check: (obj) => conditionMet(obj, name, value) };
  }
  if (text.startsWith('jsonpath=')) return { kind: 'check', check: jsonPathCheck(text.slice('jsonpath='.length)) };
  throw new CliError(`unrecognized condition: ${JSON.stringify(text)}`);
}

/** status.conditions[type=name].status equals value (both case-folded), once it observed the current generation. */
function conditionMet(obj: KubeObject, name: string, value: string): boolean {
  const conditions = (obj.status as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return false;
  for (const c of conditions as { type?: unknown; status?: unknown; observedGeneration?: unknown }[]) {
    if (typeof c?.type !== 'string' || c.type.toLowerCase() !== name.toLowerCase() || typeof c.status !== 'string') continue;
    const generation = obj.metadata.generation;
    const observed = typeof c.observedGeneration === 'number' ? c.observedGeneration : (obj.status as { observedGeneration?: number }).observedGeneration;
    if (typeof generation === 'number' && typeof observed === 'number' && observed < generation) return false;
    return c.status.toLowerCase() === value.toLowerCase();
  }
  return false;
}

/** `jsonpath='{EXPR}'[=VALUE]`: the expression finds one scalar (equal to VALUE, when given). */
function jsonPathCheck(input: string): Check {
  // splitJSONPathInput: `=` separates expression and value, `==` stays inside the expression.
  const parts: string[] = [''];
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=' && input[i + 1] === '=') {
      parts[parts.length - 1] += '==';
      i++;
    } else if (input[i] === '=') parts.push('');
    else parts[parts.length - 1] += input[i];
  }
  if (parts.length > 2) throw new CliError("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'");
  const expr = relaxedJsonPath(parts[0]!);
  const value = parts.length === 2 ? parts[1]!.replace(/^['"]+|['"]+$/g, '') : undefined;
  if (value === '') throw new CliError("jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3");
  if (expr === '{}') throw new CliError('jsonpath expression cannot be empty');
  const jp: JsonPath = parseJsonPath(expr);
  return (obj) => {
    const found = findValues(jp, obj as never);
    if (!found.length) return false;
    if (found.length > 1) throw new CliError('given jsonpath expression matches more than one value');
    if (value === undefined) return true;
    const v = found[0];
    if (v !== null && typeof v === 'object') throw new CliError('jsonpath leads to a nested object or list which is not supported');
    return (v === null ? '<nil>' : typeof v === 'string' ? v : goJson(v)).trim() === value.trim();
  };
}

/** One object to wait for, as kubectl's resource builder found it. */
interface Target {
  info: KindInfo;
  namespace: string | undefined;
  name: string;
  object: KubeObject | undefined;
}

/** The objects the arguments name or select, found once at the start. */
function targets(ctx: CommandContext, state: ClusterState, args: string[], opts: WaitOptions, condition: Condition): Target[] {
  const requests = parseResourceArgs(args);
  if (!requests.length) throw new CliError(MISSING_RESOURCES);
  const selecting = opts.selector !== undefined || opts.fieldSelector !== undefined || !!opts.all;
  const out: Target[] = [];
  for (const req of requests) {
    const ns = req.info.namespaced ? ctx.namespace : undefined;
    if (selecting) {
      const sel = opts.selector ? parseSelector(opts.selector) : undefined;
      const fields = opts.fieldSelector ? parseFieldSelector(opts.fieldSelector) : undefined;
      if (fields) checkFieldSelector(req.info, fields, opts.selector ?? '', opts.fieldSelector!);
      const listed = listObjects(state, req.info.resource, req.info.namespaced && opts.allNamespaces ? undefined : ns);
      for (const o of listed) if ((!sel || matches(sel, o.metadata.labels)) && (!fields || matchesFields(fields, o))) out.push({ info: req.info, namespace: o.metadata.namespace, name: o.metadata.name, object: o });
      continue;
    }
    if (!req.names.length) throw new CliError('resource(s) were provided, but no name was specified');
    for (const name of req.names) {
      const object = getObject(state, req.info.resource, ns, name);
      // --for=delete: a missing object is already deleted; --for=create waits for it.
      if (!object && condition.kind === 'check') throw notFound(qualifiedResource(req.info), name);
      if (object || condition.kind === 'create') out.push({ info: req.info, namespace: ns, name, object });
    }
  }
  return out;
}

async function run(ctx: CommandContext, args: string[], opts: WaitOptions): Promise<number> {
  let timeoutMs = durationFlag(opts.timeout ?? '30s', '--timeout', 'wait');
  if (timeoutMs < 0) timeoutMs = 168 * 3_600_000;
  const condition = parseCondition(opts.for ?? '');
  const now = () => (ctx.io.now ?? (() => new Date()))().getTime();
  const deadline = now() + timeoutMs;
  const left = () => Math.max(0, deadline - now());
  const found = targets(ctx, ctx.read().state, args, opts, condition);
  if (condition.kind === 'create') {
    const missing = found.filter((t) => !t.object);
    const end = await follow(ctx, ({ state }) => {
      for (const t of missing) t.object ??= getObject(state, t.info.resource, t.namespace, t.name);
      return missing.every((t) => t.object);
    }, { timeoutMs: left() });
    if (end === 'interrupted') return 1;
    if (end === 'timeout') throw new CliError('timed out waiting for the condition');
  }
  if (!found.length && condition.kind !== 'delete') throw new CliError('no matching resources found');
  for (const t of found) {
    const where = `${t.info.resource}/${t.name}`;
    let last = t.object!;
    if (condition.kind !== 'create') {
      const end = await follow(ctx, ({ state }) => {
        const current = getObject(state, t.info.resource, t.namespace, t.name);
        // Another object of the same name is not the one waited for.
        const same = current && (!t.object?.metadata.uid || current.metadata.uid === t.object.metadata.uid) ? current : undefined;
        if (condition.kind === 'delete') return !same;
        if (!same) throw new ApiError('NotFound', `${qualifiedResource(t.info)} "${t.name}" not found`);
        last = same;
        return condition.check!(same);
      }, { timeoutMs: timeoutMs === 0 ? 0 : left() });
      if (end === 'interrupted') return 1;
      if (end === 'timeout') throw new CliError(timeoutMs === 0 ? `condition not met for ${where}` : `timed out waiting for the condition on ${where}`);
    }
    ctx.out(opts.output ? renderObjects(opts.output, [last], true, { cwd: ctx.io.cwd, files: ctx.files }) : `${kindPrefix(t.info)}/${t.name} condition met\n`);
  }
  return 0;
}

export function register(program: Command, h: Harness): void {
  program
    .command('wait')
    .description('Experimental: Wait for a specific condition on one or many resources')
    .usage("([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) [--for=create|--for=delete|--for condition=available|--for=jsonpath='{}'[=value]]")
    .argument('[args...]')
    .option('--for <condition>', "The condition to wait on: [create|delete|condition=condition-name[=condition-value]|jsonpath='{JSONPath expression}'=[JSONPath value]]. The default condition-value is true")
    .option('--timeout <duration>', "The length of time to wait before giving up. Zero means check once and don't wait, negative means wait for a week", '30s')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--field-selector <selector>', 'Selector (field query) to filter on, supports =, ==, and !=')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces')
    .option('-o, --output <format>', 'Output format: json|yaml|name|jsonpath=...')
    .action(h.action<WaitOptions>((ctx, args, opts) => run(ctx, args, opts)));
}
