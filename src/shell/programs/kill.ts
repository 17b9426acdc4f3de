/**
 * kill inside a container, where PID 1 is the container's main process. A signal to it ends the container
 * only when that program handles the signal (redis-server and nginx shut down cleanly on TERM, INT and
 * QUIT, exit 0): the kernel drops signals a namespace's init has no handler for, KILL included, so
 * `kill 1` in a sleep or node container changes nothing. The kubelet then restarts the container by its
 * restartPolicy, as the Configure a Pod to Use a Volume page shows. Other PIDs do not exist here.
 */
import { result, type Program } from '../types.js';
import { signalMainProcess } from '../main-process.js';

export const kill: Program = (args, ctx) => {
  let signal = 'TERM';
  const pids: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-s' || a === '-n') signal = (args[++i] ?? '').replace(/^SIG/, '');
    else if (/^-\w+$/.test(a)) signal = a.slice(1).replace(/^SIG/, '');
    else pids.push(a);
  }
  if (!pids.length) return result('', 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n', 2);
  let err = '';
  for (const pid of pids) {
    if (pid === '1' && ctx.sys.pod) signalMainProcess(ctx.sys, signal);
    else err += `kill: (${pid}) - No such process\n`;
  }
  return result('', err, err ? 1 : 0);
};
