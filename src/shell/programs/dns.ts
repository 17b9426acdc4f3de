/** The lookup tools: nslookup (bind9, BusyBox ≥1.31, BusyBox 1.28 styles), dig, host, getent, and ping. */
import type { DnsAnswer } from '../../network/contracts.js';
import { candidateNames, lookup, nameserverReachable, pingable, resolveHost, type NetCtx } from '../../network/client.js';
import { busyboxBanner } from '../images.js';
import { result, type ExecResult, type Program, type ProgramCtx } from '../types.js';
import { hop, traceText } from '../../network/trace.js';
import { CONTAINER_LIMITS } from '../budget.js';

type QType = 'A' | 'SRV' | 'PTR' | 'AAAA' | 'CNAME' | 'ANY';

const IP_RE = /^\d+\.\d+\.\d+\.\d+$/;
/** What nslookup, host and dig print when no DNS server answers. */
const TIMED_OUT = ';; connection timed out; no servers could be reached\n';

function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

function nameserver(ctx: ProgramCtx): string {
  const conf = ctx.sys.fs.read('/etc/resolv.conf') ?? '';
  return /^nameserver\s+(\S+)/m.exec(conf)?.[1] ?? '10.96.0.10';
}

function netOf(ctx: ProgramCtx): NetCtx {
  return { ...ctx.sys.net, trace: ctx.sys.trace ? [] : undefined };
}

function clusterDomain(ctx: ProgramCtx): string {
  return ctx.sys.state.settings.clusterDomain || 'cluster.local';
}

function isClusterName(ctx: ProgramCtx, name: string): boolean {
  const d = clusterDomain(ctx);
  return name === d || name.endsWith(`.${d}`) || name.endsWith('.in-addr.arpa');
}

/** First answer along the search list (what a resolver that stops at the first hit returns). */
function searchLookup(net: NetCtx, name: string, type: QType): DnsAnswer {
  for (const cand of candidateNames(net, name)) {
    const a = lookup(net, cand, type);
    if (a.kind !== 'NXDOMAIN') return a;
  }
  return { kind: 'NXDOMAIN', name };
}

function ptrName(net: NetCtx, ip: string): string | undefined {
  const a = lookup(net, reverseName(ip), 'PTR');
  return a.kind === 'PTR' ? a.target.replace(/\.$/, '') : undefined;
}

function parseType(args: string[]): { type: QType; rest: string[] } {
  let type: QType = 'A';
  const rest: string[] = [];
  for (const a of args) {
    const m = /^-(?:type|query|q|t)=(\w+)$/i.exec(a);
    if (m) type = m[1]!.toUpperCase() as QType;
    else rest.push(a);
  }
  return { type, rest };
}

const nslookup: Program = (args, ctx) => {
  const style = ctx.sys.image.nslookup;
  const { type, rest } = parseType(args);
  const name = rest[0];
  const net = netOf(ctx);
  if (!name) {
    if (style === 'bind9') return result('> ');
    // Before 1.31 BusyBox's nslookup was the small gethostbyname-based one, with its own usage.
    if (style === 'busybox-1.28') return result('', `${busyboxBanner(ctx.sys.image)}\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n`, 1);
    return result('', `${busyboxBanner(ctx.sys.image)}\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n`, 1);
  }
  const ns = nameserver(ctx);
  const trace = () => traceText(net.trace ?? []);
  // A dropped query (NetworkPolicy) gets no answer at all: the resolver gives up after its retries.
  if (style !== 'busybox-1.28' && !nameserverReachable(net)) return result(`${TIMED_OUT}\n`, trace(), 1);
  if (style === 'busybox-1.28') return nslookup128(ctx, net, name, ns, trace);
  if (style === 'busybox') return nslookupBusybox(ctx, net, name, type, ns, trace);
  let out = `Server:\t\t${ns}\nAddress:\t${ns}#53\n\n`;
  if (IP_RE.test(name)) {
    const rev = reverseName(name);
    const a = lookup(net, rev, 'PTR');
    if (a.kind === 'PTR') return result(`${out}${rev}\tname = ${a.target.replace(/\.?$/, '.')}\n\n`, trace());
    return result(`${out}** server can't find ${rev}: NXDOMAIN\n\n`, trace(), 1);
  }
  const a = searchLookup(net, name, type === 'AAAA' ? 'AAAA' : type);
  if (a.kind === 'NXDOMAIN') return result(`${out}** server can't find ${name}: NXDOMAIN\n\n`, trace(), 1);
  if (!isClusterName(ctx, a.name)) out += 'Non-authoritative answer:\n';
  out += bind9Answer(a);
  return result(out + '\n', trace());
};

function bind9Answer(a: DnsAnswer): string {
  switch (a.kind) {
    case 'A':
      return a.ips.map((ip) => `Name:\t${a.name}\nAddress: ${ip}\n`).join('');
    case 'CNAME':
      return `${a.name}\tcanonical name = ${a.target.replace(/\.?$/, '.')}\n` + a.ips.map((ip) => `Name:\t${a.target.replace(/\.$/, '')}\nAddress: ${ip}\n`).join('');
    case 'SRV':
      return a.records.map((r) => `${a.name}\tservice = ${r.priority} ${r.weight} ${r.port} ${r.target.replace(/\.?$/, '.')}\n`).join('');
    case 'PTR':
      return `${a.name}\tname = ${a.target.replace(/\.?$/, '.')}\n`;
    default:
      return '';
  }
}

function nslookupBusybox(ctx: ProgramCtx, net: NetCtx, name: string, type: QType, ns: string, trace: () => string): ExecResult {
  let out = `Server:\t\t${ns}\nAddress:\t${ns}:53\n\n`;
  const dots = name.split('.').length - 1;
  const all = candidateNames(net, name);
  const cands = name.endsWith('.') ? all : dots === 0 ? all.filter((c) => c !== name) : all;
  const types: QType[] = type === 'A' ? ['A', 'AAAA'] : [type];
  const answers: string[] = [];
  const errors: string[] = [];
  for (const t of types) {
    for (const c of cands) {
      const a = lookup(net, c, t === 'AAAA' ? 'AAAA' : t);
      if (a.kind === 'NXDOMAIN') errors.push(`** server can't find ${c}: NXDOMAIN\n\n`);
      else if (t === 'AAAA' && a.kind === 'A') continue;
      else {
        let text = bind9Answer(a).replace(/canonical name = (.*)\.\n/, 'canonical name = $1\n');
        if (!text) continue;
        if (!isClusterName(ctx, c)) text = `Non-authoritative answer:\n${text}`;
        answers.push(text + '\n');
      }
    }
  }
  out += answers.join('') + errors.join('');
  return result(out, trace(), errors.length ? 1 : 0);
}

function nslookup128(ctx: ProgramCtx, net: NetCtx, name: string, ns: string, trace: () => string): ExecResult {
  const nsName = ptrName(net, ns);
  const out = `Server:    ${ns}\nAddress 1: ${ns}${nsName ? ` ${nsName}` : ''}\n\n`;
  const res = IP_RE.test(name) ? { ok: true as const, ips: [name] } : resolveHost(net, name);
  if (!res.ok) return result(out, `${trace()}nslookup: can't resolve '${name}'\n`, 1);
  let body = `Name:      ${name}\n`;
  res.ips.forEach((ip, i) => {
    const rn = ptrName(net, ip);
    body += `Address ${i + 1}: ${ip}${rn ? ` ${rn}` : ''}\n`;
  });
  void ctx;
  return result(out + body, trace());
}

const dig: Program = (args, ctx) => {
  const net = netOf(ctx);
  let short = false;
  let search = false;
  let type: QType = 'A';
  let name: string | undefined;
  let server: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '+short') short = true;
    else if (a === '+search') search = true;
    else if (a.startsWith('+')) continue;
    else if (a.startsWith('@')) server = a.slice(1);
    else if (a === '-t') type = (args[++i] ?? 'A').toUpperCase() as QType;
    else if (a === '-x') {
      name = reverseName(args[++i] ?? '');
      type = 'PTR';
    } else if (/^(A|AAAA|SRV|PTR|CNAME|ANY|MX|TXT|NS|SOA)$/.test(a.toUpperCase()) && (name !== undefined || args.slice(i + 1).some((x) => !x.startsWith('+') && !x.startsWith('@') && !x.startsWith('-')))) type = a.toUpperCase() as QType;
    else name = a;
  }
  if (name === undefined) name = '.';
  const ns = server ?? nameserver(ctx);
  if (!nameserverReachable(net)) return result(`\n; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> ${args.join(' ')}\n;; global options: +cmd\n${TIMED_OUT}`, traceText(net.trace ?? []), 9);
  const qname = name.replace(/\.$/, '');
  const answer = search ? searchLookup(net, qname, type) : lookup(net, qname, type);
  const fq = (n: string) => n.replace(/\.?$/, '.');
  const rdata = (a: DnsAnswer): [string, string, string][] => {
    switch (a.kind) {
      case 'A':
        return a.ips.map((ip) => [fq(a.name), 'A', ip]);
      case 'CNAME':
        return [[fq(a.name), 'CNAME', fq(a.target)], ...a.ips.map((ip): [string, string, string] => [fq(a.target), 'A', ip])];
      case 'SRV':
        return a.records.map((r) => [fq(a.name), 'SRV', `${r.priority} ${r.weight} ${r.port} ${fq(r.target)}`]);
      case 'PTR':
        return [[fq(a.name), 'PTR', fq(a.target)]];
      default:
        return [];
    }
  };
  const records = type === 'AAAA' && answer.kind === 'A' ? [] : rdata(answer);
  const tr = traceText(net.trace ?? []);
  if (short) return result(records.map((r) => `${r[2]}\n`).join(''), tr);
  const nx = answer.kind === 'NXDOMAIN';
  const domain = clusterDomain(ctx);
  const id = ctx.sys.env.runtimeRngFor(ctx.sys.pod?.metadata.namespace).int(65536);
  const authority = nx || (records.length === 0 && isClusterName(ctx, qname));
  let out = `\n; <<>> DiG 9.18.28-1~deb12u2-Debian <<>> ${args.join(' ')}\n;; global options: +cmd\n;; Got answer:\n`;
  out += `;; ->>HEADER<<- opcode: QUERY, status: ${nx ? 'NXDOMAIN' : 'NOERROR'}, id: ${id}\n`;
  out += `;; flags: qr ${isClusterName(ctx, qname) ? 'aa ' : ''}rd${isClusterName(ctx, qname) ? '' : ' ra'}; QUERY: 1, ANSWER: ${records.length}, AUTHORITY: ${authority ? 1 : 0}, ADDITIONAL: 1\n`;
  if (isClusterName(ctx, qname)) out += ';; WARNING: recursion requested but not available\n';
  out += `\n;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: 1232\n;; QUESTION SECTION:\n;${fq(qname)}\t\tIN\t${type}\n\n`;
  if (records.length) out += `;; ANSWER SECTION:\n${records.map(([n, t, v]) => `${n}\t30\tIN\t${t}\t${v}\n`).join('')}\n`;
  if (authority) out += `;; AUTHORITY SECTION:\n${isClusterName(ctx, qname) ? domain : ''}.\t30\tIN\tSOA\tns.dns.${domain}. hostmaster.${domain}. 1732229400 7200 1800 86400 30\n\n`;
  out += `;; Query time: 0 msec\n;; SERVER: ${ns}#53(${ns}) (UDP)\n;; WHEN: ${whenText(ctx)}\n;; MSG SIZE  rcvd: ${60 + records.length * 16}\n\n`;
  return result(out, tr);
};

function whenText(ctx: ProgramCtx): string {
  return ctx.sys.env.now().toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_m, d, day, mon, y, t) => `${d} ${mon} ${day} ${t} UTC ${y}`);
}

const host: Program = (args, ctx) => {
  const net = netOf(ctx);
  let type: QType | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-t') type = (args[++i] ?? 'A').toUpperCase() as QType;
    else if (!args[i]!.startsWith('-')) rest.push(args[i]!);
  }
  const name = rest[0];
  if (!name) return result('', 'Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]\n            [-R number] [-m flag] [-p port] hostname [server]\n', 1);
  const tr = () => traceText(net.trace ?? []);
  if (!nameserverReachable(net)) return result(TIMED_OUT, tr(), 1);
  if (IP_RE.test(name)) {
    const a = lookup(net, reverseName(name), 'PTR');
    if (a.kind === 'PTR') return result(`${reverseName(name)} domain name pointer ${a.target.replace(/\.?$/, '.')}\n`, tr());
    return result(`Host ${reverseName(name)} not found: 3(NXDOMAIN)\n`, tr(), 1);
  }
  const a = searchLookup(net, name, type ?? 'A');
  if (a.kind === 'NXDOMAIN') return result(`Host ${name} not found: 3(NXDOMAIN)\n`, tr(), 1);
  let out = '';
  if (a.kind === 'A') out = a.ips.map((ip) => `${a.name} has address ${ip}\n`).join('');
  if (a.kind === 'CNAME') out = `${a.name} is an alias for ${a.target.replace(/\.?$/, '.')}\n` + a.ips.map((ip) => `${a.target.replace(/\.$/, '')} has address ${ip}\n`).join('');
  if (a.kind === 'SRV') out = a.records.map((r) => `${a.name} has SRV record ${r.priority} ${r.weight} ${r.port} ${r.target.replace(/\.?$/, '.')}\n`).join('');
  return result(out, tr());
};

const getent: Program = (args, ctx) => {
  const [db, key] = args;
  if (db === 'passwd' || db === 'group') {
    const text = ctx.sys.fs.read(`/etc/${db}`) ?? '';
    const lines = text.split('\n').filter(Boolean).filter((l) => !key || l.split(':')[0] === key);
    return result(lines.map((l) => `${l}\n`).join(''), '', lines.length ? 0 : 2);
  }
  if (db !== 'hosts' && db !== 'ahosts') return result('', `Unknown database: ${db ?? ''}\n`, 1);
  if (!key) return result(ctx.sys.fs.read('/etc/hosts') ?? '');
  const hostsFile = (ctx.sys.fs.read('/etc/hosts') ?? '').split('\n').filter((l) => l && !l.startsWith('#'));
  for (const l of hostsFile) {
    const [ip, ...names] = l.split(/\s+/);
    if (names.includes(key) && ip && IP_RE.test(ip)) return result(`${ip.padEnd(15)} ${names.join(' ')}\n`);
  }
  const net = netOf(ctx);
  const res = resolveHost(net, key);
  if (!res.ok) return result('', '', 2);
  return result(res.ips.map((ip) => `${ip.padEnd(15)} ${res.fqdn}\n`).join(''));
};

/**
 * The wall-clock budget a simulated program runs under (the shell's budget, when the interpreter gives
 * one: ctx.budget.limits.wallMs), and the container default otherwise. TODO(shell budgets): once every
 * ProgramCtx carries the Budget, read it directly instead of duck-typing it here.
 */
function wallBudgetMs(ctx: Parameters<Program>[1]): number {
  return (ctx.budget?.limits ?? CONTAINER_LIMITS).wallMs;
}

/**
 * ping: one echo a second, `-c N` packets or until the `-w N` deadline, then the statistics. Without
 * either it keeps going like the real one: a non-interactive exec has no Ctrl-C, so it runs until the
 * program's time budget kills it (exit 137, no statistics, the kill notice on stderr).
 */
const ping: Program = (args, ctx) => {
  let count: number | undefined;
  let deadline: number | undefined;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-c') count = Number(args[++i]);
    else if (/^-c\d+$/.test(a)) count = Number(a.slice(2));
    else if (a === '-w') deadline = Number(args[++i]);
    else if (/^-w\d+$/.test(a)) deadline = Number(a.slice(2));
    else if (a === '-W' || a === '-i' || a === '-s') i++;
    else if (!a.startsWith('-')) target = a;
  }
  const busybox = ctx.sys.image.ping === 'busybox';
  if (!target) return result('', busybox ? `${busyboxBanner(ctx.sys.image)}\n\nUsage: ping [OPTIONS] HOST\n` : 'ping: usage error: Destination address required\n', busybox ? 1 : 2);
  const net = netOf(ctx);
  const res = resolveHost(net, target);
  if (!res.ok) return result('', busybox ? `ping: bad address '${target}'\n` : `ping: ${target}: Name or service not known\n`, busybox ? 1 : 2);
  const ip = res.ips[0]!;
  const replies = pingable(net, ip);
  const shown = IP_RE.test(target) ? target : busybox ? target : res.fqdn;
  const budgetS = Math.floor(wallBudgetMs(ctx) / 1000);
  const killed = count === undefined && deadline === undefined;
  // One echo a second: -c N sends N, -w N stops after N seconds, neither runs until the budget kills it.
  const sent = Math.max(0, count ?? (deadline !== undefined ? Math.max(1, deadline) : budgetS));
  const times = Array.from({ length: sent }, (_, i) => 0.061 + ((i * 17) % 40) / 1000);
  let out = busybox ? `PING ${shown} (${ip}): 56 data bytes\n` : `PING ${shown} (${ip}) 56(84) bytes of data.\n`;
  if (replies) times.forEach((t, i) => (out += busybox ? `64 bytes from ${ip}: seq=${i} ttl=64 time=${t.toFixed(3)} ms\n` : `64 bytes from ${ip}: icmp_seq=${i + 1} ttl=64 time=${t.toFixed(3)} ms\n`));
  if (!replies) net.trace?.push(hop.note(`${ip} gives no ICMP reply: ${ctx.sys.state.settings.proxyMode === 'iptables' || ctx.sys.state.settings.proxyMode === 'userspace' ? 'a cluster IP is virtual (only iptables DNAT rules for its ports exist)' : 'nothing answers there'}`));
  const tr = traceText(net.trace ?? []);
  if (killed) return result(out, `${tr}kube-sim: program killed: it ran longer than ${budgetS} s (the wall-clock budget of a simulated program)\n`, 137);
  out += `\n--- ${shown} ping statistics ---\n`;
  const got = replies ? sent : 0;
  const loss = replies ? 0 : 100;
  if (busybox) {
    out += `${sent} packets transmitted, ${got} packets received, ${loss}% packet loss\n`;
    if (replies && sent) out += `round-trip min/avg/max = ${Math.min(...times).toFixed(3)}/${(times.reduce((a, b) => a + b, 0) / sent).toFixed(3)}/${Math.max(...times).toFixed(3)} ms\n`;
  } else {
    out += `${sent} packets transmitted, ${got} received, ${loss}% packet loss, time ${Math.max(0, sent - 1) * 1001 + (replies ? 2 : 49)}ms\n`;
    if (!replies) out += '\n';
    if (replies && sent) out += `rtt min/avg/max/mdev = ${Math.min(...times).toFixed(3)}/${(times.reduce((a, b) => a + b, 0) / sent).toFixed(3)}/${Math.max(...times).toFixed(3)}/0.012 ms\n`;
  }
  return result(out, tr, replies ? 0 : 1);
};

export const dnsPrograms: Record<string, Program> = { nslookup, dig, host, getent, ping };
