/**
 * What of ingress-nginx runs in the cluster, read from the objects (whether the add-on or an applied
 * deploy.yaml installed it): controller pods, the services in front of them, the IngressClasses it owns,
 * and which Ingresses it serves. Everything here is computed on read; nothing is stored.
 */
import type { ClusterState, KubeObject } from '../../api/types.js';
import { listObjects } from '../../api/objects.js';
import { ingressSpec } from '../../kinds/ingress.js';

export const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
export const CONTROLLER_LABELS = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };

export interface NginxView {
  /** Controller pods in phase Running with an IP (the ones that publish status and answer traffic). */
  running: KubeObject[];
  /** All controller pods, running or not. */
  pods: KubeObject[];
  /** Services whose selector picks the controller pods. */
  services: KubeObject[];
  /** IngressClass names whose spec.controller is ingress-nginx's. */
  classes: Set<string>;
  /** The controller Deployment's container args (--publish-service, --publish-status-address, ...). */
  args: string[];
}

function isControllerPod(p: KubeObject): boolean {
  const l = p.metadata.labels ?? {};
  return l['app.kubernetes.io/name'] === 'ingress-nginx' && l['app.kubernetes.io/component'] === 'controller';
}

function selects(svc: KubeObject, pod: KubeObject): boolean {
  const sel = (svc.spec as { selector?: Record<string, string> } | undefined)?.selector;
  if (!sel || !Object.keys(sel).length) return false;
  const l = pod.metadata.labels ?? {};
  return Object.entries(sel).every(([k, v]) => l[k] === v);
}

/** Look at the cluster once; cheap when ingress-nginx is absent (no scan of every pod). */
export function nginxView(state: ClusterState): NginxView {
  const classes = new Set<string>();
  for (const c of Object.values(state.objects.ingressclasses ?? {})) {
    if ((c.spec as { controller?: string } | undefined)?.controller === NGINX_CONTROLLER) classes.add(c.metadata.name);
  }
  const deployments = Object.values(state.objects.deployments ?? {}).filter((d) => {
    const l = (d.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels ?? {};
    return l['app.kubernetes.io/name'] === 'ingress-nginx' && l['app.kubernetes.io/component'] === 'controller';
  });
  const namespaces = new Set(deployments.map((d) => d.metadata.namespace!));
  const pods: KubeObject[] = [];
  // One pass over the pods without sorting (clusters may hold thousands); only the controller's namespaces matter.
  if (namespaces.size) {
    for (const p of Object.values(state.objects.pods ?? {})) if (namespaces.has(p.metadata.namespace ?? '') && isControllerPod(p)) pods.push(p);
    pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }
  const running = pods.filter((p) => {
    const st = p.status as { phase?: string; podIP?: string } | undefined;
    return st?.phase === 'Running' && !!st.podIP && !p.metadata.deletionTimestamp;
  });
  const services: KubeObject[] = [];
  for (const ns of namespaces) {
    for (const s of listObjects(state, 'services', ns)) {
      if (pods.some((p) => selects(s, p)) || (!pods.length && s.metadata.name === 'ingress-nginx-controller')) services.push(s);
    }
  }
  const c = (deployments[0]?.spec as { template?: { spec?: { containers?: { args?: string[] }[] } } } | undefined)?.template?.spec?.containers?.[0];
  return { running, pods, services, classes, args: c?.args ?? [] };
}

/** The value of a `--flag=value` controller argument, if present. */
export function argValue(args: string[], flag: string): string | undefined {
  for (const a of args) if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  return undefined;
}

/**
 * Does the controller serve this Ingress? Its class is one of ingress-nginx's classes, or the legacy
 * annotation says `nginx`; an Ingress without class is served only with --watch-ingress-without-class,
 * or by old (0.x) controllers that predate IngressClass (no class of theirs exists then).
 */
export function servesIngress(view: NginxView, ing: KubeObject): boolean {
  const cls = ingressSpec(ing).ingressClassName;
  if (cls) return view.classes.has(cls);
  const annotated = ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (annotated !== undefined) return annotated === 'nginx' || view.classes.has(annotated);
  return view.classes.size === 0 || argValue(view.args, '--watch-ingress-without-class') === 'true';
}

/** Is ingress-nginx installed at all (its controller Deployment exists)? */
export function nginxInstalled(view: NginxView): boolean {
  return view.pods.length > 0 || view.services.length > 0 || view.classes.size > 0;
}
