/**
 * What kubernetes.io's Configure Pods and Containers pages rely on inside containers: the debian and redis
 * images, dash's echo, apt-get offline, `kill 1` restarting a container whose program handles the signal,
 * runc's error for a program named by path, the kubelet's annotations in the downward API, and postStart
 * exec handlers. Each compares the full output of the commands a page runs.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

/** A one-container pod manifest. */
function pod(name: string, image: string, extra = ''): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: ${image}\n${extra}`;
}

describe('Configure Pods and Containers pages', () => {
  test("dash's echo (Debian's /bin/sh) interprets backslash escapes and takes only -n; bash's and BusyBox's do not", async () => {
    const c = new TestCluster();
    await c.ok('apply -f -', pod('web', 'nginx'));
    await c.ok('apply -f -', pod('bb', 'busybox', '    command: ["sleep", "3600"]\n'));
    expect(await c.runArgv(['exec', 'web', '--', '/bin/sh', '-c', 'echo "a\\nb\\n"; echo -e x; echo -n "c\\tz"'])).toEqual({ stdout: 'a\nb\n\n-e x\nc\tz', stderr: '', exitCode: 0 });
    expect(await c.runArgv(['exec', 'web', '--', '/bin/bash', '-c', 'echo "a\\nb"'])).toEqual({ stdout: 'a\\nb\n', stderr: '', exitCode: 0 });
    expect(await c.runArgv(['exec', 'bb', '--', 'sh', '-c', 'echo "a\\nb"'])).toEqual({ stdout: 'a\\nb\n', stderr: '', exitCode: 0 });
  });

  test('a program named by path that the image lacks is stat failing, as runc says (a bare name is a $PATH search)', async () => {
    const c = new TestCluster();
    await c.ok('apply -f https://k8s.io/examples/pods/inject/envars.yaml');
    const r = await c.run('exec envar-demo -- /bin/sh');
    expect(r.stderr.replace(/exec "[0-9a-f]{64}"/, 'exec "ID"')).toBe(
      'error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "ID": OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown\n',
    );
    expect(r.exitCode).toBe(1);
  });

  test("the downward API's annotations include the kubelet's config.seen and config.source", async () => {
    const c = new TestCluster();
    await c.ok('create -f https://k8s.io/examples/pods/inject/dapi-volume.yaml');
    const uid = (await c.ok("get pod kubernetes-downwardapi-volume-example -o jsonpath={.metadata.uid}")).replace(/-/g, '');
    const nanos = String(parseInt(uid.slice(-8), 16) % 1e9).padStart(9, '0').replace(/0+$/, '');
    expect(await c.ok('exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/annotations')).toBe(
      `build="two"\nbuilder="john-doe"\nkubernetes.io/config.seen="2026-11-21T22:50:00.${nanos}Z"\nkubernetes.io/config.source="api"`,
    );
    expect(await c.ok('exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/labels')).toBe('cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"');
  });

  test('debian runs its command; apt-get answers offline: update warns and exits 0, install cannot locate a missing package', async () => {
    const c = new TestCluster();
    await c.ok('apply -f https://k8s.io/examples/pods/commands.yaml');
    expect(await c.ok('logs command-demo')).toBe('command-demo\ntcp://10.96.0.1:443\n');
    await c.ok('apply -f -', pod('deb', 'debian', '    command: ["sleep", "infinity"]\n'));
    expect(await c.run('exec deb -- apt-get update')).toEqual({
      stdout:
        'Ign:1 http://deb.debian.org/debian bookworm InRelease\nIgn:2 http://deb.debian.org/debian bookworm-updates InRelease\nIgn:3 http://deb.debian.org/debian-security bookworm-security InRelease\n'.repeat(3) +
        "Err:1 http://deb.debian.org/debian bookworm InRelease\n  Temporary failure resolving 'deb.debian.org'\nErr:2 http://deb.debian.org/debian bookworm-updates InRelease\n  Temporary failure resolving 'deb.debian.org'\nErr:3 http://deb.debian.org/debian-security bookworm-security InRelease\n  Temporary failure resolving 'deb.debian.org'\n" +
        'Reading package lists...\n',
      stderr:
        "W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  Temporary failure resolving 'deb.debian.org'\nW: Failed to fetch http://deb.debian.org/debian/dists/bookworm-updates/InRelease  Temporary failure resolving 'deb.debian.org'\nW: Failed to fetch http://deb.debian.org/debian-security/dists/bookworm-security/InRelease  Temporary failure resolving 'deb.debian.org'\n" +
        'W: Some index files failed to download. They have been ignored, or old ones used instead.\n',
      exitCode: 0,
    });
    expect(await c.run('exec deb -- apt-get install procps')).toEqual({
      stdout: 'Reading package lists...\nBuilding dependency tree...\nReading state information...\n',
      stderr: 'E: Unable to locate package procps\ncommand terminated with exit code 100\n',
      exitCode: 100,
    });
    expect(await c.runArgv(['exec', 'deb', '--', 'bash', '-c', 'ps aux'])).toEqual({ stdout: '', stderr: 'bash: ps: command not found\ncommand terminated with exit code 127\n', exitCode: 127 });
  });

  test('redis keeps running and answers redis-cli; kill 1 ends redis-server, the container restarts and its emptyDir keeps the file', async () => {
    const c = new TestCluster();
    await c.ok('apply -f https://k8s.io/examples/pods/storage/redis.yaml');
    expect(await c.ok('exec redis -- redis-cli ping')).toBe('PONG\n');
    await c.runArgv(['exec', 'redis', '--', 'bash', '-c', 'echo Hello > /data/redis/test-file']);
    expect(await c.runArgv(['exec', 'redis', '--', 'bash', '-c', 'kill 1'])).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.ok('get pod redis')).toBe('NAME    READY   STATUS    RESTARTS     AGE\nredis   1/1     Running   1 (0s ago)   0s\n');
    expect(await c.ok("get pod redis -o jsonpath={.status.containerStatuses[0].lastState.terminated.reason}")).toBe('Completed');
    expect(await c.ok('exec redis -- cat /data/redis/test-file')).toBe('Hello\n');
    expect(await c.runArgv(['exec', 'redis', '--', 'bash', '-c', 'kill 7'])).toEqual({ stdout: '', stderr: 'bash: kill: (7) - No such process\ncommand terminated with exit code 1\n', exitCode: 1 });
    // Without procps there is no /bin/kill: only the shells' builtin.
    expect((await c.run('exec redis -- kill 1')).stderr).toContain('exec: "kill": executable file not found in $PATH: unknown\n');
  });

  test('kill 1 does nothing to a main process without a handler (init ignores the signal)', async () => {
    const c = new TestCluster();
    await c.ok('apply -f -', pod('sleeper', 'busybox', '    command: ["sleep", "3600"]\n'));
    expect(await c.run('exec sleeper -- kill 1')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(await c.runArgv(['exec', 'sleeper', '--', 'sh', '-c', 'kill 7'])).toEqual({ stdout: '', stderr: "sh: can't kill pid 7: No such process\ncommand terminated with exit code 1\n", exitCode: 1 });
    expect(await c.ok('get pod sleeper')).toBe('NAME      READY   STATUS    RESTARTS   AGE\nsleeper   1/1     Running   0          0s\n');
  });

  test("a postStart exec handler runs when the container starts; a failing one is the kubelet's FailedPostStartHook event", async () => {
    const c = new TestCluster();
    await c.ok('apply -f https://k8s.io/examples/pods/lifecycle-events.yaml');
    expect(await c.ok('exec lifecycle-demo -- cat /usr/share/message')).toBe('Hello from the postStart handler\n');
    await c.ok('apply -f -', pod('hook', 'nginx', '    lifecycle:\n      postStart:\n        exec:\n          command: ["/bin/sh", "-c", "echo oops >&2; exit 3"]\n'));
    const uid = await c.ok('get pod hook -o jsonpath={.metadata.uid}');
    expect(await c.ok('events --for pod/hook --types Warning')).toBe(
      'LAST SEEN   TYPE      REASON                OBJECT     MESSAGE\n' +
        `0s          Warning   FailedPostStartHook   Pod/hook   Exec lifecycle hook ([/bin/sh -c echo oops >&2; exit 3]) for Container "c" in Pod "hook_default(${uid})" failed - error: command '/bin/sh -c echo oops >&2; exit 3' exited with 3: oops\n, message: "oops\\n"\n`,
    );
  });
});

describe('the Assign CPU Resources page', () => {
  test('vish/stress logs its plan and a line per -cpus thread, as glog to stderr does; it has no shell', async () => {
    const c = new TestCluster();
    await c.ok('create namespace cpu-example');
    await c.ok('apply -f https://k8s.io/examples/pods/resource/cpu-request-limit.yaml --namespace=cpu-example');
    const logs = await c.ok('logs cpu-demo --namespace=cpu-example');
    expect(logs.replace(/\.\d{6} /g, '.MICROS ')).toBe(
      'I1121 22:50:00.MICROS       1 main.go:26] Allocating "0" memory, in "4Ki" chunks, with a 1ms sleep between allocations\n' +
        'I1121 22:50:00.MICROS       1 main.go:39] Spawning a thread to consume CPU\n' +
        'I1121 22:50:00.MICROS       1 main.go:39] Spawning a thread to consume CPU\n' +
        'I1121 22:50:00.MICROS       1 main.go:29] Allocated "0" memory\n',
    );
    expect(await c.ok('get pod cpu-demo --namespace=cpu-example')).toBe('NAME       READY   STATUS    RESTARTS   AGE\ncpu-demo   1/1     Running   0          0s\n');
    expect((await c.run('exec cpu-demo --namespace=cpu-example -- sh')).stderr).toContain('exec: "sh": executable file not found in $PATH: unknown\n');
  });
});

describe('the Expose Pod Information Through Files page', () => {
  test("BusyBox's ls -laR shows the kubelet's atomic-writer layout: tmpfs sizes, ..data and each key as links", async () => {
    const c = new TestCluster();
    await c.ok('create -f https://k8s.io/examples/pods/inject/dapi-volume.yaml');
    const out = await c.ok('exec kubernetes-downwardapi-volume-example -- ls -laR /etc/podinfo');
    const stamp = /\.\.(\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d{9})/.exec(out)?.[1];
    expect(stamp).toMatch(/^2026_11_21_22_50_00\./);
    // The annotations file's size follows config.seen's nanoseconds (trailing zeros trimmed).
    const annotations = Buffer.byteLength(await c.ok('exec kubernetes-downwardapi-volume-example -- cat /etc/podinfo/annotations'));
    expect(out).toBe(
      '/etc/podinfo:\ntotal 0\n' +
        'drwxrwxrwt    3 root     root           120 Nov 21 22:50 .\n' +
        'drwxr-xr-x    1 root     root          4096 Nov 21 22:50 ..\n' +
        `drwxr-xr-x    2 root     root            80 Nov 21 22:50 ..${stamp}\n` +
        `lrwxrwxrwx    1 root     root            31 Nov 21 22:50 ..data -> ..${stamp}\n` +
        'lrwxrwxrwx    1 root     root            18 Nov 21 22:50 annotations -> ..data/annotations\n' +
        'lrwxrwxrwx    1 root     root            13 Nov 21 22:50 labels -> ..data/labels\n' +
        `\n/etc/podinfo/..${stamp}:\ntotal 8\n` +
        'drwxr-xr-x    2 root     root            80 Nov 21 22:50 .\n' +
        'drwxrwxrwt    3 root     root           120 Nov 21 22:50 ..\n' +
        `-rw-r--r--    1 root     root     ${String(annotations).padStart(9)} Nov 21 22:50 annotations\n` +
        '-rw-r--r--    1 root     root            58 Nov 21 22:50 labels\n',
    );
    expect(await c.ok('exec kubernetes-downwardapi-volume-example -- ls -l /etc/podinfo/labels')).toBe('lrwxrwxrwx    1 root     root            13 Nov 21 22:50 /etc/podinfo/labels -> ..data/labels\n');
  });
});
