/**
 * Secret: table (NAME TYPE DATA AGE), describe (sizes only, never values), and the API server's rules:
 * `stringData` merged into base64 `data` on write, `type` defaulted to Opaque and immutable, the keys
 * each built-in type requires (kubernetes.io/tls needs tls.crt and tls.key).
 */
import type { KindInfo, AdmitContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { ApiError } from '../api/errors.js';
import { DescribeWriter } from '../printers/describe.js';
import { ageOf } from './common.js';
import { semanticEqual } from '../api/semantic.js';

interface SecretShape {
  type?: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  immutable?: boolean;
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const MAX_SECRET_BYTES = 1024 * 1024;
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decoded size in bytes of a base64 value (describe's `N bytes`). */
export function decodedSize(b64: string): number {
  return Buffer.from(b64, 'base64').length;
}

/** The decoded text of one data key, or undefined. */
export function secretValue(secret: KubeObject, key: string): string | undefined {
  const v = (secret as SecretShape).data?.[key];
  return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8');
}

/** Go's encoding/base64 error for the first bad byte, as the apiserver's JSON decoder reports it. */
function base64Error(value: string): string | undefined {
  const clean = value.replace(/[\r\n]/g, '');
  if (STRICT_BASE64.test(clean) && clean.length % 4 === 0 && !/=[^=]/.test(clean)) return undefined;
  for (let i = 0; i < clean.length; i++) {
    if (!/[A-Za-z0-9+/=]/.test(clean[i]!)) return `illegal base64 data at input byte ${i}`;
  }
  return `illegal base64 data at input byte ${Math.floor(clean.length / 4) * 4}`;
}

function admitSecret(obj: KubeObject): void {
  const s = obj as unknown as SecretShape;
  for (const [k, v] of Object.entries(s.data ?? {})) {
    if (typeof v !== 'string') continue;
    const err = base64Error(v);
    if (err) throw new ApiError('BadRequest', `Secret in version "v1" cannot be handled as a Secret: ${err}`);
    // Stored re-encoded, as the apiserver round-trips []byte (line breaks in the manifest disappear).
    s.data![k] = Buffer.from(v.replace(/[\r\n]/g, ''), 'base64').toString('base64');
  }
  if (s.stringData) {
    s.data ??= {};
    for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    delete s.stringData;
  }
  s.type ||= 'Opaque';
}

function validateSecret(obj: KubeObject, ctx: AdmitContext): FieldError[] {
  const s = obj as unknown as SecretShape;
  const errors: FieldError[] = [];
  const data = s.data ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    if (!CONFIG_KEY.test(k)) errors.push({ field: `data[${k}]`, type: 'Invalid', value: k, detail: CONFIG_KEY_MSG });
    total += decodedSize(v);
  }
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  switch (s.type) {
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errors.push({ field: 'data[tls.crt]', type: 'Required' });
      if (!has('tls.key')) errors.push({ field: 'data[tls.key]', type: 'Required' });
      break;
    case 'kubernetes.io/service-account-token':
      if (!obj.metadata.annotations?.['kubernetes.io/service-account.name'])
        errors.push({ field: 'metadata.annotations[kubernetes.io/service-account.name]', type: 'Required' });
      break;
    case 'kubernetes.io/dockercfg':
      if (!has('.dockercfg')) errors.push({ field: 'data[.dockercfg]', type: 'Required' });
      break;
    case 'kubernetes.io/dockerconfigjson':
      if (!has('.dockerconfigjson')) errors.push({ field: 'data[.dockerconfigjson]', type: 'Required' });
      break;
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errors.push({ field: 'data[username]', type: 'Required' });
        errors.push({ field: 'data[password]', type: 'Required' });
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errors.push({ field: 'data[ssh-privatekey]', type: 'Required' });
      break;
    default:
      break;
  }
  if (total > MAX_SECRET_BYTES) errors.push({ field: 'data', type: 'TooLong', detail: `must have at most ${MAX_SECRET_BYTES} bytes` });
  if (ctx.old) {
    const old = ctx.old as unknown as SecretShape;
    if ((old.type || 'Opaque') !== s.type) errors.push({ field: 'type', type: 'Invalid', value: s.type, detail: 'field is immutable' });
    if (old.immutable === true) {
      if (s.immutable !== true) errors.push({ field: 'immutable', type: 'Forbidden', detail: 'field is immutable when `immutable` is set' });
      if (!semanticEqual(old.data, s.data)) errors.push({ field: 'data', type: 'Forbidden', detail: 'field is immutable when `immutable` is set' });
    }
  }
  return errors;
}

function describeSecret(obj: KubeObject): string {
  const s = obj as unknown as SecretShape;
  const w = new DescribeWriter();
  w.line(0, 'Name:', obj.metadata.name);
  w.line(0, 'Namespace:', obj.metadata.namespace ?? '');
  w.map(0, 'Labels:', obj.metadata.labels);
  w.map(0, 'Annotations:', obj.metadata.annotations, ': ');
  let text = w.toString() + '\n';
  text += new DescribeWriter().line(0, 'Type:', s.type ?? '').toString() + '\n';
  text += 'Data\n====\n';
  const d = new DescribeWriter();
  for (const k of Object.keys(s.data ?? {}).sort()) {
    const v = s.data![k]!;
    if (k === 'token' && s.type === 'kubernetes.io/service-account-token') d.line(0, `${k}:`, Buffer.from(v, 'base64').toString('utf8'));
    else d.line(0, `${k}:`, `${decodedSize(v)} bytes`);
  }
  return text + d.toString();
}

export const secretKind = {
  kind: 'Secret',
  resource: 'secrets',
  singular: 'secret',
  shortNames: [],
  group: '',
  version: 'v1',
  namespaced: true,
  subresources: [],
  categories: [],
  table: {
    columns: [{ name: 'NAME' }, { name: 'TYPE' }, { name: 'DATA' }, { name: 'AGE' }],
    row: (o, ctx) => {
      const s = o as unknown as SecretShape;
      return [o.metadata.name, s.type ?? '', String(Object.keys(s.data ?? {}).length), ageOf(o, ctx)];
    },
  },
  describe: (o) => describeSecret(o),
  admit: (o) => admitSecret(o),
  validate: (o, ctx) => validateSecret(o, ctx),
} satisfies KindInfo;
