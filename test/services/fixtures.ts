/**
 * Test fixtures for the services area: pods inserted straight into the state (IP, node, Ready condition)
 * so endpoint/DNS/env tests do not depend on the workload and kubelet controllers' timing. They are bound
 * to nodes the simulated kubelet does not know (`fixture-node-*`), so it leaves their status alone.
 */
import type { TestCluster } from '../helpers.js';
import type { ClusterState, KubeObject } from '../../src/api/types.js';
import { insertObject } from '../../src/api/objects.js';
import { makeEnv } from '../../src/env.js';
import { reconcileAll } from '../../src/controllers/index.js';

export interface PodFixture {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  ip?: string;
  node?: string;
  ready?: boolean;
  phase?: string;
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  hostname?: string;
  subdomain?: string;
  dnsPolicy?: string;
  hostNetwork?: boolean;
  dnsConfig?: unknown;
  enableServiceLinks?: boolean;
}

export function podObject(f: PodFixture): KubeObject {
  const ready = f.ready ?? true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: f.name, namespace: f.namespace ?? 'default', labels: f.labels ?? {} },
    spec: {
      containers: [{ name: 'kubia', image: 'luksa/kubia', ports: f.ports ?? [{ containerPort: 8080, protocol: 'TCP' }] }],
      nodeName: f.node ?? 'fixture-node-1',
      ...(f.hostname ? { hostname: f.hostname } : {}),
      ...(f.subdomain ? { subdomain: f.subdomain } : {}),
      ...(f.dnsPolicy ? { dnsPolicy: f.dnsPolicy } : {}),
      ...(f.hostNetwork ? { hostNetwork: true } : {}),
      ...(f.dnsConfig ? { dnsConfig: f.dnsConfig } : {}),
      ...(f.enableServiceLinks === false ? { enableServiceLinks: false } : {}),
    },
    status: {
      phase: f.phase ?? 'Running',
      ...(f.ip ? { podIP: f.ip, podIPs: [{ ip: f.ip }] } : {}),
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

/** Insert pods (or change the state otherwise) outside any command, then reconcile as a command would. */
export function withState(c: TestCluster, fn: (state: ClusterState) => void): void {
  c.store.transact((current) => {
    const state = current!;
    const env = makeEnv(state, 'virtual');
    fn(state);
    reconcileAll(state, env);
    return { state, result: undefined, unchanged: false };
  });
}

export function addPods(c: TestCluster, ...pods: PodFixture[]): void {
  withState(c, (state) => {
    const env = makeEnv(state, 'virtual');
    for (const p of pods) insertObject(state, 'pods', podObject(p), env);
  });
}

/** Set a pod's Ready condition. */
export function setReady(c: TestCluster, name: string, ready: boolean, namespace = 'default'): void {
  withState(c, (state) => {
    const pod = state.objects.pods![`${namespace}/${name}`]!;
    (pod.status as { conditions: { type: string; status: string }[] }).conditions = [{ type: 'Ready', status: ready ? 'True' : 'False' }];
    pod.metadata.resourceVersion = String(++state.meta.resourceVersion);
  });
}

export function stateOf(c: TestCluster): ClusterState {
  return c.store.load()!;
}

/** Kubia pods as the chapter has them: three ready on two workers and one not ready. */
export const KUBIA_PODS: PodFixture[] = [
  { name: 'kubia-7xq2b', labels: { app: 'kubia' }, ip: '10.244.1.5', node: 'fixture-node-1' },
  { name: 'kubia-vwz6k', labels: { app: 'kubia' }, ip: '10.244.1.6', node: 'fixture-node-1', ready: false },
  { name: 'kubia-h4tlx', labels: { app: 'kubia' }, ip: '10.244.2.4', node: 'fixture-node-2' },
  { name: 'kubia-9pq8n', labels: { app: 'kubia' }, ip: '10.244.2.9', node: 'fixture-node-2' },
];
