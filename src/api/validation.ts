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
    } else if (!isDns1123Subdomain(name)) {
      errors.push({ field: 'metadata.name', type: 'Invalid', value: name, detail: name.length > 253 ? 'must be no more than 253 characters' : DNS1123_SUBDOMAIN_MSG });
    }
  }
  const ns = obj.metadata.namespace;
  if (info.namespaced && ns && !isDns1123Label(ns)) errors.push({ field: 'metadata.namespace', type: 'Invalid', value: ns, detail: DNS1123_LABEL_MSG });
  return errors;
}
