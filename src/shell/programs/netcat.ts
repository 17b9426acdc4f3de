/**
 * `nc -z` (port scanning: is anything listening?) over the simulated network: OpenBSD netcat's messages on
 * images that ship it (netshoot, agnhost), BusyBox's elsewhere. Only the connection is made, so the
 * application sees nothing. Sending data (`nc HOST PORT` with input) and UDP are not simulated.
 */
import { connect, resolveHost, type NetCtx } from '../../network/client.js';
import { traceText } from '../../network/trace.js';
import { result, type ExecResult, type Program, type ProgramCtx } from '../types.js';

/** Service names of /etc/services for the ports tutorials probe. */
const SERVICES: Record<number, string> = { 21: 'ftp', 22: 'ssh', 23: 'telnet', 25: 'smtp', 53: 'domain', 80: 'http', 110: 'pop3', 143: 'imap2', 443: 'https', 3306: 'mysql', 5432: 'postgresql', 6379: 'redis', 8080: 'http-alt' };

function ports(spec: string): number[] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (from < 1 || to > 65535 || to < from || to - from > 1024) return undefined;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export const nc: Program = (args, ctx) => {
  const openbsd = ctx.sys.image.programs.has('ss') || ctx.sys.image.family !== 'busybox';
  let zero = false;
  let verbose = false;
  let wait: number | undefined;
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'z') zero = true;
        else if (c === 'v') verbose = true;
        else if (c === 'n') continue;
        else if (c === 'w') {
          wait = Number(j + 1 < a.length ? a.slice(j + 1) : args[++i]);
          break;
        } else {
          ctx.sys.unsupported?.(`nc -${c} is not simulated (nc -z [-v] [-w N] HOST PORT is)`);
          return result('', `nc: invalid option -- '${c}'\n`, 1);
        }
      }
    } else words.push(a);
  }
  const [host, ...portArgs] = words;
  if (!zero || !host || !portArgs.length) {
    ctx.sys.unsupported?.('only port checks (nc -z [-v] [-w N] HOST PORT) are simulated');
    return result('', openbsd ? 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]\n' : 'nc: this simulated nc only checks ports (nc -z HOST PORT)\n', 1);
  }
  const net: NetCtx = { ...ctx.sys.net, trace: ctx.sys.trace ? [] : undefined };
  const res = resolveHost(net, host);
  if (!res.ok) return result('', openbsd ? `nc: getaddrinfo for host "${host}" port ${portArgs[0]}: Name does not resolve\n` : `nc: bad address '${host}'\n`, 1);
  const ip = res.ips[0]!;
  let err = '';
  let code = 0;
  for (const spec of portArgs) {
    const list = ports(spec);
    if (!list) return result('', openbsd ? `nc: port range not valid\n` : `nc: bad port '${spec}'\n`, 1);
    for (const port of list) {
      const r = probe(ctx, net, ip, port, host, openbsd, verbose, wait);
      err += r.stderr;
      if (r.exitCode !== 0) code = 1;
    }
  }
  return result('', err + traceText(net.trace ?? []), code);
};

function probe(ctx: ProgramCtx, net: NetCtx, ip: string, port: number, host: string, openbsd: boolean, verbose: boolean, wait: number | undefined): ExecResult {
  void ctx;
  const conn = connect(net, ip, port, { method: 'GET', path: '/', headers: {}, scheme: 'http', connectOnly: true });
  if (conn.ok) {
    if (!verbose) return result();
    return result('', openbsd ? `Connection to ${host} ${port} port [tcp/${SERVICES[port] ?? '*'}] succeeded!\n` : `${host} (${ip}:${port}) open\n`);
  }
  const timedOut = conn.error === 'timeout';
  // Both report a failed connection only when asked to be verbose.
  if (!verbose) return result('', '', 1);
  if (openbsd) {
    if (timedOut && wait === undefined) return result('', `nc: connect to ${host} port ${port} (tcp) failed: Connection timed out\n`, 1);
    return result('', timedOut ? `nc: connect to ${host} port ${port} (tcp) timed out: Operation now in progress\n` : `nc: connect to ${host} port ${port} (tcp) failed: Connection refused\n`, 1);
  }
  return result('', timedOut ? `nc: ${host} (${ip}:${port}): Connection timed out\n` : `nc: ${host} (${ip}:${port}): Connection refused\n`, 1);
}
