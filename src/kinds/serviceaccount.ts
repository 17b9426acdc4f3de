/** ServiceAccount (core/v1): NAME SECRETS AGE; describe lists pull, mountable and token secrets as kubectl does. */
import type { KindInfo, PrintContext } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { ageOf } from './common.js';
import { DescribeWriter, eventsFor, withEvents } from '../printers/describe.js';
import { listObjects } from '../api/objects.js';

interface SaFields { secrets?: { name?: string }[]; imagePullSecrets?: { name?: string }[] }

/** The three secret lists, headed as kubectl heads them (padded to one width, in sorted header order). */
function describe(o: KubeObject, ctx: PrintContext): string {
  const f = o as unknown as SaFields;
  const w = new DescribeWriter();
  w.line(0, 'Name:', o.metadata.name);
  w.line(0, 'Namespace:', o.metadata.namespace ?? '');
  w.map(0, 'Labels:', o.metadata.labels);
  w.map(0, 'Annotations:', o.metadata.annotations, ': ');
  const secrets = listObjects(ctx.state, 'secrets', o.metadata.namespace);
  const existing = new Set(secrets.map((s) => s.metadata.name));
  const tokens = secrets.filter((s) => {
    const a = s.metadata.annotations ?? {};
    return s.type === 'kubernetes.io/service-account-token' && a['kubernetes.io/service-account.name'] === o.metadata.name && a['kubernetes.io/service-account.uid'] === o.metadata.uid;
  });
  const sections: [string, string[]][] = [
    ['Image pull secrets:', (f.imagePullSecrets ?? []).map((s) => s.name ?? '')],
    ['Mountable secrets: ', (f.secrets ?? []).map((s) => s.name ?? '')],
    ['Tokens:            ', tokens.map((s) => s.metadata.name)],
  ];
  for (const [header, names] of sections) {
    if (!names.length) w.line(0, header, '<none>');
    names.forEach((n, i) => w.line(0, i === 0 ? header : '                   ', existing.has(n) || header.startsWith('Tokens') ? n : `${n} (not found)`));
  }
  return withEvents(w, eventsFor(ctx.state, o), ctx.now);
}

export const serviceaccountKind = {
  kind: 'ServiceAccount',
  resource: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  group: '',
  version: 'v1',
  namespaced: true,
  table: {
    columns: [{ name: 'NAME' }, { name: 'SECRETS' }, { name: 'AGE' }],
    row: (o, ctx) => [o.metadata.name, String(((o as unknown as SaFields).secrets ?? []).length), ageOf(o, ctx)],
  },
  describe,
} satisfies KindInfo;
