/**
 * A container whose process is `tail -f FILE` logs what is appended to that file, as the streaming
 * sidecars of kubernetes.io's Logging Architecture and Sidecar Containers pages do: the file's last lines
 * (or from line N with `-n+N`) at start, then each whole line as another container's loop (or an exec)
 * writes it; `-F` waits for a file that is not there yet and says when it appears.
 */
import { describe, expect, test } from 'vitest';
import { TestCluster } from '../helpers.js';

const STREAMING = `apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox:1.28
    args: [/bin/sh, -c, 'i=0; while true; do echo "$i" >> /var/log/1.log; i=$((i+1)); sleep 1; done']
    volumeMounts: [{name: varlog, mountPath: /var/log}]
  - name: count-log-1
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/1.log']
    volumeMounts: [{name: varlog, mountPath: /var/log}]
  - name: debian-tail
    image: nginx
    command: [tail, -f, /var/log/1.log]
    volumeMounts: [{name: varlog, mountPath: /var/log}]
  volumes:
  - name: varlog
    emptyDir: {}
`;

describe('tail -f as a container process', () => {
  test("a streaming sidecar logs the other container's lines as they are written, dated then", async () => {
    const c = new TestCluster();
    c.file('streaming.yaml', STREAMING);
    await c.ok('create -f streaming.yaml');
    await c.ok('advance 3s');
    expect(await c.ok('logs counter -c count-log-1 --timestamps')).toBe(
      '2026-11-21T22:50:00.000000000Z 0\n2026-11-21T22:50:01.000000000Z 1\n2026-11-21T22:50:02.000000000Z 2\n2026-11-21T22:50:03.000000000Z 3\n',
    );
    // GNU tail -f (nginx's Debian) starts with the last 10 lines (here: the one line there was at its start).
    expect(await c.ok('logs counter -c debian-tail')).toBe('0\n1\n2\n3\n');
    // tail looks at its file every second: what an exec appends shows within one; a truncation is noticed.
    await c.ok("exec counter -c count -- sh -c 'echo from-exec >> /var/log/1.log'");
    expect(await c.ok('logs counter -c count-log-1 --tail=1')).toBe('3\n');
    await c.ok('advance 1s');
    expect(await c.ok('logs counter -c count-log-1 --tail=2')).toBe('from-exec\n4\n');
    await c.ok("exec counter -c count -- sh -c ': > /var/log/1.log'");
    await c.ok('advance 1s');
    expect(await c.ok('logs counter -c count-log-1 --tail=2')).toBe('tail: /var/log/1.log: file truncated\n5\n');
  });

  test('-F waits for a file that is not there yet (a native sidecar started before its app)', async () => {
    const c = new TestCluster();
    await c.ok(
      `run myapp --image=alpine --overrides='{"spec":{"initContainers":[{"name":"logshipper","image":"alpine","restartPolicy":"Always","command":["sh","-c","tail -F /opt/logs.txt"],"volumeMounts":[{"name":"data","mountPath":"/opt"}]}],"containers":[{"name":"myapp","image":"alpine","command":["sh","-c","while true; do echo logging >> /opt/logs.txt; sleep 1; done"],"volumeMounts":[{"name":"data","mountPath":"/opt"}]}],"volumes":[{"name":"data","emptyDir":{}}]}}'`,
    );
    await c.ok('advance 1s');
    expect(await c.ok('logs myapp -c logshipper')).toBe(
      "tail: can't open '/opt/logs.txt': No such file or directory\ntail: /opt/logs.txt has appeared; following end of new file\nlogging\nlogging\n",
    );
    // Plain -f on a missing file gives up, as GNU tail does.
    await c.ok(`run gone --image=nginx --restart=Never --command -- tail -f /nothing`);
    expect(await c.ok('logs gone')).toBe("tail: cannot open '/nothing' for reading: No such file or directory\ntail: no files remaining\n");
    expect(await c.ok("get pod gone -o jsonpath='{.status.phase}'")).toBe('Failed');
  });
});
