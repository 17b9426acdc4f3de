/**
 * In-process runs reuse the commander program built for an earlier run of a command of the same module
 * (program.ts acquireProgram): nothing of one run's flags, output streams or exit code may reach the next,
 * and runs at the same time do not share a program.
 */
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../../src/cli/main.js';
import { MemoryStore } from '../../src/store/store.js';

const SVC = 'NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   5m\n';

describe('a program kept for the next run', () => {
  it("starts each run from the flags' defaults, with its own streams and exit code", async () => {
    const store = new MemoryStore();
    const run = (line: string) => runCaptured(line.split(' '), { store });
    expect(await run('get svc')).toEqual({ stdout: SVC, stderr: '', exitCode: 0 });
    // Flags of one run (output, namespace, selector, a repeated flag) are gone in the next.
    expect((await run('get svc -o name -n kube-system')).stdout).toBe('service/kube-dns\n');
    expect((await run('get svc -l a=b -l c=d')).stderr).toBe('No resources found in default namespace.\n');
    expect(await run('get svc')).toEqual({ stdout: SVC, stderr: '', exitCode: 0 });
    // A failed run's exit code and a parse error do not stick either.
    expect(await run('get svc nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', exitCode: 1 });
    expect((await run('get svc --bogus')).stderr).toBe("error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
    expect(await run('get svc')).toEqual({ stdout: SVC, stderr: '', exitCode: 0 });
    // Another store: the kept program's harness serves this run's io, not the last one's.
    const other = new MemoryStore();
    expect((await runCaptured(['create', 'service', 'clusterip', 'web', '--tcp=80:8080'], { store: other })).stdout).toBe('service/web created\n');
    expect((await runCaptured(['get', 'svc', '-o', 'name'], { store: other })).stdout).toBe('service/kubernetes\nservice/web\n');
    expect((await run('get svc -o name')).stdout).toBe('service/kubernetes\n');
  });

  it('is not shared by runs at the same time', async () => {
    const a = new MemoryStore();
    const b = new MemoryStore();
    await runCaptured(['create', 'service', 'clusterip', 'only-in-b', '--tcp=80'], { store: b });
    const [ra, rb, rc] = await Promise.all([
      runCaptured(['get', 'svc', '-o', 'name'], { store: a }),
      runCaptured(['get', 'svc', '-o', 'name'], { store: b }),
      runCaptured(['get', 'svc', '-n', 'kube-system', '-o', 'name'], { store: a }),
    ]);
    expect(ra.stdout).toBe('service/kubernetes\n');
    expect(rb.stdout).toBe('service/kubernetes\nservice/only-in-b\n');
    expect(rc.stdout).toBe('service/kube-dns\n');
  });
});
