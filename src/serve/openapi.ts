/**
 * The API server's OpenAPI v3 publication (kube-openapi's handler3), generated from kube-sim's own schema
 * tables (src/api/schema) and each CRD's openAPIV3Schema, so that the real `kubectl explain` (its
 * plaintext template over this document) prints what `kube-sim explain` prints, and kubectl's --validate
 * finds the fieldValidation parameter. Loaded only when a client asks for /openapi/v3 (kept out of the
 * main bundle: scripts/build.mjs), and a group-version's document is built from that group-version's
 * kinds alone.
 *
 * The shapes follow the real documents: `components.schemas` named by Go package
 * (io.k8s.api.core.v1.PodSpec, io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta), a field that names a
 * struct written `allOf: [{$ref}]` beside its own description (both descriptions are what explain
 * prints), kinds carrying x-kubernetes-group-version-kind, paths whose operations carry it too.
 */
import { createHash } from 'node:crypto';
import type { ClusterState } from '../api/types.js';
import type { Env } from '../env.js';
import type { KindInfo } from '../api/kind.js';
import { pluralOf } from '../api/kind.js';
import { resolveKind } from '../api/versions.js';
import { allKinds } from '../api/registry.js';
import { time, type Field, type FieldType, type ObjectType } from '../api/schema/types.js';
import { INT_OR_STRING_DOC, QUANTITY_DOC, TIME_DOC } from '../api/schema/explain-docs.js';
import { crdSpec } from '../kinds/crd-spec.js';
import { getObject } from '../api/objects.js';
import { goJsonText } from '../util/go-json.js';
import { mergeKeyFor, mergesAsSet } from '../api/merge.js';
import { groupVersions, kindsOf } from './discovery.js';

/**
 * Part of every document's hash: raise it when this generator or the schema tables change what a
 * document holds, so that kubectl's HTTP cache (which keeps a document by its hashed URL for a year)
 * asks again.
 */
const REVISION = 'kube-sim-openapi-1';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const REF = '#/components/schemas/';
/** Structs the API keeps in apimachinery's meta/v1, whichever kind reaches them. */
const META_STRUCTS = new Set(['ObjectMeta', 'LabelSelector', 'LabelSelectorRequirement', 'OwnerReference', 'ManagedFieldsEntry', 'FieldsV1', 'Condition']);
/** core/v1 structs other groups' kinds embed: everything below them is core/v1 too. */
const CORE_STRUCTS = new Set(['PodTemplateSpec', 'ObjectReference', 'TypedLocalObjectReference', 'LocalObjectReference', 'PersistentVolumeClaim', 'PersistentVolumeClaimSpec']);

/** The Go package prefix of a group-version's own types, as the API names its schemas. */
function packageOf(group: string, version: string): string {
  if (group === '') return `io.k8s.api.core.${version}`;
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}`;
  return `io.k8s.api.${group.split('.')[0]}.${version}`;
}

/** A custom resource's schema name: the group reversed, then version and kind (com.example.stable.v1.CronTab). */
function customName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

type Schema = Record<string, unknown>;

/** One document's schemas as they are made: each struct once, under its name. */
interface Builder {
  schemas: Record<string, Schema>;
  /** The struct each name was made from (a second, different struct of the same name reuses the first). */
  made: Map<string, ObjectType>;
  /** Custom resources: every struct inline, as the API server publishes a CRD's schema. */
  inline: boolean;
}

function ref(name: string): Schema {
  return { $ref: REF + name };
}

/** A field naming a schema: the reference beside the field's own description (kube-openapi's allOf wrapping). */
function described(target: Schema, doc: string): Schema {
  if (!('$ref' in target)) return doc ? { ...target, description: doc } : target;
  return doc ? { allOf: [target], description: doc } : target;
}

/** A helper type of apimachinery's (Time, IntOrString, Quantity), added to the document when first used. */
function helper(b: Builder, name: string, schema: Schema): Schema {
  b.schemas[name] ??= schema;
  return ref(name);
}

/** A struct kube-sim does not model field by field (PodStatus, Affinity): an object schema of that name. */
function opaque(b: Builder, pkg: string, name: string): Schema {
  return helper(b, `${META_STRUCTS.has(name) ? META : pkg}.${name}`, { type: 'object' });
}

/** The schema of a value of type `t`, inside a struct of package `pkg`. */
function schemaOf(b: Builder, t: FieldType, pkg: string): Schema {
  switch (t.t) {
    case 'string':
      if (t === time) return helper(b, `${META}.Time`, { description: TIME_DOC, type: 'string', format: 'date-time' });
      return t.enum ? { type: 'string', enum: t.enum } : { type: 'string' };
    case 'bytes':
      return { type: 'string', format: 'byte' };
    case 'int32':
    case 'int64':
      return { type: 'integer', format: t.t };
    case 'float64':
      return { type: 'number', format: 'double' };
    case 'bool':
      return { type: 'boolean' };
    case 'intstr':
      return helper(b, 'io.k8s.apimachinery.pkg.util.intstr.IntOrString', { description: INT_OR_STRING_DOC, format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] });
    case 'quantity':
      return helper(b, 'io.k8s.apimachinery.pkg.api.resource.Quantity', { description: QUANTITY_DOC, oneOf: [{ type: 'string' }, { type: 'number' }] });
    case 'any': {
      const name = t.explain ?? 'Object';
      if (name === 'Object') return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
      if (name.startsWith('[]')) return { type: 'array', items: opaque(b, pkg, name.slice(2)) };
      return opaque(b, pkg, name);
    }
    case 'array':
      return { type: 'array', items: schemaOf(b, t.items, pkg) };
    case 'map':
      return { type: 'object', additionalProperties: schemaOf(b, t.values, pkg) };
    case 'object':
      return structRef(b, t, pkg);
  }
}

/** A struct's reference (its schema made on first use), or the struct inline for a custom resource. */
function structRef(b: Builder, o: ObjectType, parentPkg: string): Schema {
  const pkg = META_STRUCTS.has(o.name) ? META : CORE_STRUCTS.has(o.name) ? 'io.k8s.api.core.v1' : parentPkg;
  if (b.inline) {
    if (o.name !== 'ObjectMeta') return structSchema(b, o, pkg);
    // A custom kind's metadata is the built-in ObjectMeta, referenced, with its own structs referenced too.
    b = { ...b, inline: false };
  }
  const name = `${pkg}.${o.name}`;
  if (!b.made.has(name)) {
    b.made.set(name, o);
    b.schemas[name] = {}; // reserved first: a struct that contains itself refers to this name
    b.schemas[name] = structSchema(b, o, pkg);
  }
  return ref(name);
}

/**
 * A list field's strategic-merge marks: kubectl apply computes its patch from the published schema once
 * the kind is in it, and a list without them is replaced whole (an apply would never be `unchanged`).
 */
function patchMeta(name: string, t: FieldType): Schema {
  if (t.t !== 'array') return {};
  if (mergesAsSet(name)) return { 'x-kubernetes-patch-strategy': 'merge' };
  // The keys kube-sim's own strategic merge uses (api/merge.ts), so a kubectl patch merges as kube-sim does.
  const key = mergeKeyFor(name, t.items.t === 'object' && 'containerPort' in t.items.fields);
  return key ? { 'x-kubernetes-patch-merge-key': key, 'x-kubernetes-patch-strategy': 'merge' } : {};
}

function structSchema(b: Builder, o: ObjectType, pkg: string): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [name, f] of Object.entries(o.fields) as [string, Field][]) {
    properties[name] = { ...described(schemaOf(b, f.type, pkg), f.doc), ...(b.inline ? {} : patchMeta(name, f.type)) };
    if (f.required) required.push(name);
  }
  return {
    ...(o.doc && o.doc !== '<empty>' ? { description: o.doc } : {}),
    ...(Object.keys(properties).length ? { properties } : {}),
    ...(required.length ? { required } : {}),
    type: 'object',
  };
}

/** The schema tree of a kind at a served version: the schema tables', or its CRD's. */
function kindSchema(state: ClusterState, k: KindInfo, group: string, version: string): ObjectType | undefined {
  if (k.custom) return k.custom.explain(version);
  return resolveKind(state, group ? `${group}/${version}` : version, k.kind)?.schema;
}

const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];

function queryParams(names: string[]): Schema[] {
  return names.map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true } }));
}

/** The operations of one resource: list, create and deletecollection on its collection; read, replace, patch and delete on an object. */
function resourcePaths(k: KindInfo, group: string, version: string, schemaName: string): Record<string, Schema> {
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const plural = pluralOf(k);
  const gvk = { group, kind: k.kind, version };
  const tag = `${group ? group.split('.')[0]! : 'core'}_${version}`;
  const id = (verb: string, suffix = '') => `${verb}${k.namespaced ? 'Namespaced' : ''}${k.kind}${suffix}`;
  const body = (schema: Schema) => ({ 'application/json': { schema }, 'application/yaml': { schema }, 'application/vnd.kubernetes.protobuf': { schema } });
  const ok = (schema: Schema) => ({ '200': { description: 'OK', content: body(schema) }, '401': { description: 'Unauthorized' } });
  const op = (action: string, operationId: string, description: string, responses: Schema, extra: Schema = {}) => ({
    tags: [tag],
    description,
    operationId,
    ...extra,
    responses,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
  });
  const one = ref(schemaName);
  const list = { type: 'object', properties: { items: { type: 'array', items: one } } };
  const status = ref(`${META}.Status`);
  const collection: Schema = { get: op('list', id('list'), `list or watch objects of kind ${k.kind}`, ok(list)) };
  const item: Schema = { get: op('get', id('read'), `read the specified ${k.kind}`, ok(one)) };
  if (!k.readOnly) {
    collection.post = op('post', id('create'), `create a ${k.kind}`, ok(one), { parameters: queryParams(WRITE_PARAMS), requestBody: { content: { '*/*': { schema: one } }, required: true } });
    collection.delete = op('deletecollection', id('deleteCollection'), `delete collection of ${k.kind}`, ok(status));
    item.put = op('put', id('replace'), `replace the specified ${k.kind}`, ok(one), { parameters: queryParams(WRITE_PARAMS), requestBody: { content: { '*/*': { schema: one } }, required: true } });
    item.patch = op('patch', id('patch'), `partially update the specified ${k.kind}`, ok(one), {
      parameters: queryParams([...WRITE_PARAMS, 'force']),
      requestBody: { content: Object.fromEntries(['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'].map((t) => [t, { schema: ref(`${META}.Patch`) }])), required: true },
    });
    item.delete = op('delete', id('delete'), `delete a ${k.kind}`, ok(status), { parameters: queryParams(['dryRun', 'gracePeriodSeconds', 'propagationPolicy']) });
  }
  const scope = k.namespaced ? [{ name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, schema: { type: 'string', uniqueItems: true } }] : [];
  const pretty = { name: 'pretty', in: 'query', description: "If 'true', then the output is pretty printed.", schema: { type: 'string', uniqueItems: true } };
  const name = { name: 'name', in: 'path', description: `name of the ${k.kind}`, required: true, schema: { type: 'string', uniqueItems: true } };
  const dir = k.namespaced ? `${base}/namespaces/{namespace}/${plural}` : `${base}/${plural}`;
  const paths: Record<string, Schema> = {
    [dir]: { ...collection, parameters: [...scope, pretty] },
    [`${dir}/{name}`]: { ...item, parameters: [name, ...scope, pretty] },
  };
  // Namespaced resources are also listed across namespaces.
  if (k.namespaced) paths[`${base}/${plural}`] = { get: op('list', `list${k.kind}ForAllNamespaces`, `list or watch objects of kind ${k.kind}`, ok(list)), parameters: [pretty] };
  return paths;
}

/** The OpenAPI v3 document of one group-version, or undefined when the cluster serves no such group-version. */
export function openapiDocument(state: ClusterState, group: string, version: string): Schema | undefined {
  const kinds = kindsOf(state, group, version);
  if (!kinds.length) return undefined;
  const custom = kinds.some((k) => k.custom);
  const b: Builder = { schemas: {}, made: new Map(), inline: custom };
  const pkg = packageOf(group, version);
  let paths: Record<string, Schema> = {};
  for (const k of kinds) {
    const schema = kindSchema(state, k, group, version);
    if (!schema) continue;
    const name = k.custom ? customName(group, version, k.kind) : `${pkg}.${k.kind}`;
    b.made.set(name, schema);
    b.schemas[name] = {};
    // A custom kind's schema is inline but for its metadata (structRef keeps ObjectMeta a reference).
    b.schemas[name] = { ...structSchema(b, schema, pkg), 'x-kubernetes-group-version-kind': [{ group, kind: k.kind, version }] };
    paths = { ...paths, ...resourcePaths(k, group, version, name) };
  }
  b.schemas[`${META}.Status`] ??= { description: 'Status is a return value for calls that do not return other objects.', type: 'object' };
  b.schemas[`${META}.Patch`] ??= { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' };
  const sorted = Object.fromEntries(Object.keys(b.schemas).sort().map((n) => [n, b.schemas[n]]));
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `v${state.settings.kubernetesVersion}` },
    paths,
    components: { schemas: sorted, securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } } },
  };
}

/**
 * A group-version's hash (kube-openapi's: 128 upper-case hex digits of SHA-512). The real server hashes
 * the document's bytes; kube-sim hashes what the document is made from (the generator's revision, the
 * cluster's version, the kinds served and each CRD's spec), so that listing the group-versions does not
 * build every document, and the hash still changes whenever the document would.
 */
function hashOf(state: ClusterState, group: string, version: string): string {
  const inputs: unknown[] = [REVISION, state.settings.kubernetesVersion, group, version];
  for (const k of kindsOf(state, group, version)) {
    inputs.push(k.kind, k.namespaced, k.readOnly ?? false);
    if (!k.custom) continue;
    const crd = getObject(state, 'customresourcedefinitions', undefined, k.custom.crd);
    inputs.push(crd ? crdSpec(crd) : null);
  }
  return createHash('sha512').update(JSON.stringify(inputs)).digest('hex').toUpperCase();
}

function gvPath(gv: { group: string; version: string }): string {
  return gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`;
}

/** What serve sends: status, body text and headers. */
export interface OpenapiReply {
  code: number;
  body: string;
  headers: [string, string][];
}

function etag(text: string): string {
  return `"${createHash('sha512').update(text).digest('hex').toUpperCase()}"`;
}

/** `GET /openapi/v3`: each group-version's document URL with its hash. */
export function openapiRootReply(state: ClusterState): OpenapiReply {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions(state)) paths[gvPath(gv)] = { serverRelativeURL: `/openapi/v3/${gvPath(gv)}?hash=${hashOf(state, gv.group, gv.version)}` };
  const sortedPaths = Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]!]));
  const body = goJsonText({ paths: sortedPaths });
  return { code: 200, body, headers: [['Content-Type', 'application/json'], ['Etag', etag(body)], ['Content-Length', String(Buffer.byteLength(body))]] };
}

/** Documents already built, by hash (a hash names one document's content), the most recent last. */
const built = new Map<string, string>();
const KEPT = 16;

/**
 * `GET /openapi/v3/<api|apis/group>/<version>[?hash=H]`: the document, or undefined for a group-version
 * not served. A hash that is not the current one is answered by a 301 to the current URL; with the current
 * one the answer may be cached for ever (Cache-Control: public, immutable; Expires a year on), as
 * kubectl's disk cache does.
 */
export function openapiGroupVersionReply(state: ClusterState, env: Env, path: string, hash: string | null): OpenapiReply | undefined {
  const parts = path.split('/');
  const gv = parts[0] === 'api' && parts.length === 2 ? { group: '', version: parts[1]! } : parts[0] === 'apis' && parts.length === 3 ? { group: parts[1]!, version: parts[2]! } : undefined;
  if (!gv || !kindsOf(state, gv.group, gv.version).length) return undefined;
  const current = hashOf(state, gv.group, gv.version);
  const common: [string, string][] = [['Vary', 'Accept'], ['Etag', `"${current}"`]];
  if (hash && hash !== current) {
    const location = `/openapi/v3/${gvPath(gv)}?hash=${current}`;
    const body = `<a href="${location}">Moved Permanently</a>.\n\n`;
    return { code: 301, body, headers: [...common, ['Location', location], ['Content-Type', 'text/html; charset=utf-8'], ['Content-Length', String(Buffer.byteLength(body))]] };
  }
  let body = built.get(current);
  if (body === undefined) {
    body = goJsonText(openapiDocument(state, gv.group, gv.version));
    built.set(current, body);
    if (built.size > KEPT) built.delete(built.keys().next().value!);
  }
  const headers: [string, string][] = [['Content-Type', 'application/json'], ...common];
  if (hash) {
    const expires = new Date(env.now().getTime() + 365 * 24 * 3600 * 1000).toUTCString().replace(/GMT$/, 'UTC'); // Go's RFC1123 names the zone
    headers.push(['Cache-Control', 'public, immutable'], ['Expires', expires]);
  }
  headers.push(['Content-Length', String(Buffer.byteLength(body))]);
  return { code: 200, body, headers };
}
