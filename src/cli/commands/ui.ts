/**
 * `kube-sim ui [--port N] [--open]`: a live picture of the cluster on http://127.0.0.1:PORT/ that follows
 * the state as other kube-sim commands change it, shows a selected Service's describe text and
 * kube-proxy rules or a pod's environment, resolv.conf and readiness, and draws traced requests hop by
 * hop (sent from the page, or by `curl --trace` / `exec ... -- curl --trace` while it runs).
 */
import type { Command } from 'commander';
import { spawn } from 'node:child_process';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';

interface UiFlags {
  port: string;
  open?: boolean;
}

/** Ask the desktop to open the page; a machine without one simply does not. */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    /* no browser to open */
  }
}

export function register(program: Command, h: Harness): void {
  program
    .command('ui')
    .description('kube-sim: a live picture of the cluster in the browser, on 127.0.0.1 (Services, endpoints, traced requests)')
    .option('--port <n>', 'Port to listen on (0 picks a free one)', '8002')
    .option('--open', 'Open the page in the default browser')
    .action(h.action<UiFlags>(async (ctx, _args, opts) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port "${opts.port}"`);
      const { startUi } = await import('../../ui/server.js');
      const ui = await startUi(ctx.io, ctx.globals, { port });
      const url = `http://127.0.0.1:${ui.port}/`;
      ctx.out(`kube-sim ui: ${url} (Ctrl-C to stop)\n`);
      if (opts.open) openBrowser(url);
      // Runs until interrupted; Ctrl-C removes the trace inbox beside the state before the process ends.
      await new Promise<void>((resolve) => {
        const stopped = () => void ui.close().then(resolve);
        const release = ctx.io.onInterrupt?.(() => {
          release?.();
          stopped();
        });
        ctx.io.signal?.addEventListener('abort', stopped, { once: true });
      });
    }));
}
