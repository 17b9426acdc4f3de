/** curl (7.88) and wget (BusyBox or GNU) over the simulated network. */
import { X509Certificate } from 'node:crypto';
import type { HttpResponse } from '../../network/contracts.js';
import { connect, resolveHost, tlsPeer, type NetCtx } from '../../network/client.js';
import { resolvePath } from '../fs.js';
import { busyboxBanner } from '../images.js';
import { result, type ExecResult, type Program, type ProgramCtx } from '../types.js';
import { hop, traceOrigin, traceText, type Trace } from '../../network/trace.js';

export interface ParsedUrl {
  scheme: string;
  host: string;
  port: number;
  path: string;
  hostHeader: string;
}

export function parseUrl(raw: string): ParsedUrl | null {
  const m = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):\/\/)?([^/:?#]*)(?::(\d*))?([^#]*)/.exec(raw);
  if (!m) return null;
  const scheme = (m[1] ?? 'http').toLowerCase();
  const host = m[2] ?? '';
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  const path = m[4] || '/';
  const defaultPort = (scheme === 'https' && port === 443) || (scheme === 'http' && port === 80);
  return { scheme, host, port, path: path.startsWith('/') ? path : `/${path}`, hostHeader: defaultPort ? host : `${host}:${port}` };
}

interface CurlOpts {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  insecure: boolean;
  fail: boolean;
  maxTime?: number;
  output?: string;
  method?: string;
  data?: string;
  writeOut?: string;
  headers: string[];
  resolve: string[];
  /** --cacert: the CA bundle that verifies the server's certificate. */
  cacert?: string;
  urls: string[];
  trace: boolean;
  /** -L: follow redirects (ingress 308s, the public sites' 301s). */
  location: boolean;
  /** -O: save to a file named as the URL's last path segment. */
  remoteName: boolean;
}

const WITH_ARG: Record<string, keyof CurlOpts> = {
  '-H': 'headers', '--header': 'headers', '-m': 'maxTime', '--max-time': 'maxTime', '--connect-timeout': 'maxTime',
  '-o': 'output', '--output': 'output', '-X': 'method', '--request': 'method', '-d': 'data', '--data': 'data',
  '--data-raw': 'data', '--data-binary': 'data', '-w': 'writeOut', '--write-out': 'writeOut', '--resolve': 'resolve',
  '-A': 'headers', '--user-agent': 'headers', '--cacert': 'cacert',
};
const SHORT_BOOL: Record<string, keyof CurlOpts> = { s: 'silent', S: 'showError', v: 'verbose', i: 'include', I: 'head', k: 'insecure', f: 'fail', L: 'location', O: 'remoteName' };
const LONG_BOOL: Record<string, keyof CurlOpts> = { '--silent': 'silent', '--show-error': 'showError', '--verbose': 'verbose', '--include': 'include', '--head': 'head', '--insecure': 'insecure', '--fail': 'fail', '--trace': 'trace', '--location': 'location', '--remote-name': 'remoteName' };

function parseCurl(args: string[]): CurlOpts | string {
  const o: CurlOpts = { silent: false, showError: false, verbose: false, include: false, head: false, insecure: false, fail: false, headers: [], resolve: [], urls: [], trace: false, location: false, remoteName: false };
  const set = (key: keyof CurlOpts, value: string, flag: string) => {
    if (key === 'headers') o.headers.push(flag === '-A' || flag === '--user-agent' ? `User-Agent: ${value}` : value);
    else if (key === 'resolve') o.resolve.push(value);
    else if (key === 'maxTime') o.maxTime = Number(value);
    else (o as unknown as Record<string, unknown>)[key] = value;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (name in LONG_BOOL) (o as unknown as Record<string, boolean>)[LONG_BOOL[name]!] = true;
      else if (name in WITH_ARG) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) return `curl: option ${name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`;
        set(WITH_ARG[name]!, v, name);
      } else if (name === '--url') o.urls.push(args[++i] ?? '');
      else if (name === '--no-progress-meter' || name === '--compressed' || name === '--http1.1') continue;
      else return `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c in SHORT_BOOL) (o as unknown as Record<string, boolean>)[SHORT_BOOL[c]!] = true;
        else if (`-${c}` in WITH_ARG) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return `curl: option -${c}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n`;
          set(WITH_ARG[`-${c}`]!, v, `-${c}`);
          break;
        } else return `curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`;
      }
    } else o.urls.push(a);
  }
  return o;
}

const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

function meterSize(n: number): string {
  return n >= 100000 ? `${Math.round(n / 1024)}k` : String(n);
}

function meterLine(bytes: number): string {
  const pct = bytes > 0 ? 100 : 0;
  const speed = bytes * 250;
  return `${String(pct).padStart(3)} ${meterSize(bytes).padStart(5)}  ${String(pct).padStart(3)} ${meterSize(bytes).padStart(5)}  ${'0'.padStart(3)} ${'0'.padStart(5)}  ${meterSize(speed).padStart(5)}  ${'0'.padStart(5)} --:--:-- --:--:-- --:--:-- ${meterSize(speed).padStart(5)}\n`;
}

/** curl's own error texts and exit codes. */
function curlError(code: number, text: string, o: CurlOpts, meter: boolean, verbose: string): ExecResult {
  const showMsg = !o.silent || o.showError;
  let err = meter ? METER_HEAD + meterLine(0) : '';
  err += verbose;
  if (showMsg) err += `curl: (${code}) ${text}\n`;
  return result('', err, code);
}

function traceLines(net: NetCtx): string {
  return traceText(net.trace ?? []);
}

/** curl's exit codes as the way a traced request ended. */
const CURL_FAILURES: Record<number, string> = { 6: 'could not resolve host', 7: 'connection refused', 28: 'timed out', 35: 'TLS error', 52: 'empty reply', 56: 'connection reset', 60: 'certificate not trusted' };

/** The traced request as data, for `kube-sim ui`. */
function traceOf(net: NetCtx, url: string, exitCode: number): Trace {
  const hops = net.trace ?? [];
  const status = [...hops].reverse().find((h) => h.status !== undefined)?.status;
  const outcome: Trace['outcome'] = exitCode === 0 && status !== undefined ? { ok: true, status } : { ok: false, error: CURL_FAILURES[exitCode] ?? `curl exit code ${exitCode}` };
  return { origin: traceOrigin(net.origin), url, hops, outcome };
}

const CURL_HELP = `Usage: curl [options...] <url>
 -d, --data <data>          HTTP POST data
 -f, --fail                 Fail fast with no output on HTTP errors
 -h, --help <category>      Get help for commands
 -i, --include              Include protocol response headers in the output
 -o, --output <file>        Write to file instead of stdout
 -O, --remote-name          Write output to a file named as the remote file
 -s, --silent               Silent mode
 -T, --upload-file <file>   Transfer local FILE to destination
 -u, --user <user:password> Server user and password
 -A, --user-agent <name>    Send User-Agent <name> to server
 -v, --verbose              Make the operation more talkative
 -V, --version              Show version number and quit

This is not the full help, this menu is stripped into categories.
Use "--help category" to get an overview of all categories.
For all options use the manual or "--help all".
`;

const CURL_VERSION = `curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.11 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13
Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u5
Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp
Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd
`;

const curl: Program = (args, ctx) => {
  if (args[0] === '-h' || args[0] === '--help') {
    const extra = ctx.sys.net.origin.kind === 'host' ? '\nkube-sim: this curl runs on the host network outside the cluster; --trace prints each network hop.\n' : '';
    return result(CURL_HELP + extra);
  }
  if (args[0] === '-V' || args[0] === '--version') return result(CURL_VERSION);
  const parsed = parseCurl(args);
  if (typeof parsed === 'string') return result('', parsed, 2);
  const o = parsed;
  if (!o.urls.length) return result('', "curl: try 'curl --help' or 'curl --manual' for more information\n", 2);
  const net: NetCtx = { ...ctx.sys.net, trace: o.trace || ctx.sys.trace ? [] : undefined };
  const meter = !o.silent && !o.verbose && (!ctx.sys.tty || !!o.output || o.remoteName);
  let stdout = '';
  let stderr = '';
  let exit = 0;
  for (const raw of o.urls) {
    // -O names the file after the URL asked for (not a redirect's target), as curl does.
    const output = o.remoteName ? (parseUrl(raw)?.path.replace(/[?#].*$/, '').split('/').pop() ?? '') : o.output;
    if (o.remoteName && !output) return result(stdout, `${stderr}curl: Remote file name has no length!\ncurl: try 'curl --help' or 'curl --manual' for more information\n`, 23);
    const r = curlOne(raw, { ...o, output }, ctx, net, meter);
    stdout += r.stdout;
    stderr += traceLines(net) + r.stderr;
    if (net.trace) {
      ctx.sys.onTrace?.(traceOf(net, raw, r.exitCode));
      net.trace = [];
    }
    exit = r.exitCode;
  }
  return result(stdout, stderr, exit);
};

function curlOne(raw: string, o: CurlOpts, ctx: ProgramCtx, net: NetCtx, meter: boolean, hops = 0): ExecResult {
  const url = parseUrl(raw);
  if (!url || (!url.host && url.scheme !== 'file')) return curlError(3, 'URL using bad/illegal format or missing URL', o, false, '');
  if (url.scheme === 'file') {
    // Only the simulated filesystem exists for the container's curl.
    const path = resolvePath('/', decodeURIComponent(url.path));
    const text = ctx.sys.fs.read(path);
    if (text === undefined) return curlError(37, `Couldn't open file ${path}`, o, meter, '');
    return finish(o, ctx, text, '', meter);
  }
  if (url.scheme !== 'http' && url.scheme !== 'https') return curlError(1, `Protocol "${url.scheme}" not supported or disabled in libcurl`, o, meter, '');
  let ip: string | undefined;
  for (const r of o.resolve) {
    const [h, p, addr] = r.split(':');
    if (h === url.host && Number(p) === url.port && addr) ip = addr;
  }
  if (!ip) {
    const res = resolveHost(net, url.host);
    if (!res.ok) return curlError(6, `Could not resolve host: ${url.host}`, o, meter, '');
    ip = res.ips[0]!;
  } else net.trace?.push(hop.dnsFlag(url.host, url.port, ip));
  let verbose = o.verbose ? `*   Trying ${ip}:${url.port}...\n` : '';
  const headers: Record<string, string> = { Host: url.hostHeader, 'User-Agent': 'curl/7.88.1', Accept: '*/*' };
  for (const h of o.headers) {
    const i = h.indexOf(':');
    if (i > 0) {
      const name = h.slice(0, i).trim();
      const value = h.slice(i + 1).trim();
      const existing = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
      // curl replaces its own Host/User-Agent/Accept in place (same position), `-H 'X:'` removes one.
      if (existing && value === '') delete headers[existing];
      else if (existing) {
        const rebuilt = Object.entries(headers).map(([k, v]): [string, string] => (k === existing ? [name, value] : [k, v]));
        for (const k of Object.keys(headers)) delete headers[k];
        for (const [k, v] of rebuilt) headers[k] = v;
      } else if (value !== '') headers[name] = value;
    }
  }
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  if (o.data !== undefined) {
    headers['Content-Length'] = String(Buffer.byteLength(o.data));
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  let plainTls = false;
  if (url.scheme === 'https') {
    const peer = tlsPeer(net, ip, url.port, url.host);
    if (peer.kind === 'plain') plainTls = true;
    else if (!o.insecure) {
      const problem = verifyPeer(peer, o, ctx, url.host);
      if (problem) {
        const r = curlError(problem.code, problem.text, o, meter, verbose);
        if (problem.code === 60 && (!o.silent || o.showError)) r.stderr += 'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n';
        return r;
      }
    }
  }
  const conn = connect(net, ip, url.port, { method, path: url.path, headers, body: o.data, scheme: url.scheme as 'http' | 'https' });
  if (!conn.ok) {
    if (conn.error === 'timeout') {
      if (o.maxTime !== undefined) {
        const ms = Math.round(o.maxTime * 1000) + 1;
        return curlError(28, `Connection timed out after ${ms} milliseconds`, o, meter, verbose);
      }
      return curlError(28, `Failed to connect to ${url.host} port ${url.port} after 130012 ms: Couldn't connect to server`, o, meter, verbose + (o.verbose ? `* connect to ${ip} port ${url.port} failed: Connection timed out\n* Failed to connect to ${url.host} port ${url.port} after 130012 ms: Couldn't connect to server\n* Closing connection 0\n` : ''));
    }
    if (conn.error === 'reset') return curlError(56, 'Recv failure: Connection reset by peer', o, meter, verbose);
    if (conn.error === 'empty') return curlError(52, 'Empty reply from server', o, meter, verbose + (o.verbose ? `* Connected to ${url.host} (${ip}) port ${url.port} (#0)\n* Empty reply from server\n* Closing connection 0\n` : ''));
    if (o.verbose) verbose += `* connect to ${ip} port ${url.port} failed: Connection refused\n* Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server\n* Closing connection 0\n`;
    return curlError(7, `Failed to connect to ${url.host} port ${url.port} after 0 ms: Couldn't connect to server`, o, meter, verbose);
  }
  // A TLS client hello sent to a plain-HTTP server gets an HTTP 400 back, which OpenSSL cannot parse.
  if (plainTls) return curlError(35, 'error:0A00010B:SSL routines::wrong version number', o, meter, verbose + (o.verbose ? `* Connected to ${url.host} (${ip}) port ${url.port} (#0)\n` : ''));
  const res = conn.response;
  if (o.verbose) {
    verbose += `* Connected to ${url.host} (${ip}) port ${url.port} (#0)\n`;
    if (url.scheme === 'https') verbose += '* ALPN: offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n* ALPN: server accepted http/1.1\n';
    verbose += `> ${method} ${url.path} HTTP/1.1\n`;
    for (const [k, v] of Object.entries(headers)) verbose += `> ${k}: ${v}\n`;
    verbose += '> \n';
    verbose += `< HTTP/1.1 ${res.status} ${res.statusText}\n`;
    for (const [k, v] of res.headers) verbose += `< ${k}: ${v}\n`;
    verbose += '< \n';
  }
  const tail = o.verbose ? `* Connection #0 to host ${url.host} left intact\n` : '';
  const location = res.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
  if (o.location && location && [301, 302, 303, 307, 308].includes(res.status)) {
    if (hops >= 50) return curlError(47, 'Maximum (50) redirects followed', o, meter, verbose);
    const next = /^[a-z]+:\/\//i.test(location) ? location : `${url.scheme}://${url.hostHeader}${location.startsWith('/') ? '' : '/'}${location}`;
    const shownHead = o.include || o.head ? `HTTP/1.1 ${res.status} ${res.statusText}\r\n${res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n` : '';
    const r = curlOne(next, o, ctx, net, meter, hops + 1);
    const issue = o.verbose ? `${verbose}* Ignoring the response-body\n${tail}* Issue another request to this URL: '${next}'\n` : '';
    return result(shownHead + r.stdout, issue + r.stderr, r.exitCode);
  }
  if (o.fail && res.status >= 400) {
    return curlError(22, `The requested URL returned error: ${res.status}`, o, meter, verbose);
  }
  const head = `HTTP/1.1 ${res.status} ${res.statusText}\r\n${res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  const body = method === 'HEAD' ? '' : res.body;
  const shown = o.head ? head : (o.include ? head : '') + body;
  const r = finish(o, ctx, shown, verbose, meter, res, { ip, port: url.port });
  r.stderr += tail;
  return r;
}

/** PEM certificates of a bundle, normalised for comparison. */
function pemCerts(text: string): string[] {
  return [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => m[1]!.replace(/\s+/g, ''));
}

/**
 * Why curl refuses the server's certificate, if it does: not signed by a CA it trusts (a self-signed one is
 * trusted only when `--cacert` holds that very certificate), or issued for another name than the URL's host.
 */
function verifyPeer(peer: { trusted: boolean; selfSigned: boolean; cert?: string }, o: CurlOpts, ctx: ProgramCtx, host: string): { code: number; text: string } | undefined {
  let trusted = peer.trusted;
  if (o.cacert !== undefined) {
    const bundle = ctx.sys.fs.read(resolvePath(ctx.cwd, o.cacert));
    if (bundle === undefined) return { code: 77, text: `error setting certificate file: ${o.cacert}` };
    const mine = peer.cert ? pemCerts(peer.cert)[0] : undefined;
    trusted = !!mine && pemCerts(bundle).includes(mine);
  }
  if (!trusted) return { code: 60, text: `SSL certificate problem: ${peer.selfSigned ? 'self-signed certificate' : 'unable to get local issuer certificate'}` };
  if (!peer.cert) return undefined;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(peer.cert);
  } catch {
    return { code: 60, text: 'SSL certificate problem: unable to get local issuer certificate' };
  }
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host);
  if (isIp ? cert.checkIP(host) : cert.checkHost(host)) return undefined;
  const hasSan = !!cert.subjectAltName && /DNS:|IP Address:/.test(cert.subjectAltName);
  if (hasSan) return { code: 60, text: `SSL: no alternative certificate subject name matches target host name '${host}'` };
  const cn = /^CN=(.*)$/m.exec(cert.subject)?.[1] ?? '';
  return { code: 60, text: `SSL: certificate subject name '${cn}' does not match target host name '${host}'` };
}

function finish(o: CurlOpts, ctx: ProgramCtx, text: string, verbose: string, meter: boolean, res?: HttpResponse, remote?: { ip: string; port: number }): ExecResult {
  let stdout = text;
  let stderr = (meter ? METER_HEAD + meterLine(Buffer.byteLength(text)) : '') + verbose;
  if (o.output && o.output !== '-') {
    const p = resolvePath(ctx.cwd, o.output);
    if (p !== '/dev/null') {
      const dir = p.slice(0, p.lastIndexOf('/')) || '/';
      if (!ctx.sys.fs.isDir(dir)) {
        return result('', stderr + (o.silent && !o.showError ? '' : `curl: (23) Failure writing output to destination\n`), 23);
      }
      ctx.sys.fs.write(p, text);
    }
    stdout = '';
  }
  if (o.writeOut) {
    stdout += o.writeOut
      .replace(/%\{http_code\}|%\{response_code\}/g, String(res?.status ?? 0).padStart(3, '0'))
      .replace(/%\{size_download\}/g, String(Buffer.byteLength(text)))
      .replace(/%\{remote_ip\}/g, remote?.ip ?? '')
      .replace(/%\{remote_port\}/g, String(remote?.port ?? ''))
      .replace(/%\{time_total\}/g, '0.004000')
      .replace(/\\n/g, '\n');
  }
  void stderr;
  return result(stdout, stderr, 0);
}

/** The request headers each wget sends (BusyBox's asks the server to close; GNU's keeps the connection). */
function wgetHeaders(busybox: boolean, host: string): Record<string, string> {
  if (busybox) return { Host: host, 'User-Agent': 'Wget', Connection: 'close' };
  return { 'User-Agent': 'Wget/1.21.3', Accept: '*/*', 'Accept-Encoding': 'identity', Host: host, Connection: 'Keep-Alive' };
}

/** wget: BusyBox's on BusyBox images, GNU's elsewhere. */
const wget: Program = (args, ctx) => {
  let quiet = false;
  let output: string | undefined;
  let timeout: number | undefined;
  let spider = false;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-O' || a === '--output-document') output = args[++i];
    else if (a.startsWith('--output-document=')) output = a.slice(18);
    else if (a === '-T' || a === '--timeout') timeout = Number(args[++i]);
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10));
    else if (a === '--spider') spider = true;
    else if (a.startsWith('-') && a.length > 1 && !a.startsWith('--')) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (c === 'q') quiet = true;
        else if (c === 'O') {
          output = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          break;
        } else if (c === 'T') {
          timeout = Number(j + 1 < a.length ? a.slice(j + 1) : args[++i]);
          break;
        }
      }
    } else if (a === '--quiet') quiet = true;
    else urls.push(a);
  }
  void timeout;
  const busybox = ctx.sys.image.family === 'busybox';
  if (!urls.length) return result('', busybox ? `${busyboxBanner(ctx.sys.image)}\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n` : "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", 1);
  const net: NetCtx = { ...ctx.sys.net, trace: ctx.sys.trace ? [] : undefined };
  const first = parseUrl(urls[0]!);
  if (!first || !first.host) return result('', busybox ? `wget: bad address ''\n` : `${urls[0]}: Invalid URL\n`, 1);
  // The file is named after the URL asked for, not a redirect's target (wget without --trust-server-names).
  const target = output ?? (first.path.replace(/\?.*$/, '').split('/').pop() || 'index.html');
  const toStdout = target === '-';
  const tr = () => traceLines(net);
  const gnu = !busybox && !quiet;
  let err = '';
  let raw = urls[0]!;
  let url = first;
  for (let hops = 0; ; hops++) {
    const res = resolveHost(net, url.host);
    if (!res.ok) {
      return result('', err + tr() + (busybox ? `wget: bad address '${url.host}'\n` : gnu ? `--${gnuStamp(ctx)}--  ${raw}\nResolving ${url.host} (${url.host})... failed: Name or service not known.\nwget: unable to resolve host address '${url.host}'\n` : ''), busybox ? 1 : 4);
    }
    const ip = res.ips[0]!;
    const conn = connect(net, ip, url.port, { method: spider ? 'HEAD' : 'GET', path: url.path, headers: wgetHeaders(busybox, url.hostHeader), scheme: url.scheme as 'http' | 'https' });
    if (net.trace) ctx.sys.onTrace?.(traceOf(net, raw, conn.ok ? 0 : conn.error === 'timeout' ? 28 : 7));
    err += tr();
    if (busybox && !quiet) err += `Connecting to ${url.host}${url.port !== 80 || url.host !== ip ? ` (${ip}:${url.port})` : ''}\n`;
    // GNU wget names the host and its address, or only the address when the URL held one.
    const named = url.host !== ip;
    const connecting = named ? `${url.host} (${url.host})|${ip}|:${url.port}` : `${ip}:${url.port}`;
    if (gnu) err += `--${gnuStamp(ctx)}--  ${raw}\n${named ? `Resolving ${url.host} (${url.host})... ${res.ips.join(', ')}\n` : ''}`;
    if (!conn.ok) {
      if (busybox) {
        if (conn.error === 'timeout') return result('', err + 'wget: download timed out\n', 1);
        return result('', err + `wget: can't connect to remote host (${ip}): Connection refused\n`, 1);
      }
      return result('', err + (gnu ? `Connecting to ${connecting}... failed: ${conn.error === 'timeout' ? 'Connection timed out' : 'Connection refused'}.\n` : ''), 4);
    }
    const r = conn.response;
    if (gnu) err += `Connecting to ${connecting}... connected.\nHTTP request sent, awaiting response... ${r.status} ${r.statusText}\n`;
    const location = r.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
    if (location && [301, 302, 303, 307, 308].includes(r.status)) {
      // Both wgets follow redirects, GNU's up to 20.
      const next = /^[a-z]+:\/\//i.test(location) ? location : `${url.scheme}://${url.hostHeader}${location.startsWith('/') ? '' : '/'}${location}`;
      const nextUrl = parseUrl(next);
      if (gnu) err += `Location: ${location} [following]\n`;
      if (!nextUrl || !nextUrl.host || hops >= 19) return result('', err + (busybox ? '' : '20 redirections exceeded.\n'), busybox ? 1 : 8);
      raw = next;
      url = nextUrl;
      continue;
    }
    if (r.status >= 400) {
      if (busybox) return result('', err + `wget: server returned error: HTTP/1.1 ${r.status} ${r.statusText}\n`, 1);
      return result('', err + (gnu ? `${gnuStamp(ctx)} ERROR ${r.status}: ${r.statusText}.\n\n` : ''), 8);
    }
    const size = Buffer.byteLength(r.body);
    if (!toStdout && !spider) ctx.sys.fs.write(resolvePath(ctx.cwd, target), r.body);
    if (busybox && !quiet) {
      err += toStdout ? 'writing to stdout\n' : `saving to '${target}'\n`;
      err += `${(toStdout ? '-' : target).padEnd(20).slice(0, 20)} 100% |********************************| ${String(size).padStart(5)}  0:00:00 ETA\n`;
      err += toStdout ? 'written to stdout\n' : `'${target}' saved\n`;
    } else if (gnu) {
      const length = r.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1];
      const type = r.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1]?.split(';')[0];
      err += `Length: ${length ?? 'unspecified'}${type ? ` [${type}]` : ''}\nSaving to: '${toStdout ? 'STDOUT' : target}'\n\n${gnuStamp(ctx)} (${size} B/s) - ${toStdout ? 'written to stdout' : `'${target}' saved`} [${length !== undefined ? `${size}/${length}` : size}]\n\n`;
    }
    return result(toStdout && !spider ? r.body : '', err, 0);
  }
};

function gnuStamp(ctx: ProgramCtx): string {
  return ctx.sys.env.now().toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

export const httpPrograms: Record<string, Program> = { curl, wget };
