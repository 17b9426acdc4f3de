/**
 * The admission plugins of a v1.32 API server that act on policy objects: Priority (a pod's priority
 * from its PriorityClass; one global default class), and on create LimitRanger (fills container requests
 * and limits from LimitRange defaults and annotates the pod, then checks min / max / ratio) and
 * ResourceQuota (refuses what would exceed a quota, or a pod that leaves a quota'd compute resource
 * unspecified). Refusals are Forbidden errors with the plugins' own texts.
 */
import type { ClusterState, KubeObject } from './types.js';
import type { AdmitContext, KindInfo } from './kind.js';
import { ApiError } from './errors.js';
import { nextResourceVersion } from './objects.js';
import { NAME_ALPHABET } from '../env.js';
import { fnv1a32 } from '../controllers/template-hash.js';
import { addQuantity, formatQuantity, parseQuantity, ZERO, type Quantity } from '../printers/quantity.js';
import { limitItems, type LimitRangeItem } from '../kinds/limitrange.js';
import { inScope, objectUsage, type Usage } from '../kinds/quota-usage.js';
import type { QuotaStatus } from '../kinds/resourcequota.js';
import { priorityFields, systemPriorityClassObject } from '../kinds/priorityclass.js';

interface Container { name: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }
interface PodSpec { containers?: Container[]; initContainers?: Container[] }

const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

function namespaceObjects(state: ClusterState, resource: string, ns: string | undefined): KubeObject[] {
  return Object.values(state.objects[resource] ?? {})
    .filter((o) => o.metadata.namespace === ns)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/**
 * The mutating plugins' work on a new pod: Priority's (its priority and preemption policy from its
 * PriorityClass, or the global default class; a refusal comes before any validation error) and
 * LimitRanger's defaulting (missing requests and limits of each container come from the Container items).
 * Neither reads what the other writes, so their order here does not matter.
 */
export function mutatingAdmission(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  if (ctx.operation !== 'create' || info.kind !== 'Pod') return;
  admitPodPriority(info, obj, ctx);
  const items = namespaceObjects(ctx.state, 'limitranges', obj.metadata.namespace).flatMap(limitItems).filter((i) => i.type === 'Container');
  if (!items.length) return;
  const spec = (obj.spec ?? {}) as PodSpec;
  const notes: string[] = [];
  const apply = (c: Container, what: string) => {
    const setReq: string[] = [];
    const setLim: string[] = [];
    // The API defaults already made a request of every given limit; what is still missing comes from the items.
    for (const item of items) {
      const res = (c.resources ??= {});
      for (const [k, v] of Object.entries(item.default ?? {})) {
        if (res.limits?.[k] === undefined) {
          (res.limits ??= {})[k] = v;
          if (!setLim.includes(k)) setLim.push(k);
        }
      }
      for (const [k, v] of Object.entries(item.defaultRequest ?? {})) {
        if (res.requests?.[k] === undefined) {
          (res.requests ??= {})[k] = v;
          if (!setReq.includes(k)) setReq.push(k);
        }
      }
    }
    if (setReq.length) notes.push(`${setReq.sort().join(', ')} request for ${what} ${c.name}`);
    if (setLim.length) notes.push(`${setLim.sort().join(', ')} limit for ${what} ${c.name}`);
  };
  for (const c of spec.containers ?? []) apply(c, 'container');
  for (const c of spec.initContainers ?? []) apply(c, 'init container');
  if (notes.length) obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}` };
}

/**
 * The name a refused object is reported under: its own, or a generated one. A refused object is never
 * stored, so its suffix is derived from the prefix and the instant rather than drawn from the generator:
 * a controller retrying within one instant reports the same name (and settles) instead of a new one each time.
 */
function nameFor(obj: KubeObject, ctx: AdmitContext): string {
  if (obj.metadata.name) return obj.metadata.name;
  let h = fnv1a32(`${obj.metadata.namespace}/${obj.metadata.generateName}@${ctx.env.now().toISOString()}`);
  let suffix = '';
  for (let i = 0; i < 5; i++, h = Math.floor(h / NAME_ALPHABET.length)) suffix += NAME_ALPHABET[h % NAME_ALPHABET.length];
  return (obj.metadata.generateName ?? '') + suffix;
}

/** The global default class: the lowest-valued of those marked so (a race may leave several), if any. */
function defaultPriorityClass(state: ClusterState): KubeObject | undefined {
  let found: KubeObject | undefined;
  for (const pc of Object.values(state.objects.priorityclasses ?? {})) {
    if (priorityFields(pc).globalDefault && (!found || (priorityFields(found).value ?? 0) > (priorityFields(pc).value ?? 0))) found = pc;
  }
  return found;
}

/**
 * The Priority plugin on a new pod (plugin/pkg/admission/priority): the class it names, else the global
 * default class, gives its priority and preemption policy; a pod may state them only as the class has them.
 */
function admitPodPriority(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  const spec = (obj.spec ??= {}) as { priorityClassName?: string; priority?: number; preemptionPolicy?: string };
  let pc: KubeObject | undefined;
  if (spec.priorityClassName) {
    // The API server recreates the system classes at every start: a state made before kube-sim had them
    // (reset adds them) admits pods of those classes as a real cluster would.
    pc = ctx.state.objects.priorityclasses?.[spec.priorityClassName] ?? systemPriorityClassObject(spec.priorityClassName);
    if (!pc) throw forbidden(info, obj, ctx, `no PriorityClass with name ${spec.priorityClassName} was found`);
  } else pc = defaultPriorityClass(ctx.state);
  const priority = pc ? (priorityFields(pc).value ?? 0) : 0;
  // Without a default class the policy is PreemptLowerPriority; a class's own is its (defaulted) field.
  const policy = pc ? priorityFields(pc).preemptionPolicy : 'PreemptLowerPriority';
  if (pc) spec.priorityClassName = pc.metadata.name;
  if (spec.priority !== undefined && spec.priority !== priority) {
    throw forbidden(info, obj, ctx, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (policy === undefined) return;
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
    throw forbidden(info, obj, ctx, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
  }
  spec.preemptionPolicy = policy;
}

/** The Priority plugin on a PriorityClass: only one may be the global default. */
function checkGlobalDefault(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  if (!priorityFields(obj).globalDefault) return;
  const current = defaultPriorityClass(ctx.state);
  if (current && (ctx.operation === 'create' || current.metadata.name !== obj.metadata.name)) {
    throw forbidden(info, obj, ctx, `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`);
  }
}

function forbidden(info: KindInfo, obj: KubeObject, ctx: AdmitContext, message: string): ApiError {
  const resource = info.group ? `${info.resource}.${info.group}` : info.resource;
  return new ApiError('Forbidden', `${resource} "${nameFor(obj, ctx)}" is forbidden: ${message}`);
}

/** LimitRanger's checks of one item against a set of requests and limits (`per Container` or `per Pod`). */
function limitErrors(item: LimitRangeItem, per: string, requests: Record<string, Quantity>, limits: Record<string, Quantity>): string[] {
  const errs: string[] = [];
  for (const [k, v] of Object.entries(item.min ?? {})) {
    const min = parseQuantity(v);
    const req = requests[k];
    if (!req) errs.push(`minimum ${k} usage per ${per} is ${formatQuantity(min)}.  No request is specified`);
    else if (req.milli < min.milli) errs.push(`minimum ${k} usage per ${per} is ${formatQuantity(min)}, but request is ${formatQuantity(req)}`);
  }
  for (const [k, v] of Object.entries(item.max ?? {})) {
    const max = parseQuantity(v);
    const lim = limits[k];
    if (!lim) errs.push(`maximum ${k} usage per ${per} is ${formatQuantity(max)}.  No limit is specified`);
    else if (lim.milli > max.milli) errs.push(`maximum ${k} usage per ${per} is ${formatQuantity(max)}, but limit is ${formatQuantity(lim)}`);
  }
  for (const [k, v] of Object.entries(item.maxLimitRequestRatio ?? {})) {
    const ratio = parseQuantity(v);
    const req = requests[k];
    const lim = limits[k];
    if (!req || req.milli === 0n) errs.push(`${k} max limit to request ratio per ${per} is ${formatQuantity(ratio)}, but no request is specified or request is 0`);
    else if (!lim || lim.milli === 0n) errs.push(`${k} max limit to request ratio per ${per} is ${formatQuantity(ratio)}, but no limit is specified or limit is 0`);
    else {
      const actual = Number(lim.milli) / Number(req.milli);
      if (actual * 1000 > Number(ratio.milli)) errs.push(`${k} max limit to request ratio per ${per} is ${formatQuantity(ratio)}, but provided ratio is ${actual.toFixed(6)}`);
    }
  }
  return errs;
}

const quantities = (m: Record<string, string> | undefined) => Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [k, parseQuantity(v)]));

function sumInto(target: Record<string, Quantity>, m: Record<string, string> | undefined): void {
  for (const [k, v] of Object.entries(m ?? {})) target[k] = addQuantity(target[k] ?? ZERO, parseQuantity(v));
}

/** LimitRanger's validation of a pod (Container and Pod items) or a claim (PersistentVolumeClaim items). */
function checkLimits(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  const items = namespaceObjects(ctx.state, 'limitranges', obj.metadata.namespace).flatMap(limitItems);
  if (!items.length) return;
  const errs: string[] = [];
  if (info.kind === 'Pod') {
    const spec = (obj.spec ?? {}) as PodSpec;
    const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
    for (const item of items) {
      if (item.type === 'Container') for (const c of containers) errs.push(...limitErrors(item, 'Container', quantities(c.resources?.requests), quantities(c.resources?.limits)));
      if (item.type === 'Pod') {
        const req: Record<string, Quantity> = {};
        const lim: Record<string, Quantity> = {};
        for (const c of spec.containers ?? []) {
          sumInto(req, c.resources?.requests);
          sumInto(lim, c.resources?.limits);
        }
        errs.push(...limitErrors(item, 'Pod', req, lim));
      }
    }
  } else if (info.kind === 'PersistentVolumeClaim') {
    const storage = quantities((obj.spec as { resources?: { requests?: Record<string, string> } } | undefined)?.resources?.requests);
    for (const item of items) {
      if (item.type !== 'PersistentVolumeClaim') continue;
      for (const [k, v] of Object.entries(item.min ?? {})) {
        if (storage[k] && storage[k]!.milli < parseQuantity(v).milli) errs.push(`minimum ${k} usage per PersistentVolumeClaim is ${formatQuantity(parseQuantity(v))}, but request is ${formatQuantity(storage[k]!)}`);
      }
      for (const [k, v] of Object.entries(item.max ?? {})) {
        if (storage[k] && storage[k]!.milli > parseQuantity(v).milli) errs.push(`maximum ${k} usage per PersistentVolumeClaim is ${formatQuantity(parseQuantity(v))}, but request is ${formatQuantity(storage[k]!)}`);
      }
    }
  }
  if (errs.length) throw forbidden(info, obj, ctx, errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);
}

/** Resources of the pod evaluator that every container must state when a quota limits them. */
const CONTAINER_CONSTRAINED = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'];

/** The pod evaluator's Constraints: `must specify limits.cpu for: nginx; ...`, or undefined. */
function missingCompute(obj: KubeObject, required: string[]): string | undefined {
  const req = required.filter((r) => CONTAINER_CONSTRAINED.includes(r));
  if (!req.length) return undefined;
  const missing = new Map<string, string[]>();
  for (const c of ((obj.spec ?? {}) as PodSpec).containers ?? []) {
    const has = new Set<string>();
    for (const k of Object.keys(c.resources?.requests ?? {})) if (k === 'cpu' || k === 'memory') has.add(k).add(`requests.${k}`);
    for (const k of Object.keys(c.resources?.limits ?? {})) if (k === 'cpu' || k === 'memory') has.add(`limits.${k}`);
    for (const r of req) if (!has.has(r)) missing.set(r, [...(missing.get(r) ?? []), c.name]);
  }
  if (!missing.size) return undefined;
  return `must specify ${[...missing.keys()].sort().map((r) => `${r} for: ${[...new Set(missing.get(r))].sort().join(',')}`).join('; ')}`;
}

const pretty = (names: string[], m: Record<string, string | Quantity | undefined>) =>
  names.map((k) => {
    const v = m[k];
    return `${k}=${formatQuantity(typeof v === 'string' || v === undefined ? parseQuantity(v ?? '0') : v)}`;
  }).join(',');

/** ResourceQuota's check: every quota of the namespace that tracks what the object uses must have room for it. */
function checkQuotas(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  const quotas = namespaceObjects(ctx.state, 'resourcequotas', obj.metadata.namespace);
  if (!quotas.length) return;
  const usage: Usage = objectUsage(obj);
  const charges: { q: KubeObject; names: string[] }[] = [];
  for (const q of quotas) {
    const st = (q.status ?? {}) as QuotaStatus;
    const hard = st.hard ?? {};
    const names = Object.keys(hard).sort();
    if (!names.length || !inScope(q, obj)) continue;
    if (info.kind === 'Pod') {
      const missing = missingCompute(obj, names);
      if (missing) throw forbidden(info, obj, ctx, `failed quota: ${q.metadata.name}: ${missing}`);
    }
    const requested = names.filter((k) => usage[k] !== undefined);
    const exceeded = requested.filter((k) => addQuantity(parseQuantity(st.used?.[k] ?? '0'), usage[k]!).milli > parseQuantity(hard[k]).milli);
    if (exceeded.length) {
      throw forbidden(info, obj, ctx, `exceeded quota: ${q.metadata.name}, requested: ${pretty(exceeded, usage)}, used: ${pretty(exceeded, st.used ?? {})}, limited: ${pretty(exceeded, hard)}`);
    }
    if (requested.length) charges.push({ q, names: requested });
  }
  // Admitted: the quotas' usage grows at once (as the plugin writes it), so the next object of the same command sees it.
  for (const { q, names } of charges) {
    const st = (q.status ?? {}) as QuotaStatus;
    const used = { ...(st.used ?? {}) };
    for (const k of names) used[k] = formatQuantity(addQuantity(parseQuantity(used[k] ?? '0'), usage[k]!));
    q.status = { ...st, used };
    q.metadata.resourceVersion = nextResourceVersion(ctx.state);
  }
}

/** Priority's validation of a class (created or updated), LimitRanger's and ResourceQuota's of a new object; throws their Forbidden error. */
export function validatingAdmission(info: KindInfo, obj: KubeObject, ctx: AdmitContext): void {
  if (info.kind === 'PriorityClass') checkGlobalDefault(info, obj, ctx);
  if (ctx.operation !== 'create' || !info.namespaced) return;
  checkLimits(info, obj, ctx);
  checkQuotas(info, obj, ctx);
}
