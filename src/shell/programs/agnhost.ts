/**
 * agnhost run by hand (`kubectl exec POD -- /agnhost dns-suffix`): the subcommands that print and exit read
 * the container's files as agnhost does; the servers and `pause` print what they print at start and then
 * wait, which on a terminal ends with Ctrl-C (exit 130). Subcommands kube-sim does not simulate fail as
 * cobra does for an unknown command.
 */
import { imageTag } from '../../network/images.js';
import { result, type Program, type ProgramCtx } from '../types.js';

/** The first line of /etc/resolv.conf starting with `word`, split on spaces after the word. */
function resolvLine(ctx: ProgramCtx, word: string): string[] | undefined {
  const conf = ctx.sys.fs.read('/etc/resolv.conf') ?? '';
  const line = conf.split('\n').find((l) => l.startsWith(word));
  return line?.split(' ').slice(1);
}

/** Go's panic output for a panic(string) in the main goroutine. */
function panicked(message: string): ReturnType<Program> {
  return result('', `panic: ${message}\n\ngoroutine 1 [running]:\n`, 2);
}

const SUBCOMMANDS = 'audit-proxy connect crd-conversion-webhook dns-server-list dns-suffix entrypoint-tester etc-hosts fake-gitserver guestbook help inclusterclient liveness logs-generator mounttest net netexec nettest no-snat-test no-snat-test-proxy pause port-forward-tester porter resource-consumer-controller serve-hostname test-webserver webhook';

export const agnhost: Program = (args, ctx) => {
  const sub = args[0];
  const version = imageTag(ctx.sys.pod ? ((ctx.sys.pod.spec as { containers?: { name: string; image?: string }[] }).containers?.find((c) => c.name === ctx.sys.container)?.image ?? '') : '');
  switch (sub) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return result(`Usage:\n  app [command]\n\nAvailable Commands:\n${SUBCOMMANDS.split(' ').map((c) => `  ${c}\n`).join('')}\nUse "app [command] --help" for more information about a command.\n`);
    case '--version':
    case '-v':
      return result(`app version ${version}\n`);
    case 'dns-suffix': {
      const list = resolvLine(ctx, 'search');
      return list ? result(`${list.join(',')}\n`) : panicked('Could not find DNS search list!');
    }
    case 'dns-server-list': {
      const list = resolvLine(ctx, 'nameserver');
      return list ? result(`${list.join(',')}\n`) : panicked('Could not find DNS search list!');
    }
    case 'etc-hosts':
      return result(`${ctx.sys.fs.read('/etc/hosts') ?? ''}\n`);
    case 'pause':
      return result('Paused\n', '', 130);
    case 'netexec':
    case 'serve-hostname':
      // A second server in the same container finds its port taken by the first.
      return result('', `${new Date(ctx.sys.env.now()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/-/g, '/')} listen tcp :${sub === 'netexec' ? 8080 : 9376}: bind: address already in use\n`, 1);
    default:
      if (SUBCOMMANDS.split(' ').includes(sub)) {
        ctx.sys.unsupported?.(`agnhost ${sub} is not simulated`);
        return result('', `agnhost ${sub}: this simulated subcommand is not available\n`, 126);
      }
      return result('', `Error: unknown command "${sub}" for "app"\nRun 'app --help' for usage.\n`, 1);
  }
};
