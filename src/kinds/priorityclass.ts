/**
 * PriorityClass (scheduling.k8s.io/v1, cluster-scoped): the table, describe, defaults and validation
 * (pkg/apis/scheduling/validation), and the two system classes every cluster has from its start
 * (pkg/apis/scheduling/helpers.go), which names with the `system-` prefix must match and which cannot be
 * deleted. The Priority admission plugin's part (pods' priority, the single global default) is in
 * src/api/admission.ts.
 */
import type { AdmitContext, KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ageOf, labelsText } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';

/** A PriorityClass's top-level fields (it has no spec). */
export interface PriorityClassFields {
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}

export const priorityFields = (o: KubeObject) => o as unknown as PriorityClassFields;

/** scheduling.HighestUserDefinablePriority: the largest value a class without the system prefix may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
/** scheduling.SystemCriticalPriority. */
const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;
const SYSTEM_PREFIX = 'system-';

/** The system classes (name, value, description) the API server creates at its start, as helpers.go lists them. */
export const SYSTEM_PRIORITY_CLASSES = [
  { name: 'system-node-critical', value: SYSTEM_CRITICAL_PRIORITY + 1000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: SYSTEM_CRITICAL_PRIORITY, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
] as const;

/** The system class `name` as the API server creates it (without identity), or undefined for any other name. */
export function systemPriorityClassObject(name: string): KubeObject | undefined {
  const c = SYSTEM_PRIORITY_CLASSES.find((x) => x.name === name);
  if (!c) return undefined;
  return { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: c.name }, value: c.value, description: c.description, preemptionPolicy: 'PreemptLowerPriority' } as KubeObject;
}

/** Whether `name` is one of the system classes (their deletion is forbidden). */
export function isSystemPriorityClass(name: string): boolean {
  return SYSTEM_PRIORITY_CLASSES.some((c) => c.name === name);
}

/** IsKnownSystemPriorityClass: why a `system-` class is not one of the system classes, or undefined when it is. */
function notKnownSystemClass(name: string, f: PriorityClassFields): string | undefined {
  const known = SYSTEM_PRIORITY_CLASSES.find((c) => c.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== f.value) return `value of ${name} PriorityClass must be ${known.value}`;
  if ((f.globalDefault ?? false) !== false) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];

/** ValidatePriorityClass, and on update ValidatePriorityClassUpdate (value and preemptionPolicy are immutable). */
function validate(o: KubeObject, ctx: AdmitContext): FieldError[] {
  const f = priorityFields(o);
  const errors: FieldError[] = [];
  const name = o.metadata.name ?? '';
  if (name.startsWith(SYSTEM_PREFIX)) {
    const why = notKnownSystemClass(name, f);
    if (why) errors.push({ field: 'metadata.name', type: 'Forbidden', detail: `priority class names with '${SYSTEM_PREFIX}' prefix are reserved for system use only. error: ${why}` });
  } else if ((f.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errors.push({ field: 'value', type: 'Forbidden', detail: `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}` });
  }
  if (f.preemptionPolicy !== undefined) {
    if (f.preemptionPolicy === '') errors.push({ field: 'preemptionPolicy', type: 'Required', detail: '' });
    else if (!PREEMPTION_POLICIES.includes(f.preemptionPolicy)) errors.push({ field: 'preemptionPolicy', type: 'Unsupported', value: f.preemptionPolicy, supported: PREEMPTION_POLICIES });
  }
  if (ctx.operation === 'update' && ctx.old) {
    const old = priorityFields(ctx.old);
    if ((old.value ?? 0) !== (f.value ?? 0)) errors.push({ field: 'value', type: 'Forbidden', detail: 'may not be changed in an update.' });
    if (old.preemptionPolicy !== f.preemptionPolicy) errors.push({ field: 'preemptionPolicy', type: 'Invalid', value: f.preemptionPolicy ?? null, detail: 'field is immutable' });
  }
  return errors;
}

/** SetDefaults_PriorityClass: preemptionPolicy PreemptLowerPriority; `value` is an int32 the decoder gives 0 when absent. */
function admit(o: KubeObject): void {
  const f = priorityFields(o);
  f.value ??= 0;
  f.preemptionPolicy ??= 'PreemptLowerPriority';
}

/** kubectl's PriorityClassDescriber (checked against kubectl 1.32 through serve). */
function describe(o: KubeObject, ctx: PrintContext): string {
  const f = priorityFields(o);
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Value:', String(f.value ?? 0));
  w.line(0, 'GlobalDefault:', String(f.globalDefault ?? false));
  w.line(0, 'PreemptionPolicy:', f.preemptionPolicy ?? '');
  w.line(0, 'Description:', f.description ?? '');
  // labels.FormatLabels, as for a StorageClass: one line.
  w.line(0, 'Annotations:', labelsText(o.metadata.annotations));
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

export const priorityClassKind = {
  kind: 'PriorityClass',
  resource: 'priorityclasses',
  subresources: [],
  singular: 'priorityclass',
  shortNames: ['pc'],
  group: 'scheduling.k8s.io',
  version: 'v1',
  namespaced: false,
  table: {
    // The server prints the policy column for every request (its tables are made wide), so kubectl always shows it.
    columns: [{ name: 'NAME' }, { name: 'VALUE' }, { name: 'GLOBAL-DEFAULT' }, { name: 'AGE' }, { name: 'PREEMPTIONPOLICY' }],
    row: (o, ctx) => {
      const f = priorityFields(o);
      return [o.metadata.name, String(f.value ?? 0), String(f.globalDefault ?? false), ageOf(o, ctx), f.preemptionPolicy ?? ''];
    },
  },
  describe,
  admit,
  validate,
} satisfies KindInfo;
