/**
 * `id` as a container's processes see themselves: the user and groups the kubelet asks the runtime for
 * (the container's securityContext over the pod's: runAsUser, runAsGroup; the pod's fsGroup and
 * supplementalGroups). The kernel keeps supplementary groups sorted, so `groups=` lists them in order with
 * the primary group among them, as the Configure a Security Context page shows on kind
 * (`uid=1000 gid=3000 groups=2000,3000,4000`). Simulated for a numeric user and group the image does not
 * name (1000-65533 with runAsGroup set); anything else is the image's root, as before.
 */
import type { KubeObject } from '../../api/types.js';
import { result, type Program } from '../types.js';

interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  supplementalGroups?: number[];
}

/** The uid, gid and supplementary groups of `container` in `pod`, when they are numeric ids no image names. */
export function containerIdentity(pod: KubeObject | undefined, container: string | undefined): { uid: number; gid: number; groups: number[] } | undefined {
  const spec = (pod?.spec ?? {}) as { securityContext?: SecurityContext; containers?: { name: string; securityContext?: SecurityContext }[] };
  const podCtx = spec.securityContext ?? {};
  const own = spec.containers?.find((c) => c.name === container)?.securityContext ?? {};
  const uid = own.runAsUser ?? podCtx.runAsUser;
  const gid = own.runAsGroup ?? podCtx.runAsGroup;
  const unnamed = (n: number | undefined): n is number => n !== undefined && n >= 1000 && n < 65534;
  if (!unnamed(uid) || !unnamed(gid)) return undefined;
  const extra = [...(podCtx.fsGroup !== undefined ? [podCtx.fsGroup] : []), ...(podCtx.supplementalGroups ?? [])];
  if (!extra.every(unnamed)) return undefined;
  return { uid, gid, groups: [...new Set([gid, ...extra])].sort((a, b) => a - b) };
}

/** `id`: the container's identity, numerically (no passwd or group entry names it). */
export const id: Program = (_args, ctx) => {
  const who = containerIdentity(ctx.sys.pod, ctx.sys.container);
  if (!who) return result('uid=0(root) gid=0(root) groups=0(root)\n');
  return result(`uid=${who.uid} gid=${who.gid} groups=${who.groups.join(',')}\n`);
};
