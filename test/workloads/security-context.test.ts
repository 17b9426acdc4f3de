/**
 * `id` in a container follows the pod's and the container's securityContext, as the Configure a Security
 * Context page shows on kind: `uid=1000 gid=3000 groups=2000,3000,4000` (the kernel's sorted groups, the
 * primary one among them). Identities kube-sim does not simulate keep the image's root.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

/** A busybox pod sleeping, with `podCtx` and `ctrCtx` as its pod and container securityContext (YAML flow maps). */
function pod(name: string, podCtx: string, ctrCtx = '{}'): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  securityContext: ${podCtx}\n  containers:\n  - name: c\n    image: busybox:1.28\n    command: ["sh", "-c", "sleep 1h"]\n    securityContext: ${ctrCtx}\n`;
}

describe('the identity of a container\'s processes', () => {
  test.each([
    ['the page\'s pod: runAsUser, runAsGroup, fsGroup and supplementalGroups', '{runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000]}', '{}', 'uid=1000 gid=3000 groups=2000,3000,4000\n'],
    ['the container\'s user and group over the pod\'s; the pod\'s groups stay', '{runAsUser: 1000, runAsGroup: 3000, supplementalGroups: [5000, 1500]}', '{runAsUser: 2000, runAsGroup: 2500}', 'uid=2000 gid=2500 groups=1500,2500,5000\n'],
    ['no securityContext: the image\'s root', '{}', '{}', 'uid=0(root) gid=0(root) groups=0(root)\n'],
  ])('%s', async (_name, podCtx, ctrCtx, expected) => {
    const c = new TestCluster();
    await c.ok('apply -f -', pod('demo', podCtx, ctrCtx));
    expect(await c.run('exec demo -- id')).toEqual({ stdout: expected, stderr: '', exitCode: 0 });
    expect(await c.run('exec -i demo -- sh', 'id\nexit\n')).toEqual({ stdout: expected, stderr: '', exitCode: 0 });
  });
});
