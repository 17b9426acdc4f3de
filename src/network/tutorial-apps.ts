/**
 * The applications of the tutorial images (kubernetes.io's Services and DNS pages): serve_hostname and
 * agnhost's serve-hostname (the hostname on 9376), echoserver (nginx + lua echoing the request, 1.4 and
 * 1.10 formats), Google's hello-app, and agnhost's netexec. What each answers, logs and listens on is taken
 * from its source; anything random there (the client's source port, the dots openssl prints) is derived
 * from a hash of the request or container, so runs stay deterministic.
 */
import { createHash } from 'node:crypto';
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { HttpRequest, HttpResponse } from './contracts.js';
import type { AppId } from './images.js';
import { imageTag } from './images.js';
import { GoNum, goPrint } from '../printers/go-fmt.js';

/** What a tutorial application needs to answer one request. */
export interface AppCall {
  state: ClusterState;
  env: Env;
  pod: KubeObject;
  container: string;
  /** The container's image reference. */
  image: string;
  /** The command line the application was started with. */
  argv: string[];
  /** The container's environment. */
  vars: Record<string, string>;
  /** How many requests the application has answered, this one included. */
  count: number;
  /** When the application started (ms since the epoch). */
  startedAt: number;
  req: HttpRequest;
  /** The port the request arrived on. */
  port: number;
  hostname: string;
  now: Date;
  /** Write lines to the container's log. */
  log(lines: string[]): void;
  /** Run a shell command in the container (netexec's /shell): its combined output and exit code. */
  shell(script: string): { output: string; exitCode: number };
}

/** The value of a Go flag (`--name=v`, `-name=v`, `--name v`, `-name v`), or undefined. */
export function goFlag(argv: string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    for (const dash of ['--', '-']) {
      if (a === `${dash}${name}`) return argv[i + 1];
      if (a.startsWith(`${dash}${name}=`)) return a.slice(dash.length + name.length + 1);
    }
  }
  return undefined;
}

function portFlag(argv: string[], name: string, fallback: number): number {
  const v = Number(goFlag(argv, name));
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

/** TCP ports of a tutorial application, or undefined for the other applications. */
export function tutorialAppPorts(app: AppId, argv: string[], vars: Record<string, string>): number[] | undefined {
  switch (app) {
    case 'serve-hostname':
      return [portFlag(argv, 'port', 9376)];
    case 'echoserver':
      return [8080, 8443];
    case 'hello-app':
      return [Number(vars.PORT) > 0 ? Number(vars.PORT) : 8080];
    case 'netexec':
      return [portFlag(argv, 'http-port', 8080)];
    case 'agnhost-liveness':
      return [8080];
    case 'nginx-https':
      return [80, 443];
    case 'bootcamp':
      return [8080];
    case 'vish-stress':
      return [];
    default:
      return undefined;
  }
}

/** Ports on which the application speaks TLS (its certificate is self-signed). */
export function tutorialTlsPorts(app: AppId, argv: string[]): number[] {
  if (app === 'echoserver') return [8443];
  if (app === 'nginx-https') return [443];
  if (app === 'netexec' && goFlag(argv, 'tls-cert-file')) return [portFlag(argv, 'http-port', 8080)];
  return [];
}

/** Go's log package timestamp: `2026/11/21 22:50:00`. */
export function goLogStamp(d: Date): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/-/g, '/');
}

/**
 * What vish/stress logs as it starts (glog to stderr: `I` MMDD time.micro, the thread, main.go's line):
 * the allocation plan, a line per `-cpus` thread spinning, and `Allocated` at once when there is no
 * memory to allocate. The microseconds come from the container id, so a run gives the same bytes.
 */
function vishStressLogs(at: Date, argv: string[], seed: string): string[] {
  const total = goFlag(argv, 'mem-total') ?? '0';
  const cpus = Number(goFlag(argv, 'cpus') ?? 0) || 0;
  let micro = (parseInt(seed.slice(0, 5) || '0', 16) % 900000) + 50000;
  const iso = at.toISOString();
  const line = (source: number, text: string) => {
    const stamp = `I${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)}.${String(micro).padStart(6, '0')}`;
    micro += 7 + (micro % 50);
    return `${stamp}       1 main.go:${source}] ${text}`;
  };
  const lines = [line(26, `Allocating "${total}" memory, in "${goFlag(argv, 'mem-alloc-size') ?? '4Ki'}" chunks, with a ${goFlag(argv, 'mem-alloc-sleep') ?? '1ms'} sleep between allocations`)];
  for (let i = 0; i < cpus; i++) lines.push(line(39, 'Spawning a thread to consume CPU'));
  if (/^0+[a-zA-Z]*$/.test(total)) lines.push(line(29, `Allocated "${total}" memory`));
  return lines;
}

function hashInt(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}

/** The client's ephemeral source port (Linux picks one in 32768–60999): stable for a given request. */
function clientPort(call: AppCall): number {
  return 32768 + (hashInt(`${call.pod.metadata.uid}:${call.count}:${call.req.clientIP}`) % 28232);
}

/** openssl's progress while generating an RSA key: two lines of dots, each ending in `+++`. */
function keyDots(seed: string): string[] {
  const h = createHash('sha256').update(seed).digest();
  return [`${'.'.repeat(2 + (h[0]! % 60))}+++`, `${'.'.repeat(2 + (h[1]! % 90))}+++`];
}

/** Lines a tutorial application prints when it starts, or undefined for the other applications. */
export function tutorialStartupLogs(app: AppId, image: string, at: Date, argv: string[], vars: Record<string, string>, seed: string): string[] | undefined {
  const stamp = goLogStamp(at);
  switch (app) {
    case 'serve-hostname':
      return [`${stamp} Serving on port ${portFlag(argv, 'port', 9376)}.`];
    case 'echoserver':
      if (echoserverLegacy(image)) return [];
      return ['Generating self-signed cert', 'Generating a 2048 bit RSA private key', ...keyDots(seed), "writing new private key to '/certs/privateKey.key'", '-----', 'Starting nginx'];
    case 'hello-app':
      return [`${stamp} Server listening on port ${tutorialAppPorts(app, argv, vars)![0]}`];
    case 'netexec': {
      const udp = Number(goFlag(argv, 'udp-port') ?? 8081);
      const lines = [`${stamp} Started HTTP server on port ${portFlag(argv, 'http-port', 8080)}`];
      if (udp !== -1) lines.push(`${stamp} Started UDP server on port  ${udp}`);
      return lines;
    }
    case 'nginx-https':
    case 'agnhost-liveness':
      return [];
    case 'vish-stress':
      return vishStressLogs(at, argv, seed);
    case 'bootcamp':
      // console.log of the start Date, the host and a "\n" argument: a trailing space, then an empty line.
      return [`Kubernetes Bootcamp App Started At: ${at.toISOString()} | Running On:  ${vars.HOSTNAME ?? ''} `, ''];
    default:
      return undefined;
  }
}

function goText(status: number, statusText: string, body: string, date: string): HttpResponse {
  const headers: [string, string][] = [['Date', date], ['Content-Length', String(Buffer.byteLength(body))]];
  if (body) headers.push(['Content-Type', 'text/plain; charset=utf-8']);
  return { status, statusText, headers, body };
}

/** An RFC 7231 date (the HTTP `Date` header). */
type DateFn = (d: Date) => string;

/** Answer a request to a tutorial application, or undefined for the other applications. */
export function tutorialAnswer(app: AppId, call: AppCall, httpDate: DateFn): HttpResponse | undefined {
  const date = httpDate(call.now);
  switch (app) {
    case 'serve-hostname':
      call.log([`${goLogStamp(call.now)} HTTP request from ${call.req.clientIP}:${clientPort(call)}`]);
      return goText(200, 'OK', call.hostname, date);
    case 'hello-app': {
      const path = call.req.path.split('?')[0] || '/';
      call.log([`${goLogStamp(call.now)} Serving request: ${path}`]);
      const version = /^2\./.test(imageTag(call.image)) ? '2.0.0' : '1.0.0';
      return goText(200, 'OK', `Hello, world!\nVersion: ${version}\nHostname: ${call.hostname}\n`, date);
    }
    case 'bootcamp':
      return bootcamp(call, date);
    case 'echoserver':
      return echoserver(call, date);
    case 'netexec':
      return netexec(call, date);
    case 'agnhost-liveness':
      return agnhostLiveness(call, date);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------
// kubernetes-bootcamp (node's http module: chunked, keep-alive)

function bootcamp(call: AppCall, date: string): HttpResponse {
  const uptime = (call.now.getTime() - call.startedAt) / 1000;
  call.log([`Running On: ${call.hostname} | Total Requests: ${call.count} | App Uptime: ${uptime} seconds | Log Time: ${call.now.toISOString()}`]);
  const version = /^v?2\b/.test(imageTag(call.image)) ? 2 : 1;
  return {
    status: 200,
    statusText: 'OK',
    headers: [['Content-Type', 'text/plain'], ['Date', date], ['Connection', 'keep-alive'], ['Transfer-Encoding', 'chunked']],
    body: `Hello Kubernetes bootcamp! | Running on: ${call.hostname} | v=${version}\n`,
  };
}

// ---------------------------------------------------------------------------------------------------
// echoserver

/** echoserver before 1.10 (1.4 and friends) prints `CLIENT VALUES:` blocks; 1.10 prints `Hostname:` first. */
function echoserverLegacy(image: string): boolean {
  const m = /^1\.(\d+)$/.exec(imageTag(image));
  return !!m && Number(m[1]) < 10;
}

const CLF_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** nginx's access-log time: `21/Nov/2026:22:55:46 +0000`. */
export function clfTime(d: Date): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${p2(d.getUTCDate())}/${CLF_MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

/** Bytes nginx sends for a chunked body (its access log counts the chunk framing). */
function chunkedSize(body: string): number {
  const n = Buffer.byteLength(body);
  return n === 0 ? 5 : n.toString(16).length + 2 + n + 2 + 5;
}

function header(req: HttpRequest, name: string): string | undefined {
  const key = Object.keys(req.headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : req.headers[key];
}

function echoserver(call: AppCall, date: string): HttpResponse {
  const { req } = call;
  const q = req.path.indexOf('?');
  const query = q >= 0 ? req.path.slice(q + 1) : '';
  const host = (header(req, 'host') ?? '').replace(/:\d+$/, '').toLowerCase() || call.hostname;
  const uri = `${req.scheme}://${host}:${call.port}${req.path}`;
  const headers = Object.entries(req.headers)
    .map(([k, v]): [string, string] => [k.toLowerCase(), v])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let body: string;
  let responseHeaders: [string, string][];
  if (echoserverLegacy(call.image)) {
    body =
      `CLIENT VALUES:\nclient_address=${req.clientIP}\ncommand=${req.method.toUpperCase()}\nreal path=${req.path}\nquery=${query || 'nil'}\nrequest_version=1.1\nrequest_uri=${uri}\n\n` +
      `SERVER VALUES:\nserver_version=nginx: 1.10.0 - lua: 10001\n\nHEADERS RECEIVED:\n${headers.map(([k, v]) => `${k}=${v}\n`).join('')}BODY:\n${req.body ?? '-no body in request-'}`;
    responseHeaders = [['Server', 'nginx/1.10.0'], ['Date', date], ['Content-Type', 'text/plain'], ['Transfer-Encoding', 'chunked'], ['Connection', 'keep-alive']];
  } else {
    body =
      `\n\nHostname: ${call.hostname}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n` +
      `Request Information:\n\tclient_address=${req.clientIP}\n\tmethod=${req.method.toUpperCase()}\n\treal path=${req.path}\n\tquery=${query}\n\trequest_version=1.1\n\trequest_scheme=${req.scheme}\n\trequest_uri=${uri}\n\n` +
      `Request Headers:\n${headers.map(([k, v]) => `\t${k}=${v}\n`).join('')}\nRequest Body:\n${req.body ?? '\t-no body in request-'}\n\n`;
    responseHeaders = [['Date', date], ['Content-Type', 'text/plain'], ['Transfer-Encoding', 'chunked'], ['Connection', 'keep-alive'], ['Server', 'echoserver']];
  }
  const size = req.method === 'HEAD' ? 0 : chunkedSize(body);
  call.log([`${req.clientIP} - - [${clfTime(call.now)}] "${req.method} ${req.path} HTTP/1.1" 200 ${size} "-" "${header(req, 'user-agent') ?? '-'}"`]);
  return { status: 200, statusText: 'OK', headers: responseHeaders, body };
}

// ---------------------------------------------------------------------------------------------------
// agnhost netexec

/** Go's `time.Now()` as `%v` prints it: wall time, zone, and the monotonic reading since the process started. */
function goNow(now: Date, started: number): string {
  const iso = now.toISOString();
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  const wall = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''}`;
  const mono = Math.max(0, (now.getTime() - started) / 1000);
  return `${wall} +0000 UTC m=+${mono.toFixed(9)}`;
}

/** encoding/json's string escaping (HTML-safe: <, > and & as \u escapes). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

// ---------------------------------------------------------------------------------------------------
// agnhost liveness (the probes tutorial's HTTP server): healthy for its first 10 seconds

function agnhostLiveness(call: AppCall, date: string): HttpResponse {
  const path = call.req.path.split('?')[0] || '/';
  const ms = call.now.getTime() - call.startedAt;
  switch (path) {
    case '/healthz':
      return ms > 10_000 ? goText(500, 'Internal Server Error', `error: ${goPrint(new GoNum('float64', ms / 1000))}`, date) : goText(200, 'OK', 'ok', date);
    case '/started':
      return goText(200, 'OK', goDurationText(ms), date);
    default:
      return goNotFound(date);
  }
}

/** Go's time.Duration String() of whole milliseconds: `0s`, `500ms`, `12.5s`, `1m2.5s`, `1h0m0s`. */
function goDurationText(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = `${(ms % 60_000) / 1000}s`;
  return h ? `${h}h${m}m${s}` : m ? `${m}m${s}` : s;
}

/** net/http's NotFound from a ServeMux with no handler for the path. */
function goNotFound(date: string): HttpResponse {
  const body = '404 page not found\n';
  return { status: 404, statusText: 'Not Found', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], ['Date', date], ['Content-Length', String(body.length)]], body };
}

function netexec(call: AppCall, date: string): HttpResponse {
  const { req } = call;
  const q = req.path.indexOf('?');
  const path = (q >= 0 ? req.path.slice(0, q) : req.path) || '/';
  const params = new URLSearchParams(q >= 0 ? req.path.slice(q + 1) : '');
  const stamp = goLogStamp(call.now);
  const log = (line: string) => call.log([`${stamp} ${line}`]);
  switch (path) {
    case '/clientip':
      log('GET /clientip');
      return goText(200, 'OK', `${req.clientIP}:${clientPort(call)}`, date);
    case '/hostname':
    case '/hostName':
      log(`GET ${path}`);
      return goText(200, 'OK', call.hostname, date);
    case '/healthz':
      log('GET /healthz');
      return goText(200, 'OK', '', date);
    case '/echo': {
      const msg = params.get('msg') ?? '';
      const code = params.get('code') ?? '';
      log(`GET /echo?msg=${msg}&code=${code}`);
      if (code !== '') {
        const n = Number(code);
        if (!/^[+-]?\d+$/.test(code)) return goText(200, 'OK', `argument 'code' must be an integer or empty, got ${JSON.stringify(code)}\n`, date);
        return goText(n, STATUS_TEXT[n] ?? '', msg, date);
      }
      return goText(200, 'OK', msg, date);
    }
    case '/shell': {
      const cmd = params.get('shellCommand') || params.get('cmd') || '';
      log(`GET /shell?cmd=${cmd}`);
      const r = call.shell(cmd);
      const fields: string[] = [];
      if (r.exitCode !== 0) fields.push(`"error":${goJsonString(`exit status ${r.exitCode}`)}`);
      if (r.output) fields.push(`"output":${goJsonString(r.output)}`);
      const shown = [r.exitCode !== 0 ? `error:exit status ${r.exitCode}` : '', r.output ? `output:${r.output}` : ''].filter(Boolean).join(' ');
      log(`Output: map[${shown}]`);
      return goText(200, 'OK', `{${fields.join(',')}}`, date);
    }
    default: {
      log('GET /');
      return goText(200, 'OK', `NOW: ${goNow(call.now, call.startedAt)}`, date);
    }
  }
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 412: 'Precondition Failed', 417: 'Expectation Failed',
  418: "I'm a teapot", 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};
