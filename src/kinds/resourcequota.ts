/** ResourceQuota (v1): table (REQUEST / LIMIT cells), describe, validation; status is the quota controller's. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { DescribeWriter } from '../printers/describe.js';
import { formatQuantity, parseQuantity, quantityValue } from '../printers/quantity.js';
import { ageOf } from './common.js';
import { STANDARD_QUOTA_RESOURCES } from './quota-usage.js';

export interface QuotaSpec { hard?: Record<string, string>; scopes?: string[] }
export interface QuotaStatus { hard?: Record<string, string>; used?: Record<string, string> }

const QUOTA_SCOPES = ['BestEffort', 'CrossNamespacePodAffinity', 'NotBestEffort', 'NotTerminating', 'PriorityClass', 'Terminating'];

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

/** Quantity.String() of a stored quantity text (`1000m` prints `1`). */
export function quantityText(v: string | undefined): string {
  return v === undefined ? '0' : formatQuantity(parseQuantity(v));
}

/** describe quota prints the used amount in the hard amount's format (whole units) when the two differ. */
function usedInHardFormat(used: string | undefined, hard: string | undefined): string {
  const u = parseQuantity(used ?? '0');
  const h = parseQuantity(hard ?? '0');
  if (u.format === h.format) return formatQuantity(u);
  return formatQuantity({ milli: quantityValue(u) * 1000n, format: h.format });
}

/** The quota's hard resources in kubectl's order (plain string order). */
export function hardResources(o: KubeObject): string[] {
  return Object.keys(((o.status ?? {}) as QuotaStatus).hard ?? {}).sort();
}

/** REQUEST and LIMIT cells: `resource: used/hard` pairs, `limits.*` in the second. */
function usageCells(o: KubeObject): [string, string] {
  const st = (o.status ?? {}) as QuotaStatus;
  const req: string[] = [];
  const lim: string[] = [];
  for (const r of hardResources(o)) (r.startsWith('limits.') ? lim : req).push(`${r}: ${quantityText(st.used?.[r])}/${quantityText(st.hard?.[r])}`);
  return [req.join(', '), lim.join(', ')];
}

/** The scope lines shared by `describe quota` and the namespace's quota block. */
export function scopeLines(o: KubeObject): { scopes: string; help: string[] } | undefined {
  const scopes = [...(((o.spec ?? {}) as QuotaSpec).scopes ?? [])].sort();
  if (!scopes.length) return undefined;
  return { scopes: scopes.join(', '), help: scopes.map((s) => SCOPE_HELP[s]).filter((h): h is string => !!h) };
}

export const resourceQuotaKind = {
  kind: 'ResourceQuota',
  resource: 'resourcequotas',
  singular: 'resourcequota',
  shortNames: ['quota'],
  group: '',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'AGE' }, { name: 'REQUEST' }, { name: 'LIMIT' }],
    row: (o, ctx) => [o.metadata.name, ageOf(o, ctx), ...usageCells(o)],
  },
  describe(o) {
    const st = (o.status ?? {}) as QuotaStatus;
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    const sc = scopeLines(o);
    if (sc) {
      w.line(0, 'Scopes:', sc.scopes);
      for (const h of sc.help) w.line(0, ` * ${h}`);
    }
    w.line(0, 'Resource', 'Used', 'Hard');
    w.line(0, '--------', '----', '----');
    for (const r of hardResources(o)) w.line(0, r, usedInHardFormat(st.used?.[r], st.hard?.[r]), quantityText(st.hard?.[r]));
    return w.toString();
  },
  admit(o, ctx) {
    if (ctx.operation === 'create') delete o.status;
    else o.status = ctx.old?.status;
  },
  validate(o) {
    const errors: FieldError[] = [];
    const s = (o.spec ?? {}) as QuotaSpec;
    for (const [k, v] of Object.entries(s.hard ?? {})) {
      const standard = STANDARD_QUOTA_RESOURCES.has(k) || k.startsWith('count/') || k.includes('/') || k.startsWith('requests.') || k.startsWith('hugepages-');
      if (!standard) errors.push({ field: `spec.hard[${k}]`, type: 'Invalid', value: k, detail: 'must be a standard resource for quota' });
      if (parseQuantity(v).milli < 0n) errors.push({ field: `spec.hard[${k}]`, type: 'Invalid', value: v, detail: 'must be greater than or equal to 0' });
    }
    for (const [i, scope] of (s.scopes ?? []).entries()) {
      if (!QUOTA_SCOPES.includes(scope)) errors.push({ field: `spec.scopes[${i}]`, type: 'Invalid', value: scope, detail: 'unsupported scope' });
    }
    return errors;
  },
} satisfies KindInfo;
