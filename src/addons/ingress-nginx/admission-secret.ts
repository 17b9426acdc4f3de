/**
 * The Secret `ingress-nginx-admission` (keys ca, cert, key) that ingress-nginx's admission-create Job
 * generates and the controller pod mounts. kube-sim runs no Jobs, so its effect is applied directly.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import { getObject, insertObject } from '../../api/objects.js';

function pem(label: string, env: Env, namespace: string, bytes: number): string {
  const body = Buffer.from(env.rngFor(namespace).hex(bytes * 2), 'hex').toString('base64');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** Create the admission Secret in `namespace` unless it (or the namespace) is missing/present. */
export function ensureAdmissionSecret(state: ClusterState, env: Env, namespace: string): void {
  if (!getObject(state, 'namespaces', undefined, namespace) || getObject(state, 'secrets', namespace, 'ingress-nginx-admission')) return;
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const secret: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'ingress-nginx-admission', namespace },
    type: 'Opaque',
    data: { ca: b64(pem('CERTIFICATE', env, namespace, 380)), cert: b64(pem('CERTIFICATE', env, namespace, 420)), key: b64(pem('EC PRIVATE KEY', env, namespace, 121)) },
  };
  insertObject(state, 'secrets', secret, env);
}
