/**
 * Custom resources: ONE generic kind implementation, built from an established CustomResourceDefinition
 * when the registry is synchronised with the state (api/custom-kinds.ts). Names, scope, served versions,
 * the schema (pruning, defaulting, validation: crd-schema.ts) and the server-side table
 * (additionalPrinterColumns, else NAME and AGE) all come from the CRD; no code per custom kind.
 *
 * Objects are stored under `<plural>.<group>` (the state's map key, as etcd's /registry/<group>/<plural>),
 * so a custom plural never shares a map with a built-in resource or another group's.
 */
import type { KindInfo, Column, PrintContext, CustomDefinition } from '../api/kind.js';
import type { FieldError, KubeObject } from '../api/types.js';
import { age } from '../printers/duration.js';
import { findValues, parseJsonPath, relaxedJsonPath, valueText } from '../printers/jsonpath.js';
import { applyDefaults, hasDefaults, prune, validateValue, type JsonSchema } from './crd-schema.js';
import { explainSchema } from './crd-explain.js';
import { crdSpec, servedVersions, type CrdVersion, type PrinterColumn } from './crd-spec.js';

/** The registry entry of the custom resource a CRD defines (its preferred served version first). */
export function customKindInfo(crd: KubeObject): KindInfo | undefined {
  const spec = crdSpec(crd);
  const versions = servedVersions(spec);
  const preferred = versions[0];
  if (!preferred) return undefined;
  const names = spec.names;
  const schemaFor = (version: string): JsonSchema | undefined => spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  const custom: CustomDefinition = {
    crd: crd.metadata.name,
    versions: versions.map((v) => v.name),
    decode: (raw, version) => {
      const value = structuredClone(raw);
      const unknown = prune(value, schemaFor(version)).map((p) => `unknown field "${p}"`);
      return { value, unknown };
    },
    explain: (version) => explainSchema(schemaFor(version)),
    onRead: (obj) => {
      const schema = schemaFor(preferred.name);
      if (!hasDefaults(schema)) return obj;
      const copy = structuredClone(obj);
      applyDefaults(copy, schema);
      return copy;
    },
    ...(preferred.subresources?.scale?.specReplicasPath ? { scale: { ...preferred.subresources.scale, specReplicasPath: preferred.subresources.scale.specReplicasPath } } : {}),
  };
  return {
    kind: names.kind,
    resource: `${names.plural}.${spec.group}`,
    plural: names.plural,
    singular: names.singular ?? names.kind.toLowerCase(),
    shortNames: names.shortNames ?? [],
    group: spec.group,
    version: preferred.name,
    namespaced: spec.scope === 'Namespaced',
    categories: names.categories,
    subresources: subresourcesOf(preferred),
    table: tableOf(preferred),
    custom,
    admit(obj) {
      const schema = schemaFor(preferred.name);
      prune(obj, schema);
      applyDefaults(obj, schema);
    },
    validate(obj): FieldError[] {
      return validateValue(obj, schemaFor(preferred.name), '');
    },
  } satisfies KindInfo;
}

function subresourcesOf(v: CrdVersion): string[] {
  const s = v.subresources ?? {};
  return [...('status' in s ? ['status'] : []), ...('scale' in s ? ['scale'] : [])];
}

/** The server's table: NAME, then the version's additionalPrinterColumns; NAME and AGE when it declares none. */
function tableOf(v: CrdVersion): KindInfo['table'] {
  const declared = v.additionalPrinterColumns;
  if (!declared?.length) {
    return { columns: [{ name: 'NAME' }, { name: 'AGE' }], row: (o, ctx) => [o.metadata.name, age(o.metadata.creationTimestamp, ctx.now)] };
  }
  const columns: Column[] = [{ name: 'NAME' }, ...declared.map((c) => ({ name: c.name.toUpperCase(), ...(c.priority ? { wide: true } : {}) }))];
  const paths = declared.map((c) => safePath(c.jsonPath));
  return {
    columns,
    row: (o, ctx) => [o.metadata.name, ...declared.map((c, i) => cellText(c, paths[i], o, ctx))],
  };
}

function safePath(path: string): ReturnType<typeof parseJsonPath> | undefined {
  try {
    return parseJsonPath(relaxedJsonPath(path));
  } catch {
    return undefined;
  }
}

/**
 * One cell as the apiextensions table convertor computes it and kubectl prints it: nothing when the
 * path finds nothing; a `date` as the time since it; an `integer` without its fraction; a `string`
 * column as jsonpath prints the value; anything else as Go's fmt prints it.
 */
function cellText(c: PrinterColumn, path: ReturnType<typeof parseJsonPath> | undefined, o: KubeObject, ctx: PrintContext): string {
  if (!path) return '';
  let found: unknown[];
  try {
    found = findValues(path, o as never);
  } catch {
    return '';
  }
  const value = found[0];
  if (found.length === 0 || value === undefined || value === null) return '';
  switch (c.type) {
    case 'date':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? age(value, ctx.now) : '<invalid>';
    case 'integer':
      return typeof value === 'number' ? String(Math.trunc(value)) : '';
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : '';
    default:
      return valueText(value as never);
  }
}
