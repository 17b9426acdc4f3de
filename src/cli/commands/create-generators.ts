/**
 * `create <generator>` sub-commands, each list owned by one work area: namespace, secret, configmap
 * (core), service * (service), deployment (workloads), job and cronjob (batch), quota (policy), ingress and secret tls (ingress), role, clusterrole and the bindings (rbac), token (token).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { coreGenerators } from './generators-core.js';
import { serviceGenerators } from './generators-service.js';
import { workloadsGenerators } from './generators-workloads.js';
import { ingressGenerators } from './generators-ingress.js';
import { batchGenerators } from './generators-batch.js';
import { policyGenerators } from './generators-policy.js';
import { rbacGenerators } from './generators-rbac.js';
import { tokenGenerators } from './generators-token.js';

export type Generator = (create: Command, h: Harness) => void;

export const generators: Generator[] = [...coreGenerators, ...serviceGenerators, ...workloadsGenerators, ...batchGenerators, ...policyGenerators, ...ingressGenerators, ...rbacGenerators, ...tokenGenerators];
