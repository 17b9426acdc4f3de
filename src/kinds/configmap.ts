/** ConfigMap: NAME DATA AGE; describe prints each key with its value (BinaryData as sizes). */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';

type Data = Record<string, string> | undefined;

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
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'DATA' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, String(Object.keys((o.data as Data) ?? {}).length + Object.keys((o.binaryData as Data) ?? {}).length), ageOf(o, ctx)],
  },
  describe,
} satisfies KindInfo;
