/**
 * ingress-nginx's validating admission webhook (validate.nginx.ingress.kubernetes.io), active while its
 * ValidatingWebhookConfiguration is installed and a controller pod runs: an Ingress the controller would
 * serve may not claim a host and path another served Ingress already defines.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import { ApiError } from '../../api/errors.js';
import { ingressSpec } from '../../kinds/ingress.js';
import { nginxView, servesIngress } from './view.js';

const WEBHOOK_ID = 'validatingwebhookconfigurations.admissionregistration.k8s.io//ingress-nginx-admission';

/** Throw the webhook's denial when `ing` overlaps a served Ingress; no-op when the webhook is absent. */
export function nginxAdmission(state: ClusterState, ing: KubeObject): void {
  const installed = (state.memory['unserved-objects'] as Record<string, true> | undefined)?.[WEBHOOK_ID];
  if (!installed || !Object.keys(state.objects.ingresses ?? {}).length) return;
  const view = nginxView(state);
  if (!view.running.length || !servesIngress(view, ing)) return;
  const mine = new Set<string>();
  for (const r of ingressSpec(ing).rules ?? []) for (const p of r.http?.paths ?? []) mine.add(`${r.host ?? ''}\u0000${p.path ?? '/'}`);
  if (!mine.size) return;
  for (const other of Object.values(state.objects.ingresses ?? {})) {
    if (other.metadata.namespace === ing.metadata.namespace && other.metadata.name === ing.metadata.name) continue;
    if (!servesIngress(view, other)) continue;
    for (const r of ingressSpec(other).rules ?? []) {
      for (const p of r.http?.paths ?? []) {
        const key = `${r.host ?? ''}\u0000${p.path ?? '/'}`;
        if (mine.has(key)) {
          throw new ApiError(
            'BadRequest',
            `admission webhook "validate.nginx.ingress.kubernetes.io" denied the request: host "${r.host ?? ''}" and path "${p.path ?? '/'}" is already defined in ingress ${other.metadata.namespace}/${other.metadata.name}`,
          );
        }
      }
    }
  }
}
