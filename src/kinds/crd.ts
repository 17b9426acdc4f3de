/**
 * CustomResourceDefinition (apiextensions.k8s.io/v1, cluster-scoped; short names crd, crds): the API
 * server's defaulting (names.singular, names.listKind, conversion.strategy) and validation
 * (crd-validate.ts), the status its controllers write at once in kube-sim (NamesAccepted and Established
 * True, acceptedNames, storedVersions), and the server's default table (NAME, CREATED AT). kubectl has no
 * describer for it: describe is the generic one. Its custom resources are served by custom-resource.ts.
 */
import type { AdmitContext, KindInfo } from '../api/kind.js';
import type { KubeObject } from '../api/types.js';
import { rfc3339 } from '../env.js';
import { crdSpec } from './crd-spec.js';
import { validateCrd } from './crd-validate.js';

type Json = Record<string, unknown>;

/** SetDefaults_CustomResourceDefinitionSpec (apiextensions v1 defaults.go). */
function applyDefaults(crd: KubeObject): void {
  const spec = (crd.spec ??= {}) as Json;
  const names = (spec.names ??= {}) as Json;
  if (!names.singular && typeof names.kind === 'string') names.singular = names.kind.toLowerCase();
  if (!names.listKind && typeof names.kind === 'string' && names.kind) names.listKind = `${names.kind}List`;
  const conversion = (spec.conversion ??= {}) as Json;
  conversion.strategy ??= 'None';
}

/**
 * The status the naming and establishing controllers write: names accepted as asked (kube-sim does
 * not check them against other CRDs of the group), established at once; storedVersions keeps every
 * storage version the CRD ever had.
 */
function statusAfter(crd: KubeObject, ctx: AdmitContext): Json {
  const spec = crdSpec(crd);
  const old = (ctx.old?.status ?? {}) as { conditions?: Json[]; storedVersions?: string[] };
  const now = rfc3339(ctx.env.now());
  const since = (type: string) => old.conditions?.find((c) => c.type === type && c.status === 'True')?.lastTransitionTime ?? now;
  const names = spec.names as unknown as Json;
  const accepted: Json = {};
  for (const k of ['categories', 'kind', 'listKind', 'plural', 'shortNames', 'singular']) if (names[k] !== undefined) accepted[k] = names[k];
  const storage = spec.versions.find((v) => v.storage)?.name;
  const stored = [...(old.storedVersions ?? [])];
  if (storage && !stored.includes(storage)) stored.push(storage);
  return {
    acceptedNames: accepted,
    conditions: [
      { lastTransitionTime: since('NamesAccepted'), message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
      { lastTransitionTime: since('Established'), message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
    ],
    storedVersions: stored,
  };
}

/** The registry entry of CustomResourceDefinition. */
export const customResourceDefinitionKind = {
  kind: 'CustomResourceDefinition',
  resource: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  shortNames: ['crd', 'crds'],
  group: 'apiextensions.k8s.io',
  version: 'v1',
  namespaced: false,
  table: {
    columns: [{ name: 'NAME' }, { name: 'CREATED AT' }],
    row: (o) => [o.metadata.name, o.metadata.creationTimestamp ?? ''],
  },
  admit(obj, ctx) {
    applyDefaults(obj);
    obj.status = statusAfter(obj, ctx);
  },
  validate: (obj, ctx) => validateCrd(obj, ctx.old),
} satisfies KindInfo;
