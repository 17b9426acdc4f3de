/** The shape of a CustomResourceDefinition's spec as kube-sim reads it, and the order of its versions. */
import type { KubeObject } from '../api/types.js';
import type { JsonSchema } from './crd-schema.js';

/** One of a version's additionalPrinterColumns. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** One entry of spec.versions. */
export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: unknown; scale?: { specReplicasPath?: string; statusReplicasPath?: string; labelSelectorPath?: string } };
  additionalPrinterColumns?: PrinterColumn[];
}

/** spec.names (singular and listKind defaulted by the API server). */
export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

/** The CRD's spec. */
export interface CrdSpecShape {
  group: string;
  names: CrdNames;
  scope: string;
  versions: CrdVersion[];
  conversion?: { strategy?: string };
  preserveUnknownFields?: boolean;
}

/** The CRD's spec, with empty lists where it has none (a stored CRD has been validated). */
export function crdSpec(crd: KubeObject): CrdSpecShape {
  const spec = (crd.spec ?? {}) as Partial<CrdSpecShape>;
  return { group: spec.group ?? '', names: spec.names ?? { plural: '', kind: '' }, scope: spec.scope ?? '', versions: spec.versions ?? [], conversion: spec.conversion };
}

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * apimachinery's version.CompareKubeAwareVersionStrings order, highest priority first: GA, then beta,
 * then alpha (larger numbers first in each), then versions that do not look like Kubernetes ones, by name.
 */
export function compareVersionPriority(a: string, b: string): number {
  const rank = (v: string): [number, number, number] => {
    const m = KUBE_VERSION.exec(v);
    if (!m) return [0, 0, 0];
    const level = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
    return [level, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [ra, rb] = [rank(a), rank(b)];
  if (ra[0] === 0 && rb[0] === 0) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) if (ra[i] !== rb[i]) return rb[i]! - ra[i]!;
  return 0;
}

/** The served versions, the preferred one (discovery's) first. */
export function servedVersions(spec: CrdSpecShape): CrdVersion[] {
  return spec.versions.filter((v) => v.served).sort((a, b) => compareVersionPriority(a.name, b.name));
}
