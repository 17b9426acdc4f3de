/**
 * The Secret `ingress-nginx-admission` (keys ca, cert, key) that ingress-nginx's admission-create Job
 * generates and the controller pod mounts, and `kube-webhook-certgen`, the program that Job runs.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import type { Env } from '../../env.js';
import type { ProgramDef } from '../../shell/types.js';
import { getObject, insertObject } from '../../api/objects.js';
import { result } from '../../shell/types.js';

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

/**
 * kube-webhook-certgen as the admission Jobs run it: `create` writes the certificate Secret (once) in the
 * pod's namespace, `patch` (the CA into the webhook configuration, which kube-sim does not serve) only
 * logs. Lines are its JSON logs; the exit code is 0.
 */
export const certgenProgram: ProgramDef = {
  name: 'kube-webhook-certgen',
  run(args, ctx) {
    const ns = ctx.sys.pod?.metadata.namespace ?? 'default';
    const time = ctx.sys.env.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const log = (msg: string, source: string) => `{"level":"info","msg":"${msg}","source":"${source}","time":"${time}"}\n`;
    if (args[0] === 'create') {
      if (getObject(ctx.sys.state, 'secrets', ns, 'ingress-nginx-admission')) return result('', log('secret already exists', 'k8s/k8s.go:68'));
      ensureAdmissionSecret(ctx.sys.state, ctx.sys.env, ns);
      return result('', log('creating new secret', 'cmd/create.go:28') + log('saving secret', 'k8s/k8s.go:75'));
    }
    if (args[0] === 'patch') return result('', log('patching webhook configurations \'ingress-nginx-admission\' mutating=false, validating=true, failurePolicy=Fail', 'k8s/k8s.go:118') + log('Patched hook(s)', 'k8s/k8s.go:138'));
    return result('', 'Error: unknown command\n', 1);
  },
};
