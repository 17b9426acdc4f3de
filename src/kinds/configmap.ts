/** ConfigMap: NAME DATA AGE; describe prints each key with its value (BinaryData as sizes). */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';

type Data = Record<string, string> | undefined;

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** ValidateConfigMap: every key a valid config key, no key in both data and binaryData, at most 1 MiB in total. */
function validate(o: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const data = (o.data as Data) ?? {};
  const bin = (o.binaryData as Data) ?? {};
  let total = 0;
  for (const [field, m] of [['data', data], ['binaryData', bin]] as const) {
    for (const k of Object.keys(m)) {
      if (k.length > 253) errors.push({ field: `${field}[${k}]`, type: 'Invalid', value: k, detail: 'must be no more than 253 characters' });
      else if (!CONFIG_KEY.test(k)) errors.push({ field: `${field}[${k}]`, type: 'Invalid', value: k, detail: CONFIG_KEY_MSG });
      else if (k === '.' || k === '..') errors.push({ field: `${field}[${k}]`, type: 'Invalid', value: k, detail: `must not be '${k}'` });
      total += (m[k] ?? '').length;
    }
  }
  for (const k of Object.keys(bin)) {
    if (k in data) errors.push({ field: `binaryData[${k}]`, type: 'Invalid', value: k, detail: 'duplicate of key present in data' });
  }
  if (total > 1024 * 1024) errors.push({ field: '', type: 'TooLong', detail: 'must have at most 1048576 bytes' });
  return errors;
}

function describe(o: KubeObject, ctx: PrintContext): string {
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  w.raw('\nData\n====\n');
  // kubectl iterates a Go map (random order); sorted keys keep the output reproducible.
  const data = (o.data as Data) ?? {};
  for (const k of Object.keys(data).sort()) w.raw(`${k}:\n----\n${data[k]}\n\n`);
  w.raw('\nBinaryData\n====\n');
  const bin = (o.binaryData as Data) ?? {};
  for (const k of Object.keys(bin).sort()) w.raw(`${k}: ${Buffer.from(bin[k] ?? '', 'base64').length} bytes\n`);
  w.raw('\n');
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

export const configmapKind = {
  kind: 'ConfigMap',
  resource: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  group: '',
  version: 'v1',
  namespaced: true,
  subresources: [],
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'DATA' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, String(Object.keys((o.data as Data) ?? {}).length + Object.keys((o.binaryData as Data) ?? {}).length), ageOf(o, ctx)],
  },
  describe,
  validate,
} satisfies KindInfo;
