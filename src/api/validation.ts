/** Validation shared by every kind: object names (DNS-1123 subdomain, or DNS-1035 label for Services). */
import type { FieldError, KubeObject } from './types.js';
import type { KindInfo } from './kind.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && DNS1123_SUBDOMAIN.test(s);
}
export function isDns1035Label(s: string): boolean {
  return s.length <= 63 && DNS1035_LABEL.test(s);
}

/** Name rules per kind, as the API server's ValidateObjectMeta with each kind's name validator. */
export function validateMetadata(info: KindInfo, obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const name = obj.metadata.name;
  if (name) {
    if (info.kind === 'Service') {
      if (!isDns1035Label(name)) errors.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: name.length > 63 ? 'must be no more than 63 characters' : DNS1035_LABEL_MSG });
    } else if (info.kind === 'Namespace') {
      if (!isDns1123Label(name)) errors.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: name.length > 63 ? 'must be no more than 63 characters' : DNS1123_LABEL_MSG });
    } else if (info.nameMessages) {
      for (const detail of info.nameMessages(name)) errors.push({ field: 'metadata.name', type: 'Invalid', value: name, detail });
    } else if (!isDns1123Subdomain(name)) {
      errors.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: name.length > 253 ? 'must be no more than 253 characters' : DNS1123_SUBDOMAIN_MSG });
    }
  }
  errors.push(...validateLabelsAndAnnotations(obj));
  const ns = obj.metadata.namespace;
  if (info.namespaced && ns && !isDns1123Label(ns)) errors.push({ field: 'metadata.namespace', type: 'Invalid', value: ns, detail: DNS1123_LABEL_MSG });
  return errors;
}

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** apimachinery IsValidLabelValue: the messages it returns for a label (or taint) value. */
export function labelValueProblems(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) errs.push(LABEL_VALUE_MSG);
  return errs;
}

/** apimachinery IsQualifiedName: `[prefix/]name`, the messages it returns. */
export function qualifiedNameProblems(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (!prefix) errs.push('prefix part must be non-empty');
    else if (!isDns1123Subdomain(prefix)) errs.push(`prefix part ${DNS1123_SUBDOMAIN_MSG}`);
  } else if (parts.length > 2) {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (!name) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name && !QUALIFIED_NAME_PART.test(name)) errs.push(QUALIFIED_NAME_MSG);
  return errs;
}

/** ValidateLabels and ValidateAnnotations of ObjectMeta (keys sorted for a stable error order). */
function validateLabelsAndAnnotations(obj: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const labels = obj.metadata.labels ?? {};
  for (const k of Object.keys(labels).sort()) {
    for (const msg of qualifiedNameProblems(k)) errors.push({ field: 'metadata.labels', type: 'Invalid', value: k, detail: msg });
    const v = labels[k] ?? '';
    for (const msg of labelValueProblems(v)) errors.push({ field: 'metadata.labels', type: 'Invalid', value: v, detail: msg });
  }
  const annotations = obj.metadata.annotations ?? {};
  let size = 0;
  for (const k of Object.keys(annotations).sort()) {
    for (const msg of qualifiedNameProblems(k.toLowerCase())) errors.push({ field: 'metadata.annotations', type: 'Invalid', value: k, detail: msg });
    size += k.length + (annotations[k] ?? '').length;
  }
  if (size > 256 * 1024) errors.push({ field: 'metadata.annotations', type: 'TooLong', detail: 'must have at most 262144 bytes' });
  return errors;
}
