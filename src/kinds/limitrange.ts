/** LimitRange (v1): the server's default table (NAME, CREATED AT), describe, item defaulting and validation. */
import type { KindInfo } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { DescribeWriter } from '../printers/describe.js';
import { parseQuantity } from '../printers/quantity.js';
import { quantityText } from './resourcequota.js';

export interface LimitRangeItem {
  type?: string;
  max?: Record<string, string>;
  min?: Record<string, string>;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
  maxLimitRequestRatio?: Record<string, string>;
}

export const limitItems = (o: KubeObject) => (((o.spec ?? {}) as { limits?: LimitRangeItem[] }).limits ?? []);

/** cpu, memory, then the rest in string order (kubectl ranges over a map here; a fixed order keeps output stable). */
function resourceOrder(names: Iterable<string>): string[] {
  const rank = (k: string) => (k === 'cpu' ? 0 : k === 'memory' ? 1 : 2);
  return [...new Set(names)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** One row per (item, resource): type, resource, min, max, default request, default limit, ratio (`-` when unset). */
export function limitRows(o: KubeObject): string[][] {
  const rows: string[][] = [];
  for (const item of limitItems(o)) {
    const names = resourceOrder([item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio].flatMap((m) => Object.keys(m ?? {})));
    const cell = (m: Record<string, string> | undefined, k: string) => (m?.[k] !== undefined ? quantityText(m[k]) : '-');
    for (const k of names) rows.push([item.type ?? '', k, cell(item.min, k), cell(item.max, k), cell(item.defaultRequest, k), cell(item.default, k), cell(item.maxLimitRequestRatio, k)]);
  }
  return rows;
}

const LIMIT_TYPES = ['Container', 'PersistentVolumeClaim', 'Pod'];

export const limitRangeKind = {
  kind: 'LimitRange',
  resource: 'limitranges',
  singular: 'limitrange',
  shortNames: ['limits'],
  group: '',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'CREATED AT' }],
    row: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
  },
  describe(o) {
    const w = new DescribeWriter();
    w.line(0, 'Name:', o.metadata.name);
    w.line(0, 'Namespace:', o.metadata.namespace ?? '');
    w.line(0, 'Type', 'Resource', 'Min', 'Max', 'Default Request', 'Default Limit', 'Max Limit/Request Ratio');
    w.line(0, '----', '--------', '---', '---', '---------------', '-------------', '-----------------------');
    for (const r of limitRows(o)) w.line(0, ...r);
    return w.toString();
  },
  // SetDefaults_LimitRangeItem: a container limit defaults to max, a default request to the default limit, then to min.
  admit(o) {
    for (const item of limitItems(o)) {
      if (item.type !== 'Container') continue;
      const def = { ...(item.default ?? {}) };
      for (const [k, v] of Object.entries(item.max ?? {})) def[k] ??= v;
      const req = { ...(item.defaultRequest ?? {}) };
      for (const [k, v] of Object.entries(def)) req[k] ??= v;
      for (const [k, v] of Object.entries(item.min ?? {})) req[k] ??= v;
      if (Object.keys(def).length) item.default = def;
      if (Object.keys(req).length) item.defaultRequest = req;
    }
  },
  validate(o) {
    const errors: FieldError[] = [];
    limitItems(o).forEach((item, i) => {
      const f = `spec.limits[${i}]`;
      if (!item.type || !LIMIT_TYPES.includes(item.type)) errors.push({ field: `${f}.type`, type: 'Unsupported', value: item.type ?? '', supported: LIMIT_TYPES });
      for (const [k, max] of Object.entries(item.max ?? {})) {
        const min = item.min?.[k];
        if (min !== undefined && parseQuantity(min).milli > parseQuantity(max).milli) {
          errors.push({ field: `${f}.min[${k}]`, type: 'Invalid', value: min, detail: `min value ${min} is greater than max value ${max}` });
        }
        const def = item.default?.[k];
        if (def !== undefined && parseQuantity(def).milli > parseQuantity(max).milli) {
          errors.push({ field: `${f}.default[${k}]`, type: 'Invalid', value: def, detail: `default value ${def} is greater than max value ${max}` });
        }
      }
      for (const [k, req] of Object.entries(item.defaultRequest ?? {})) {
        const def = item.default?.[k];
        if (def !== undefined && parseQuantity(req).milli > parseQuantity(def).milli) {
          errors.push({ field: `${f}.defaultRequest[${k}]`, type: 'Invalid', value: req, detail: `default request value ${req} is greater than default limit value ${def}` });
        }
      }
    });
    return errors;
  },
} satisfies KindInfo;
