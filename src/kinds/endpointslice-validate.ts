/**
 * EndpointSlices written through the API (by hand, for a Service without a selector): the v1.32
 * apiserver's defaulting (port name "", protocol TCP) and validation (pkg/apis/discovery/validation),
 * with its field paths and messages. The controllers' own slices never pass through here.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { AdmitContext } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { DNS1123_LABEL_MSG, DNS1123_SUBDOMAIN_MSG, isDns1123Label, qualifiedNameProblems } from '../api/validation.js';
import type { EndpointSlice } from './endpointslice.js';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;

/** SetDefaults_EndpointPort: a port without a name or protocol gets "" and TCP. */
export function admitEndpointSlice(o: KubeObject, _ctx: AdmitContext): void {
  for (const p of (o as EndpointSlice).ports ?? []) {
    p.name ??= '';
    p.protocol ??= 'TCP';
  }
}

function dns1123LabelErrors(field: string, value: string): FieldError[] {
  const errs: FieldError[] = [];
  if (value.length > 63) errs.push({ field, type: 'Invalid', value, detail: 'must be no more than 63 characters' });
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) errs.push({ field, type: 'Invalid', value, detail: DNS1123_LABEL_MSG });
  return errs;
}

/** IsDNS1123Subdomain's messages: length and pattern are checked separately. */
function dns1123SubdomainProblems(value: string): string[] {
  const problems: string[] = [];
  if (value.length > 253) problems.push('must be no more than 253 characters');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(value)) problems.push(DNS1123_SUBDOMAIN_MSG);
  return problems;
}

/** The four first bytes/words of an address, enough to classify it (Go's net.IP methods). */
function ipv6Words(ip: string): number[] {
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const parse = (s: string | undefined) => (s ? s.split(':').flatMap((w) => (w.includes('.') ? [] : [parseInt(w, 16)])) : []);
  const a = parse(head);
  const b = parse(tail);
  return tail === undefined ? a : [...a, ...Array(Math.max(0, 8 - a.length - b.length)).fill(0), ...b];
}

/** apivalidation.ValidateEndpointIP: addresses that make no sense as a destination. */
function endpointIPErrors(field: string, ip: string): FieldError[] {
  let unspecified = false;
  let loopback = false;
  let linkLocal = false;
  let linkLocalMulticast = false;
  if (isIPv4(ip)) {
    const [a, b, c] = ip.split('.').map(Number) as [number, number, number];
    unspecified = ip === '0.0.0.0';
    loopback = a === 127;
    linkLocal = a === 169 && b === 254;
    linkLocalMulticast = a === 224 && b === 0 && c === 0;
  } else if (isIPv6(ip)) {
    const w = ipv6Words(ip);
    unspecified = w.every((x) => x === 0);
    loopback = w.slice(0, 7).every((x) => x === 0) && w[7] === 1;
    linkLocal = (w[0]! & 0xffc0) === 0xfe80;
    linkLocalMulticast = (w[0]! & 0xff0f) === 0xff02;
  } else return [{ field, type: 'Invalid', value: ip, detail: 'must be a valid IP address' }];
  const errs: FieldError[] = [];
  if (unspecified) errs.push({ field, type: 'Invalid', value: ip, detail: `may not be unspecified (${ip})` });
  if (loopback) errs.push({ field, type: 'Invalid', value: ip, detail: 'may not be in the loopback range (127.0.0.0/8, ::1/128)' });
  if (linkLocal) errs.push({ field, type: 'Invalid', value: ip, detail: 'may not be in the link-local range (169.254.0.0/16, fe80::/10)' });
  if (linkLocalMulticast) errs.push({ field, type: 'Invalid', value: ip, detail: 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)' });
  return errs;
}

/** validation.IsFullyQualifiedDomainName. */
function fqdnErrors(field: string, address: string): FieldError[] {
  if (!address) return [{ field, type: 'Required' }];
  const name = address.endsWith('.') ? address.slice(0, -1) : address;
  const problems = dns1123SubdomainProblems(name);
  if (problems.length) return [{ field, type: 'Invalid', value: name, detail: problems.join(',') }];
  if (name.split('.').length < 2) return [{ field, type: 'Invalid', value: name, detail: 'should be a domain with at least two segments separated by dots' }];
  for (const label of name.split('.')) if (!isDns1123Label(label)) return [{ field, type: 'Invalid', value: label, detail: label.length > 63 ? 'must be no more than 63 characters' : DNS1123_LABEL_MSG }];
  return [];
}

function addressErrors(field: string, address: string, addressType: string): FieldError[] {
  switch (addressType) {
    case 'IPv4':
      return [...(isIPv4(address) ? [] : [{ field, type: 'Invalid' as const, value: address, detail: 'must be a valid IPv4 address' }]), ...endpointIPErrors(field, address)];
    case 'IPv6':
      return [...(isIPv6(address) ? [] : [{ field, type: 'Invalid' as const, value: address, detail: 'must be a valid IPv6 address' }]), ...endpointIPErrors(field, address)];
    case 'FQDN':
      return fqdnErrors(field, address);
    default:
      return [];
  }
}

function endpointErrors(s: EndpointSlice): FieldError[] {
  const endpoints = s.endpoints ?? [];
  if (endpoints.length > MAX_ENDPOINTS) return [{ field: 'endpoints', type: 'TooMany', detail: `${endpoints.length}: must have at most ${MAX_ENDPOINTS} items` }];
  const errs: FieldError[] = [];
  endpoints.forEach((e, i) => {
    const at = `endpoints[${i}]`;
    const addresses = e.addresses ?? [];
    if (!addresses.length) errs.push({ field: `${at}.addresses`, type: 'Required', detail: 'must contain at least 1 address' });
    else if (addresses.length > MAX_ADDRESSES) errs.push({ field: `${at}.addresses`, type: 'TooMany', detail: `${addresses.length}: must have at most ${MAX_ADDRESSES} items` });
    addresses.forEach((a, j) => errs.push(...addressErrors(`${at}.addresses[${j}]`, a, s.addressType ?? '')));
    if (e.nodeName !== undefined) for (const detail of dns1123SubdomainProblems(e.nodeName)) errs.push({ field: `${at}.nodeName`, type: 'Invalid', value: e.nodeName, detail });
    if (e.hostname !== undefined) errs.push(...dns1123LabelErrors(`${at}.hostname`, e.hostname));
  });
  return errs;
}

function portErrors(s: EndpointSlice): FieldError[] {
  const ports = s.ports ?? [];
  if (ports.length > MAX_PORTS) return [{ field: 'ports', type: 'TooMany', detail: `${ports.length}: must have at most ${MAX_PORTS} items` }];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = `ports[${i}]`;
    const name = p.name ?? '';
    if (name) errs.push(...dns1123LabelErrors(`${at}.name`, name));
    if (names.has(name)) errs.push({ field: `${at}.name`, type: 'Duplicate', value: name });
    names.add(name);
    if (!p.protocol) errs.push({ field: `${at}.protocol`, type: 'Required' });
    else if (!PROTOCOLS.includes(p.protocol)) errs.push({ field: `${at}.protocol`, type: 'Unsupported', value: p.protocol, supported: PROTOCOLS });
    if (p.appProtocol !== undefined) for (const detail of qualifiedNameProblems(p.appProtocol)) errs.push({ field: `${at}.appProtocol`, type: 'Invalid', value: p.appProtocol, detail });
  });
  return errs;
}

/** ValidateEndpointSliceCreate / ValidateEndpointSliceUpdate (addressType is immutable). */
export function validateEndpointSlice(o: KubeObject, ctx: AdmitContext): FieldError[] {
  const s = o as EndpointSlice;
  const errs: FieldError[] = [];
  if (!s.addressType) errs.push({ field: 'addressType', type: 'Required' });
  else if (!ADDRESS_TYPES.includes(s.addressType)) errs.push({ field: 'addressType', type: 'Unsupported', value: s.addressType, supported: ADDRESS_TYPES });
  errs.push(...endpointErrors(s), ...portErrors(s));
  const old = ctx.operation === 'update' ? (ctx.old as EndpointSlice | undefined) : undefined;
  if (old && old.addressType !== s.addressType) errs.push({ field: 'addressType', type: 'Invalid', value: s.addressType ?? '', detail: 'field is immutable' });
  return errs;
}
