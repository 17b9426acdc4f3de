/**
 * Core shapes of the simulated cluster. The stored state is plain JSON (no classes, Maps or Dates):
 * timestamps are RFC 3339 strings as in the API.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';

/** Any API object as stored: wire shape, typed loosely so every kind fits one map. */
/** kubernetes-types marks fields readonly; the server side of kube-sim writes them. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Object metadata as stored: always named (generateName is resolved on insert). */
export type Metadata = Writable<ObjectMeta> & { name: string };

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  // Kind-specific fields (spec, status, data, subsets, ...). Narrow with the kubernetes-types shapes.
  [field: string]: unknown;
}

/** Simulated per-container runtime data that is not part of any API object. */
export interface ContainerRuntime {
  /** Simulated filesystem: absolute path -> file content ('' for empty files); directories end with '/'. */
  files: Record<string, string>;
  /** Environment fixed when the container started (service env vars are latched here). */
  env: Record<string, string>;
  /** Log lines the simulated application wrote, in order. */
  logs: string[];
  /**
   * When each line of `logs` was written (epoch ms), for `logs --since` and `--timestamps`. Absent (or
   * shorter, in states from earlier versions): those lines count as written when the container started.
   */
  logTimes?: number[];
  /** Lines this container instance ever wrote (`logs` keeps the last LOG_CAP): how `logs -f` finds the new ones. */
  logsWritten?: number;
  /** Probe bookkeeping: consecutive successes/failures and when each probe last ran (RFC 3339). */
  probes?: Record<string, { successes: number; failures: number; lastRun?: string; lastOutput?: string }>;
}

/** Cluster-wide settings chosen at reset time or changed by `kube-sim config` style commands. */
export interface ClusterSettings {
  /** Kubernetes version the simulated API server reports, e.g. "v1.32.0" or "v1.17.0". */
  kubernetesVersion: string;
  serviceCIDR: string;
  podCIDR: string;
  clusterDomain: string;
  /** kube-proxy mode: iptables (default), ipvs or userspace. */
  proxyMode: 'iptables' | 'ipvs' | 'userspace';
  ipvsScheduler: string;
  /** Enabled add-ons by name (minikube convention): ingress, metallb. */
  addons: Record<string, { enabled: boolean; config?: Record<string, unknown> }>;
  /** Simulated hosts outside the cluster (ExternalName targets, manual endpoint IPs). */
  externalHosts: ExternalHost[];
}

/** A simulated host outside the cluster, so tutorials can show an external service end to end. */
export interface ExternalHost {
  name?: string;
  ip: string;
  port?: number;
  response?: string;
}

/** The whole persisted cluster. */
export interface ClusterState {
  /** Format version of this file; bump when the layout changes. */
  format: 1;
  meta: {
    /** Seed the cluster was created with (kept for `reset` and reports). */
    seed: number;
    /** Position of the cluster-scoped stream of the seeded generator (nodes, namespaces, ...). */
    rng: number;
    /** Position of each namespace's own stream, by namespace (see Env.rngFor); absent until first used. */
    streams?: Record<string, number>;
    /** Monotonic counter for metadata.resourceVersion. */
    resourceVersion: number;
    /** Virtual clock instant (RFC 3339); used when KUBE_SIM_CLOCK=virtual. */
    virtualNow: string;
    /** Offset in ms added to the wall clock by `advance` when the wall clock is in use. */
    wallOffsetMs: number;
  };
  settings: ClusterSettings;
  /** API objects by resource (plural, e.g. "pods", "services"), then by key "<namespace>/<name>" or "<name>". */
  objects: Record<string, Record<string, KubeObject>>;
  /** Simulated container runtimes by pod uid, then container name. */
  runtime: Record<string, Record<string, ContainerRuntime>>;
  /** Free-form per-subsystem memory (session affinity tables, round-robin positions, ...), by subsystem name. */
  memory: Record<string, unknown>;
}

/** One validation failure, rendered in one place (src/api/errors.ts) with apimachinery's wording. */
export interface FieldError {
  field: string;
  type: 'Required' | 'Invalid' | 'Duplicate' | 'Unsupported' | 'Forbidden' | 'NotFound' | 'TooLong' | 'TooMany';
  /** The offending value, rendered Go-style by the formatter (strings quoted, numbers bare). */
  value?: unknown;
  /** Pre-rendered value text when Go-syntax rendering is needed, e.g. `[]string{"10.96.0.1"}`. */
  valueText?: string;
  detail?: string;
  /** For Unsupported: the supported values. */
  supported?: string[];
}
