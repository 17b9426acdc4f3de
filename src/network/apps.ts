/**
 * What the application in a container answers (the image catalogue's apps). Owned by the kubelet work.
 * Contract used by kube-proxy/curl (traffic work) and by the kubelet's httpGet/tcpSocket probes.
 *
 * Only running containers whose application really listens on a port answer there: a containerPort
 * declared in the spec opens nothing by itself (a Service aimed at the wrong port is refused).
 * Requests are logged as the real app would (kubia: `Received request from ::ffff:<client>`, nginx: an
 * access-log line) into the container's runtime logs; that is a state change, so it bumps the
 * resourceVersion and the caller must be inside ctx.mutate() for it to be saved.
 */
import type { ClusterState, KubeObject } from '../api/types.js';
import type { Env } from '../env.js';
import type { HttpRequest, HttpResponse } from './contracts.js';
import type { AppId } from './images.js';
import { imageTag, lookupImage } from './images.js';
import { tutorialAnswer, tutorialAppPorts, tutorialStartupLogs, tutorialTlsPorts, type AppCall } from './tutorial-apps.js';
import { nextResourceVersion } from '../api/objects.js';
import { kubeletMemory, type KContainer } from '../controllers/kubelet-state.js';
import { readContainerFile } from '../controllers/kubelet-volumes.js';
import { podHostname } from './dns.js';

/** At most this many log lines are kept per container (older ones are rotated away). */
export const LOG_CAP = 2000;

/**
 * What applications may do inside their container, provided by the shell (which the network layer cannot
 * import): run a shell command (agnhost netexec's /shell), read a file as the container sees it, volumes
 * mounted (nginx reading its certificate).
 */
export interface ContainerAccess {
  shell(state: ClusterState, env: Env, pod: KubeObject, container: string, script: string): { output: string; exitCode: number };
  read(state: ClusterState, env: Env, pod: KubeObject, container: string, path: string): string | undefined;
}
let access: ContainerAccess = { shell: () => ({ output: '', exitCode: 127 }), read: () => undefined };

/** Register how applications reach into their container (done by src/shell when it loads). */
export function setContainerAccess(a: ContainerAccess): void {
  access = a;
}

/** Applications whose command line (flags) matters after start, so the kubelet keeps it. */
export function appKeepsArgv(app: AppId): boolean {
  return app === 'netexec' || app === 'serve-hostname';
}

/** TCP ports each application listens on (some choose them from flags or the environment). */
export function appPorts(app: AppId, declared: number[], argv: string[] = [], vars: Record<string, string> = {}): number[] {
  const tutorial = tutorialAppPorts(app, argv, vars);
  if (tutorial) return tutorial;
  switch (app) {
    case 'kubia':
    case 'kubia-unhealthy':
    case 'tomcat':
      return [8080];
    case 'goweb':
      return [8000];
    case 'nginx':
      return [80];
    case 'coredns':
      return [53, 8080, 8181, 9153];
    case 'ingress-nginx':
      return [80, 443, 8443, 10254];
    case 'generic':
    default:
      return declared;
  }
}

/** Lines the application prints when it starts (`logs` shows them first). */
export function appStartupLogs(app: AppId, image: string, at: Date, started?: { argv?: string[]; vars?: Record<string, string>; seed?: string }): string[] {
  const tutorial = tutorialStartupLogs(app, image, at, started?.argv ?? [], started?.vars ?? {}, started?.seed ?? '');
  if (tutorial) return tutorial;
  const stamp = at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace(/-/g, '/');
  switch (app) {
    case 'kubia':
    case 'kubia-unhealthy':
      return ['Kubia server starting...'];
    case 'nginx': {
      const v = nginxVersion(image);
      return [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
        '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        `${stamp} [notice] 1#1: using the "epoll" event method`,
        `${stamp} [notice] 1#1: nginx/${v}`,
        `${stamp} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) `,
        `${stamp} [notice] 1#1: OS: Linux 6.8.0-49-generic`,
        `${stamp} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
        `${stamp} [notice] 1#1: start worker processes`,
        `${stamp} [notice] 1#1: start worker process 29`,
        `${stamp} [notice] 1#1: start worker process 30`,
      ];
    }
    case 'tomcat':
      return [
        'NOTE: Picked up JDK_JAVA_OPTIONS:  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED',
        `${at.toISOString().slice(0, 10).split('-').reverse().join('-')} INFO [main] org.apache.catalina.startup.VersionLoggerListener.log Server version name:   Apache Tomcat/${tomcatVersion(image)}`,
        `INFO [main] org.apache.coyote.AbstractProtocol.start Starting ProtocolHandler ["http-nio-8080"]`,
        `INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [412] milliseconds`,
      ];
    case 'coredns':
      return ['.:53', '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908', 'CoreDNS-1.11.3', 'linux/amd64, go1.21.11, a6338e9'];
    case 'ingress-nginx': {
      const r = ingressNginxRelease(image);
      return ['-------------------------------------------------------------------------------', 'NGINX Ingress controller', `  Release:       ${r.release}`, `  Build:         ${r.build}`, '  Repository:    https://github.com/kubernetes/ingress-nginx', `  nginx version: ${r.nginx}`, '', '-------------------------------------------------------------------------------', ''];
    }
    default:
      return [];
  }
}

/** Known ingress-nginx releases: the build and the nginx they ship (what the controller's banner prints). */
const INGRESS_NGINX_RELEASES: Record<string, { build: string; nginx: string }> = {
  'v1.12.0': { build: 'ba7e9c4f0fcdcd1b6ea9e5a6b6db8d69c3b7a6b6', nginx: 'nginx/1.25.5' },
  '0.32.0': { build: 'git-446845114', nginx: 'nginx/1.19.0' },
};

/** The banner's Release line follows the image tag (`controller:v1.12.0@sha256:...` -> v1.12.0, 0.32.0 -> 0.32.0). */
function ingressNginxRelease(image: string): { release: string; build: string; nginx: string } {
  const tag = imageTag(image).replace(/@.*$/, '');
  const release = /^v?\d+\.\d+\.\d+/.test(tag) ? tag : 'v1.12.0';
  const known = INGRESS_NGINX_RELEASES[release];
  if (known) return { release, ...known };
  // An unlisted release: an old-style (0.x) one has a git- build; nginx is the one of its era.
  return { release, build: release.startsWith('0.') ? `git-${release.replace(/\D/g, '').padEnd(9, '0').slice(0, 9)}` : 'unknown', nginx: release.startsWith('0.') ? 'nginx/1.19.0' : 'nginx/1.25.5' };
}

function nginxVersion(image: string): string {
  const fixed = lookupImage(image)?.serverVersion;
  if (fixed) return fixed;
  const t = imageTag(image);
  if (/^\d+\.\d+\.\d+/.test(t)) return t.replace(/-.*$/, '');
  if (/^\d+\.\d+$/.test(t)) return `${t}.0`;
  return '1.27.3';
}

function tomcatVersion(image: string): string {
  const t = imageTag(image);
  const m = /^(\d+\.\d+\.\d+)/.exec(t);
  return m ? m[1]! : '11.0.2';
}

/** Official tomcat images before 8.5.50 / 9.0.30 (Dec 2019) still shipped the ROOT webapp answering `/`. */
function tomcatHasRootApp(image: string): boolean {
  const [maj, min, patch] = tomcatVersion(image).split('.').map(Number) as [number, number, number];
  if (!/^\d/.test(imageTag(image))) return false;
  if (maj < 8) return true;
  if (maj === 8) return min < 5 || patch < 50;
  if (maj === 9) return min === 0 && patch < 30;
  return false;
}

/** The nginx welcome page of the image's version (older releases lack the color-scheme line). */
export function nginxWelcomePage(image: string): string {
  const modern = /^1\.(2[1-9]|[3-9]\d)/.test(nginxVersion(image));
  const style = modern
    ? 'html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n'
    : '    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n';
  return (
    '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n' +
    style +
    '</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n'
  );
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** RFC 7231 HTTP-date: `Sat, 21 Nov 2026 22:55:46 GMT`. */
export function httpDate(d: Date): string {
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
}

/** nginx access-log time: `21/Nov/2026:22:55:46 +0000`. */
function clfDate(d: Date): string {
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0000`;
}

interface Served {
  container: string;
  k: KContainer;
}

/** The running container of the pod whose application listens on TCP `port`. */
function listener(state: ClusterState, pod: KubeObject, port: number): Served | undefined {
  const kp = kubeletMemory(state).pods[pod.metadata.uid ?? ''];
  if (!kp) return undefined;
  for (const [name, k] of Object.entries(kp.containers)) {
    if (k.state === 'running' && k.app?.ports.includes(port)) return { container: name, k };
  }
  return undefined;
}

/** Does some container of the pod listen on this port (TCP)? */
export function podListens(state: ClusterState, pod: KubeObject, port: number): boolean {
  return listener(state, pod, port) !== undefined;
}

/**
 * Append lines to a container's log, keeping at most LOG_CAP lines: line i was written at `at` + i ×
 * `stepMs` (epoch ms; a batch of probe requests is one line per period).
 */
export function appendLogs(state: ClusterState, pod: KubeObject, container: string, lines: string[], at: number, stepMs = 0): void {
  const rt = state.runtime[pod.metadata.uid ?? '']?.[container];
  if (!rt || lines.length === 0) return;
  // Lines of a state from before times were kept are dated like the container's start (0: unknown).
  const times = (rt.logTimes ??= []);
  if (times.length < rt.logs.length) times.unshift(...new Array<number>(rt.logs.length - times.length).fill(0));
  rt.logsWritten = (rt.logsWritten ?? rt.logs.length) + lines.length;
  rt.logs.push(...lines);
  times.push(...lines.map((_, i) => at + i * stepMs));
  if (rt.logs.length > LOG_CAP) {
    rt.logs.splice(0, rt.logs.length - LOG_CAP);
    times.splice(0, times.length - LOG_CAP);
  }
}

function text(status: number, statusText: string, body: string, headers: [string, string][]): HttpResponse {
  return { status, statusText, headers, body };
}

/**
 * Deliver an HTTP request to the pod's application on `port`; 'refused' when nothing listens there.
 * The app may log the request (client IP included) into the container's runtime logs.
 */
export function appRequest(state: ClusterState, env: Env, pod: KubeObject, port: number, req: HttpRequest): HttpResponse | 'refused' {
  const served = listener(state, pod, port);
  if (!served) return 'refused';
  if (req.connectOnly) return { status: 0, statusText: '', headers: [], body: '' };
  const { k, container } = served;
  const app = k.app!;
  const now = env.now();
  const date = httpDate(now);
  const hostname = podHostname(pod);
  const path = req.path.split('?')[0] || '/';
  app.requests += 1;
  nextResourceVersion(state);
  const client = req.clientIP.includes(':') ? req.clientIP : `::ffff:${req.clientIP}`;
  switch (app.id) {
    case 'kubia':
      appendLogs(state, pod, container, [`Received request from ${client}`], now.getTime());
      return text(200, 'OK', `You've hit ${hostname}\n`, [['Date', date], ['Connection', 'keep-alive'], ['Transfer-Encoding', 'chunked']]);
    case 'kubia-unhealthy':
      appendLogs(state, pod, container, [`Received request from ${client}`], now.getTime());
      if (app.requests > 5) return text(500, 'Internal Server Error', "I'm not well. Please restart me!", [['Date', date], ['Connection', 'keep-alive'], ['Transfer-Encoding', 'chunked']]);
      return text(200, 'OK', `You've hit ${hostname}\n`, [['Date', date], ['Connection', 'keep-alive'], ['Transfer-Encoding', 'chunked']]);
    case 'goweb': {
      const body = `this is ${hostname}\n`;
      return text(200, 'OK', body, [['Date', date], ['Content-Length', String(body.length)], ['Content-Type', 'text/plain; charset=utf-8']]);
    }
    case 'nginx':
      return nginxAnswer(state, pod, container, req, path, date, now);
    case 'nginx-https':
      if (req.scheme === 'http' && port === 443) return plainToHttps(state, pod, container, req, now);
      return nginxAnswer(state, pod, container, req, path, date, now);
    case 'tomcat': {
      if (tomcatHasRootApp(k.image) && path === '/') {
        const page = `<!DOCTYPE html>\n<html lang="en">\n    <head>\n        <meta charset="UTF-8" />\n        <title>Apache Tomcat/${tomcatVersion(k.image)}</title>\n        <link href="favicon.ico" rel="icon" type="image/x-icon" />\n        <link href="tomcat.css" rel="stylesheet" type="text/css" />\n    </head>\n\n    <body>\n        <div id="wrapper">\n            <div id="upper" class="curved container">\n                <div id="congrats" class="curved container">\n                    <h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>\n                </div>\n            </div>\n        </div>\n    </body>\n</html>\n`;
        return text(200, '', page, [['Content-Type', 'text/html;charset=UTF-8'], ['Transfer-Encoding', 'chunked'], ['Date', date]]);
      }
      const body = `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class="line" /><h3>Apache Tomcat/${tomcatVersion(k.image)}</h3></body></html>`;
      return text(404, '', body, [['Content-Type', 'text/html;charset=utf-8'], ['Content-Language', 'en'], ['Content-Length', String(Buffer.byteLength(body))], ['Date', date]]);
    }
    case 'coredns': {
      if (port === 8080 && path === '/health') return text(200, 'OK', 'OK', [['Date', date], ['Content-Length', '2'], ['Content-Type', 'text/plain; charset=utf-8']]);
      if (port === 8181 && path === '/ready') return text(200, 'OK', 'OK', [['Date', date], ['Content-Length', '2'], ['Content-Type', 'text/plain; charset=utf-8']]);
      if (port === 9153 && path === '/metrics') {
        const body = '# HELP coredns_build_info A metric with a constant \'1\' value labeled by version, revision, and goversion from which CoreDNS was built.\n# TYPE coredns_build_info gauge\ncoredns_build_info{goversion="go1.21.11",revision="a6338e9",version="1.11.3"} 1\n';
        return text(200, 'OK', body, [['Content-Type', 'text/plain; version=0.0.4; charset=utf-8'], ['Date', date]]);
      }
      return text(404, 'Not Found', '404 page not found\n', [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], ['Date', date], ['Content-Length', '19']]);
    }
    case 'ingress-nginx': {
      // The routing itself lives in src/network/ingress-router.ts; the pod answers its health endpoints.
      if (port === 10254 && path === '/healthz') return text(200, 'OK', 'ok', [['Date', date], ['Content-Length', '2'], ['Content-Type', 'text/plain; charset=utf-8']]);
      const body = '<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n';
      return text(404, 'Not Found', body, [['Date', date], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']]);
    }
    case 'serve-hostname':
    case 'echoserver':
    case 'hello-app':
    case 'bootcamp':
    case 'agnhost-liveness':
    case 'netexec': {
      const rt = state.runtime[pod.metadata.uid ?? '']?.[container];
      const call: AppCall = {
        state, env, pod, container, image: k.image, argv: app.argv ?? [], vars: rt?.env ?? {}, count: app.requests, startedAt: k.startedAt,
        req, port, hostname, now,
        log: (lines) => appendLogs(state, pod, container, lines, now.getTime()),
        shell: (script) => access.shell(state, env, pod, container, script),
      };
      return tutorialAnswer(app.id, call, httpDate)!;
    }
    case 'generic':
    default: {
      const body = `Hello from ${hostname}\n`;
      return text(200, 'OK', body, [['Date', date], ['Content-Length', String(body.length)], ['Content-Type', 'text/plain; charset=utf-8']]);
    }
  }
}

/** nginx's answer to plain HTTP sent to its TLS port. */
function plainToHttps(state: ClusterState, pod: KubeObject, container: string, req: HttpRequest, now: Date): HttpResponse {
  const version = nginxVersion(listener(state, pod, 443)!.k.image);
  const body = `<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body bgcolor="white">\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
  const ua = req.headers['User-Agent'] ?? req.headers['user-agent'] ?? '-';
  appendLogs(state, pod, container, [`${req.clientIP} - - [${clfDate(now)}] "${req.method} ${req.path} HTTP/1.1" 400 ${body.length} "-" "${ua}" "-"`], now.getTime());
  return text(400, 'Bad Request', body, [['Server', `nginx/${version}`], ['Date', httpDate(now)], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'close']]);
}

/**
 * What answers a TLS handshake on the pod's `port`: undefined when nothing listens there or it speaks
 * plain HTTP; else the certificate it presents (PEM, when the container has one where its server reads
 * it), which is self-signed.
 */
export function appTls(state: ClusterState, env: Env, pod: KubeObject, port: number): { cert?: string } | undefined {
  const served = listener(state, pod, port);
  if (!served?.k.app || !tutorialTlsPorts(served.k.app.id, served.k.app.argv ?? []).includes(port)) return undefined;
  if (served.k.app.id === 'nginx-https') {
    // The server block's ssl_certificate (the page mounts its Secret at /etc/nginx/ssl, its config at conf.d).
    const read = (path: string) => access.read(state, env, pod, served.container, path);
    const conf = read('/etc/nginx/conf.d/default.conf') ?? '';
    const path = /^\s*ssl_certificate\s+([^;\s]+)\s*;/m.exec(conf)?.[1] ?? '/etc/nginx/ssl/nginx.crt';
    return { cert: read(path) };
  }
  return {};
}

function nginxAnswer(state: ClusterState, pod: KubeObject, container: string, req: HttpRequest, path: string, date: string, now: Date): HttpResponse {
  const k = listener(state, pod, 80)!.k;
  const version = nginxVersion(k.image);
  const root = '/usr/share/nginx/html';
  const file = path.endsWith('/') ? `${root}${path}index.html` : `${root}${path}`;
  const ua = req.headers['User-Agent'] ?? req.headers['user-agent'] ?? '-';
  let res: HttpResponse;
  const body = readContainerFile(state, pod, container, file);
  if (body !== undefined) {
    res = text(200, 'OK', body, [
      ['Server', `nginx/${version}`],
      ['Date', date],
      ['Content-Type', 'text/html'],
      ['Content-Length', String(Buffer.byteLength(body))],
      ['Last-Modified', 'Tue, 26 Nov 2024 15:55:00 GMT'],
      ['Connection', 'keep-alive'],
      ['ETag', '"6745ef54-267"'],
      ['Accept-Ranges', 'bytes'],
    ]);
  } else {
    // nginx's built-in error pages use CRLF line ends (Content-Length 153 for nginx/1.27.3).
    const body = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
    res = text(404, 'Not Found', body, [['Server', `nginx/${version}`], ['Date', date], ['Content-Type', 'text/html'], ['Content-Length', String(body.length)], ['Connection', 'keep-alive']]);
  }
  const size = req.method === 'HEAD' ? 0 : Buffer.byteLength(res.body);
  appendLogs(state, pod, container, [`${req.clientIP} - - [${clfDate(now)}] "${req.method} ${req.path} HTTP/1.1" ${res.status} ${size} "-" "${ua}" "-"`], now.getTime());
  return res;
}
