/**
 * What the registry knows about one kind: names, API group and version, table columns, describer,
 * validation and admission. One entry per kind is the single source of truth for all of these.
 */
import type { ClusterState, FieldError, KubeObject } from './types.js';
import type { Env } from '../env.js';
import type { ObjectType } from './schema/types.js';

/** Context for printing: the current time and the whole state (describers look up related objects). */
export interface PrintContext {
  now: Date;
  state: ClusterState;
}

export interface Column {
  /** Header as kubectl prints it (already upper-case). */
  name: string;
  /** Priority-1 column: only with `-o wide`. */
  wide?: boolean;
  /** First Kubernetes minor version whose server prints this column (tables are built server-side). */
  sinceMinor?: number;
}

export interface TableDef {
  columns: Column[];
  /** One cell per column (wide ones included), in column order. */
  row(obj: KubeObject, ctx: PrintContext): string[];
}

/** Context for admission: the state before the write, the env (allocation uses the seeded rng), and the old object on update. */
export interface AdmitContext {
  state: ClusterState;
  env: Env;
  old?: KubeObject;
  /** 'create' for new objects, 'update' for apply/replace/edit/patch of an existing one. */
  operation: 'create' | 'update';
  /** The subresource written, when not the object itself (`ephemeralcontainers`). */
  subresource?: string;
}

export interface KindInfo {
  kind: string;
  /** Plural resource name, e.g. `services`; also the key of the state's object map (`<plural>.<group>` for a custom resource: see `plural`). */
  resource: string;
  /** The plural as the API names it, where the state's map key differs (custom resources). */
  plural?: string;
  /** What a custom resource's CRD defines (absent for built-in kinds). */
  custom?: CustomDefinition;
  singular: string;
  shortNames: string[];
  /** API group: '' for core. */
  group: string;
  /** Preferred (storage) version served by a v1.32 cluster. */
  version: string;
  namespaced: boolean;
  /** The kind's own name rule (messages for an invalid name) where it is not a DNS-1123 subdomain (RBAC: a path segment). */
  nameMessages?(name: string): string[];
  /** Groups older API versions served this kind under (`ing.extensions` resolves; versions.ts says when each is served). */
  formerGroups?: string[];
  /** Discovery categories, e.g. ['all']. */
  categories?: string[];
  /** Derived by controllers; users cannot create it (EndpointSlice). */
  readOnly?: boolean;
  /** Subresources the API serves besides the object itself (`status`, `scale`, `log`, ...); default `status`. */
  subresources?: string[];
  table: TableDef;
  /** `kubectl describe` text for one object. */
  describe?(obj: KubeObject, ctx: PrintContext): string;
  /** Defaulting and allocation as the API server does on create/update (ClusterIP, nodePorts, probe defaults, ...). May throw ApiError. */
  admit?(obj: KubeObject, ctx: AdmitContext): void;
  /** The kind's validation rules after defaulting; returns the field errors (empty when valid). */
  validate?(obj: KubeObject, ctx: AdmitContext): FieldError[];
}

/**
 * The generic parts of a custom resource kind that the API server's write path needs: its CRD's name,
 * its served versions (preferred first) and the decoding of a manifest of one version (pruning, with the
 * removed fields reported as the strict decoder's `unknown field "spec.x"`).
 */
export interface CustomDefinition {
  crd: string;
  versions: string[];
  decode(raw: Record<string, unknown>, version: string): { value: Record<string, unknown>; unknown: string[] };
  /** The version's schema as `kubectl explain` reads it. */
  explain(version: string): ObjectType;
  /** A stored object as read: the schema's defaults applied (defaulting on read from etcd); the object itself when nothing changes. */
  onRead(obj: KubeObject): KubeObject;
  /** The scale subresource's paths (`.spec.replicas`, `.status.replicas`, `.status.labelSelector`), when the CRD enables it. */
  scale?: { specReplicasPath: string; statusReplicasPath?: string; labelSelectorPath?: string };
}

/** The value at a scale path such as `.spec.replicas` (dot notation only, as the CRD's validation requires). */
export function valueAtPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const key of path.split('.').filter(Boolean)) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Set the value at a scale path, creating the maps on the way. */
export function setAtPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.').filter(Boolean);
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    if (typeof cur[key] !== 'object' || cur[key] === null || Array.isArray(cur[key])) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

/** The plural the API serves a kind under (`services`, `crontabs`): the URL's and discovery's resource name. */
export function pluralOf(info: KindInfo): string {
  return info.plural ?? info.resource;
}

/** `<plural>[.<group>]`, the resource text used in API error messages (`deployments.apps "x" not found`). */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${pluralOf(info)}.${info.group}` : info.resource;
}

/** `<kind lower>[.<group>]`, the prefix kubectl prints in `service/kubia created` and `-o name`. */
export function kindPrefix(info: KindInfo): string {
  return info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase();
}

/** Whether the API serves `subresource` of this kind (others are 404, as on a real server). */
export function servesSubresource(info: KindInfo, subresource: string): boolean {
  return (info.subresources ?? ['status']).includes(subresource);
}

/** apiVersion string for the kind's preferred version. */
export function apiVersionOf(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** The minor version of the simulated API server (`v1.17.0` -> 17); kept here, below the registry, so kinds can ask. */
export function serverMinor(state: ClusterState): number {
  return Number(/^v?\d+\.(\d+)/.exec(state.settings?.kubernetesVersion ?? '')?.[1] ?? '99');
}

/** Which of a kind's columns the cluster's API server version prints (e.g. no Ingress CLASS before 1.19). */
export function servedColumns(info: KindInfo, state: ClusterState): boolean[] {
  const minor = serverMinor(state);
  return info.table.columns.map((c) => c.sinceMinor === undefined || minor >= c.sinceMinor);
}
