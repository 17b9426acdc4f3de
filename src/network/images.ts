/**
 * The image catalogue: what each container image the chapter (and common tutorials) uses contains and
 * runs — default entrypoint/command, image environment, the programs on its PATH, its nslookup flavour,
 * the application it serves, and a small filesystem skeleton.
 *
 * Images NOT in the catalogue are treated as a generic Linux image with BusyBox-style tools whose default
 * process keeps running and answers plain HTTP (`200 OK`, body `Hello from <hostname>`) on every TCP
 * containerPort the container declares. That keeps learners' own image names usable end to end, while a
 * catalogued image only listens where its real application does (a Service aimed elsewhere is refused).
 */
import { createHash } from '../util/sha256.js';

/** Which simulated application a server image runs (see src/network/apps.ts). */
export type AppId =
  | 'kubia'
  | 'kubia-unhealthy'
  | 'goweb'
  | 'nginx'
  | 'nginx-https'
  | 'tomcat'
  | 'coredns'
  | 'ingress-nginx'
  | 'serve-hostname'
  | 'echoserver'
  | 'hello-app'
  | 'netexec'
  | 'agnhost-liveness'
  | 'bootcamp'
  | 'vish-stress'
  | 'generic';

export interface ImageInfo {
  /** Catalogue key: repository without registry/tag, e.g. `luksa/kubia`, `nginx`. */
  repo: string;
  entrypoint: string[];
  cmd: string[];
  /** Image ENV (PATH included). */
  env: Record<string, string>;
  /** Programs on PATH (for the in-container shell). */
  programs: string[];
  /** Style of the image's nslookup, if it has one: bind9 (dnsutils images) or BusyBox (>=1.31 vs 1.28 classic). */
  nslookup?: 'bind9' | 'busybox' | 'busybox-1.28';
  /** The application the default process runs (servers only). */
  app?: AppId;
  /** Extra files of the image (path -> content; directories end with '/'). */
  files: Record<string, string>;
  /** Compressed size reported in the Pulled event. */
  size: number;
  /** OS name for /etc/os-release. */
  os: string;
  /** Version the server reports when it is not in the tag (nginx-based images). */
  serverVersion?: string;
  /** The BusyBox build of BusyBox-based images, as its applets' usage messages name it. */
  busybox?: string;
  /**
   * An entrypoint script that only chooses what to exec (curlimages/curl's `/entrypoint.sh`): the command
   * line it ends up running, given the arguments it received.
   */
  execs?: (args: string[]) => string[];
  /** Programs that run until stopped when they are the main process (redis-server), beside `app` servers. */
  daemons?: string[];
  /** The tags the registry has, where kube-sim knows them: any other tag fails to pull (`not found`). */
  tags?: string[];
  /** Where the tags follow a scheme instead (a release number): whether the registry has `tag`. */
  hasTag?: (tag: string) => boolean;
}

/**
 * Docker Hub's nginx tags: the channel names, and releases 1.7 onwards as `1`, `1.M` or `1.M.P`, each
 * optionally with a variant (`-alpine`, `-perl`, `-alpine-slim`, `-bookworm`, ...). So the Deployments
 * page's typo `nginx:1.161` does not pull, as on a real cluster.
 */
function nginxHasTag(tag: string): boolean {
  const [base, ...variant] = tag.split('-');
  if (variant.some((v) => !/^[a-z0-9]+$/.test(v))) return false;
  if (/^(latest|stable|mainline|alpine|perl|bookworm|bullseye|otel)$/.test(base!)) return true;
  const m = /^1(?:\.(\d+)(?:\.(\d+))?)?$/.exec(base!);
  return !!m && (m[1] === undefined || (Number(m[1]) >= 7 && Number(m[1]) <= 30 && (m[2] === undefined || Number(m[2]) <= 30)));
}

const STD_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** BusyBox builds, as `BusyBox vX (date) multi-call binary.` names them in usage messages. */
export const BUSYBOX_BUILDS = {
  v1_22: 'v1.22.1 (2014-05-22 23:22:11 UTC)',
  v1_28: 'v1.28.4 (2018-05-22 17:00:17 UTC)',
  v1_28_alpine: 'v1.28.4 (2018-07-17 15:21:40 UTC)',
  v1_36: 'v1.36.1 (2023-05-18 22:34:17 UTC)',
  v1_37: 'v1.37.0 (2024-09-26 21:31:42 UTC)',
  v1_37_alpine: 'v1.37.0 (2025-01-17 18:12:01 UTC)',
} as const;

/** ubuntu:24.04's /etc/os-release. */
const UBUNTU_NOBLE_OS_RELEASE =
  'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n';

/** Alpine-based network tool images: BusyBox plus the real tools tutorials reach for. */
const NET_TOOLS = ['bash', 'curl', 'dig', 'nslookup', 'host', 'nc', 'ip', 'ss', 'ping'];
const BUSYBOX_TOOLS = [
  'sh', 'ash', 'ls', 'cat', 'echo', 'touch', 'rm', 'mkdir', 'rmdir', 'cp', 'mv', 'env', 'printenv', 'hostname', 'sleep', 'ps',
  'wget', 'nslookup', 'ping', 'grep', 'head', 'tail', 'wc', 'sort', 'uniq', 'date', 'true', 'false', 'test', '[', 'id', 'whoami',
  'pwd', 'uname', 'ip', 'ifconfig', 'netstat', 'nc', 'telnet', 'top', 'kill', 'vi', 'sed', 'awk', 'cut', 'tr', 'xargs', 'find',
  'df', 'du', 'free', 'mount', 'which', 'expr', 'seq', 'basename', 'dirname', 'chmod', 'chown', 'ln', 'stat', 'tee', 'yes', 'exit', 'tar',
];
const DEBIAN_TOOLS = [
  'sh', 'bash', 'dash', 'ls', 'cat', 'echo', 'touch', 'rm', 'mkdir', 'rmdir', 'cp', 'mv', 'env', 'printenv', 'hostname', 'sleep', 'ps',
  'grep', 'head', 'tail', 'wc', 'sort', 'uniq', 'date', 'true', 'false', 'test', '[', 'id', 'whoami', 'pwd', 'uname', 'kill', 'sed',
  'awk', 'cut', 'tr', 'xargs', 'find', 'df', 'du', 'mount', 'which', 'expr', 'seq', 'basename', 'dirname', 'chmod', 'chown', 'ln',
  'stat', 'tee', 'yes', 'getent', 'exit', 'tar',
];

/**
 * Debian bookworm images (debian, nginx, redis): apt-get, and no procps, so neither `ps` nor `/bin/kill`
 * (the shells' builtin kill remains) until `apt-get install procps`.
 */
const BOOKWORM_TOOLS = [...DEBIAN_TOOLS.filter((p) => p !== 'ps' && p !== 'kill'), 'apt-get'];

function img(repo: string, partial: Partial<ImageInfo> & Pick<ImageInfo, 'programs' | 'size' | 'os'>): ImageInfo {
  return { repo, entrypoint: [], cmd: ['/bin/sh'], env: { PATH: STD_PATH }, files: {}, ...partial };
}

const KUBIA_APP = `const http = require('http');
const os = require('os');

console.log("Kubia server starting...");

var handler = function(request, response) {
  console.log("Received request from " + request.connection.remoteAddress);
  response.writeHead(200);
  response.end("You've hit " + os.hostname() + "\\n");
};

var www = http.createServer(handler);
www.listen(8080);
`;
const KUBIA_UNHEALTHY_APP = `const http = require('http');
const os = require('os');

console.log("Kubia server starting...");

var requestCount = 0;

var handler = function(request, response) {
  console.log("Received request from " + request.connection.remoteAddress);
  requestCount++;
  if (requestCount > 5) {
    response.writeHead(500);
    response.end("I'm not well. Please restart me!");
    return;
  }
  response.writeHead(200);
  response.end("You've hit " + os.hostname() + "\\n");
};

var www = http.createServer(handler);
www.listen(8080);
`;
/** curlimages/curl's entrypoint script (what it does is `execs` below). */
const CURL_ENTRYPOINT = `#!/bin/sh
set -e

if [ "\${1#-}" != "\${1}" ] || [ -z "$(command -v "\${1}")" ]; then
  set -- curl "$@"
fi

exec "$@"
`;
/** The Learn Kubernetes Basics app (`server.js` of kubernetes-bootcamp v1; v2 differs in its `v=`). */
function bootcampServer(version: number): string {
  return `var http = require('http');
var requests=0;
var podname= process.env.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | v=${version}\\n");
  console.log("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date() - startTime)/1000 , "seconds", "| Log Time:",new Date());
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date();;
    host = process.env.HOSTNAME;
    console.log ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
`;
}
/** node:6.3.1 (Debian jessie), which the bootcamp images are built on. */
const BOOTCAMP_ENV = { PATH: STD_PATH, NPM_CONFIG_LOGLEVEL: 'info', NODE_VERSION: '6.3.1' };
const NODE_ENV = { PATH: STD_PATH, NODE_VERSION: '7.10.1', YARN_VERSION: '0.24.4', NPM_CONFIG_LOGLEVEL: 'info' };

/** The catalogue, by repository: built on first use (~0.5 ms of objects at every start-up otherwise, and most commands never look an image up). */
let catalogue: Record<string, ImageInfo> | undefined;
const images = (): Record<string, ImageInfo> => (catalogue ??= {
  'luksa/kubia': img('luksa/kubia', {
    entrypoint: ['node', 'app.js'], cmd: [], env: NODE_ENV, app: 'kubia', size: 265738925, os: 'Debian GNU/Linux 8 (jessie)',
    programs: [...DEBIAN_TOOLS, 'node', 'npm', 'curl', 'wget'], files: { '/app.js': KUBIA_APP },
  }),
  'luksa/kubia-unhealthy': img('luksa/kubia-unhealthy', {
    entrypoint: ['node', 'app.js'], cmd: [], env: NODE_ENV, app: 'kubia-unhealthy', size: 265739011, os: 'Debian GNU/Linux 8 (jessie)',
    programs: [...DEBIAN_TOOLS, 'node', 'npm', 'curl', 'wget'], files: { '/app.js': KUBIA_UNHEALTHY_APP },
  }),
  // The chapter's Go web app: alpine + `apk add curl`, answers `this is <hostname>` on 8000.
  'registry.cn-hangzhou.aliyuncs.com/orzi/goweb': img('registry.cn-hangzhou.aliyuncs.com/orzi/goweb', {
    cmd: ['/usr/local/bin/goweb'], app: 'goweb', size: 9418372, os: 'Alpine Linux v3.12', nslookup: 'busybox',
    programs: [...BUSYBOX_TOOLS, 'curl', 'goweb', 'apk'], files: { '/usr/local/bin/goweb': '' },
  }),
  nginx: img('nginx', {
    entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], app: 'nginx', size: 72955450, os: 'Debian GNU/Linux 12 (bookworm)',
    env: { PATH: STD_PATH, NGINX_VERSION: '1.27.3', NJS_VERSION: '0.8.7', NJS_RELEASE: '1~bookworm', PKG_RELEASE: '1~bookworm', DYNPKG_RELEASE: '1~bookworm' },
    programs: [...BOOKWORM_TOOLS, 'nginx', 'curl'],
    files: { '/usr/share/nginx/html/': '', '/etc/nginx/': '', '/etc/nginx/nginx.conf': '', '/etc/nginx/conf.d/': '', '/etc/nginx/conf.d/default.conf': '' },
    hasTag: nginxHasTag,
  }),
  // Debian itself (the Configure Pods pages' command and shared-volume containers): bash by default.
  debian: img('debian', { cmd: ['bash'], size: 48479434, os: 'Debian GNU/Linux 12 (bookworm)', programs: BOOKWORM_TOOLS }),
  // ubuntu 24.04 (the debug pages' debugging image): bash and coreutils (chroot too), apt, and no procps (no `ps`).
  ubuntu: img('ubuntu', { cmd: ['/bin/bash'], size: 29754422, os: 'Ubuntu 24.04.1 LTS', programs: [...BOOKWORM_TOOLS, 'chroot'], files: { '/etc/os-release': UBUNTU_NOBLE_OS_RELEASE } }),
  // redis 7.4 on bookworm: docker-entrypoint.sh execs redis-server, which keeps running (port 6379, not HTTP).
  redis: img('redis', {
    entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], size: 45047262, os: 'Debian GNU/Linux 12 (bookworm)', daemons: ['redis-server'],
    env: { PATH: STD_PATH, GOSU_VERSION: '1.17', REDIS_VERSION: '7.4.1' },
    programs: [...BOOKWORM_TOOLS, 'redis-server', 'redis-cli', 'docker-entrypoint.sh', 'gosu'],
    files: { '/usr/local/bin/docker-entrypoint.sh': '', '/data/': '' },
  }),
  // A classic tutorial image (nginx 1.12 on alpine) whose page names the app; /hostname.html names the pod.
  'ikubernetes/myapp': img('ikubernetes/myapp', {
    entrypoint: [], cmd: ['nginx', '-g', 'daemon off;'], app: 'nginx', size: 6384713, os: 'Alpine Linux v3.7', nslookup: 'busybox-1.28', serverVersion: '1.12.2',
    programs: [...BUSYBOX_TOOLS, 'nginx'],
    files: { '/usr/share/nginx/html/index.html': 'Hello MageEdu.com | <a href="hostname.html">Pod Name</a>\n' },
  }),
  tomcat: img('tomcat', {
    cmd: ['catalina.sh', 'run'], app: 'tomcat', size: 172468512, os: 'Ubuntu 24.04.1 LTS',
    env: { PATH: `/usr/local/tomcat/bin:/opt/java/openjdk/bin:${STD_PATH}`, CATALINA_HOME: '/usr/local/tomcat', JAVA_HOME: '/opt/java/openjdk', TOMCAT_VERSION: '11.0.2', JAVA_VERSION: 'jdk-21.0.5+11', LANG: 'en_US.UTF-8' },
    programs: [...DEBIAN_TOOLS, 'java', 'catalina.sh'], files: { '/usr/local/tomcat/': '', '/usr/local/tomcat/webapps/': '' },
  }),
  busybox: img('busybox', { cmd: ['sh'], size: 2155497, os: 'BusyBox', nslookup: 'busybox', busybox: BUSYBOX_BUILDS.v1_37, programs: BUSYBOX_TOOLS, env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' } }),
  alpine: img('alpine', { cmd: ['/bin/sh'], size: 3653068, os: 'Alpine Linux v3.21', nslookup: 'busybox', busybox: BUSYBOX_BUILDS.v1_37_alpine, programs: [...BUSYBOX_TOOLS, 'apk'] }),
  // The Assign Memory Resources task's load generator: stress 1.0.4 on Alpine (its ENTRYPOINT is empty).
  'polinux/stress': img('polinux/stress', { cmd: ['stress'], size: 4041495, os: 'Alpine Linux v3.7', nslookup: 'busybox', programs: [...BUSYBOX_TOOLS, 'stress'] }),
  // The Assign CPU Resources task's CPU burner (github.com/vishh/stress): one static binary logging to stderr.
  'vish/stress': img('vish/stress', { entrypoint: ['/stress', '-logtostderr'], cmd: [], app: 'vish-stress', size: 1163748, os: 'distroless', programs: ['stress'], files: { '/stress': '' } }),
  // CirrOS boots an init that keeps running, so `run cirros -- sh` style pods stay up.
  cirros: img('cirros', { cmd: ['/sbin/init'], size: 9727842, os: 'CirrOS', nslookup: 'busybox-1.28', programs: [...BUSYBOX_TOOLS, 'curl', 'init'] }),
  // Its /entrypoint.sh runs curl with the arguments unless the first one names a program (`-- sh`).
  'curlimages/curl': img('curlimages/curl', {
    entrypoint: ['/entrypoint.sh'], cmd: ['curl'], size: 10453716, os: 'Alpine Linux v3.21', nslookup: 'busybox', busybox: BUSYBOX_BUILDS.v1_37_alpine,
    env: { PATH: STD_PATH, CURL_CA_BUNDLE: '/cacert.pem', CURL_VERSION: '8.11.1' }, programs: [...BUSYBOX_TOOLS, 'curl'],
    files: { '/entrypoint.sh': CURL_ENTRYPOINT },
    execs: (args) => {
      const first = args[0] ?? '';
      const isCommand = first !== '' && [...BUSYBOX_TOOLS, 'curl'].includes(first.replace(/^.*\//, ''));
      return first.startsWith('-') || !isCommand ? ['curl', ...args] : args;
    },
  }),
  // The Debug Services page's server: a Go binary on BusyBox answering its hostname on 9376.
  'registry.k8s.io/serve_hostname': img('registry.k8s.io/serve_hostname', {
    entrypoint: ['/serve_hostname'], cmd: [], app: 'serve-hostname', size: 2473185, os: 'BusyBox', nslookup: 'busybox-1.28', busybox: BUSYBOX_BUILDS.v1_22,
    programs: [...BUSYBOX_TOOLS, 'serve_hostname'], files: { '/serve_hostname': '' },
  }),
  // nginx + lua echoing the request (Using Source IP, minikube's hello-minikube); 8080 plain, 8443 TLS.
  'registry.k8s.io/echoserver': img('registry.k8s.io/echoserver', {
    cmd: ['/usr/local/bin/run.sh'], app: 'echoserver', size: 46237281, os: 'Ubuntu 16.04.3 LTS',
    programs: [...DEBIAN_TOOLS, 'nginx', 'openssl', 'run.sh'], files: { '/usr/local/bin/run.sh': '' },
  }),
  // The sandbox's pause container (Debug Running Pods runs pause:3.1 as a pod): one static binary, no shell.
  'registry.k8s.io/pause': img('registry.k8s.io/pause', {
    entrypoint: ['/pause'], cmd: [], size: 317164, os: 'distroless', programs: ['pause'], daemons: ['pause'], files: { '/pause': '' },
  }),
  // Google's hello-app (distroless: no shell): `Hello, world!`, its version and hostname on $PORT (8080).
  'gcr.io/google-samples/hello-app': img('gcr.io/google-samples/hello-app', {
    cmd: ['/hello-app'], app: 'hello-app', size: 4235717, os: 'Debian GNU/Linux 12 (bookworm)',
    env: { PATH: STD_PATH, PORT: '8080' }, programs: ['hello-app'], files: { '/hello-app': '' },
  }),
  // Learn Kubernetes Basics: node's http server.js on 8080 (`Hello Kubernetes bootcamp! | Running on: <pod> | v=1`).
  'gcr.io/google-samples/kubernetes-bootcamp': img('gcr.io/google-samples/kubernetes-bootcamp', {
    cmd: ['/bin/sh', '-c', 'node server.js'], app: 'bootcamp', size: 83672290, os: 'Debian GNU/Linux 8 (jessie)', env: BOOTCAMP_ENV,
    programs: [...DEBIAN_TOOLS, 'node', 'npm', 'curl', 'wget'], files: { '/server.js': bootcampServer(1) }, tags: ['v1'],
  }),
  // The update module's image: the same app answering `v=2`.
  'jocatalin/kubernetes-bootcamp': img('jocatalin/kubernetes-bootcamp', {
    cmd: ['/bin/sh', '-c', 'node server.js'], app: 'bootcamp', size: 83672296, os: 'Debian GNU/Linux 8 (jessie)', env: BOOTCAMP_ENV,
    programs: [...DEBIAN_TOOLS, 'node', 'npm', 'curl', 'wget'], files: { '/server.js': bootcampServer(2) }, tags: ['v1', 'v2'],
  }),
  // The e2e test image: /agnhost SUBCOMMAND (netexec, serve-hostname, pause, dns-suffix, ...) on Alpine.
  'registry.k8s.io/e2e-test-images/agnhost': img('registry.k8s.io/e2e-test-images/agnhost', {
    entrypoint: ['/agnhost'], cmd: ['pause'], size: 51233567, os: 'Alpine Linux v3.16', nslookup: 'bind9',
    programs: [...BUSYBOX_TOOLS, ...NET_TOOLS, 'apk', 'iperf', 'agnhost', 'coredns'],
    files: { '/agnhost': '', '/coredns': '', '/localhost.crt': '', '/localhost.key': '', '/uploads/': '' },
  }),
  // The network troubleshooting swiss-army knife (zsh by default).
  'nicolaka/netshoot': img('nicolaka/netshoot', {
    cmd: ['zsh'], size: 186520418, os: 'Alpine Linux v3.20', nslookup: 'bind9', busybox: BUSYBOX_BUILDS.v1_36,
    programs: [...BUSYBOX_TOOLS, ...NET_TOOLS, 'apk', 'zsh', 'drill', 'tcpdump', 'iperf3', 'jq', 'nmap', 'netstat', 'traceroute', 'mtr', 'socat', 'openssl'],
  }),
  // The Connecting Applications page's HTTPS nginx (2016): certificates from /etc/nginx/ssl, config from conf.d.
  'bprashanth/nginxhttps': img('bprashanth/nginxhttps', {
    cmd: ['/home/auto-reload-nginx.sh'], app: 'nginx-https', size: 72470152, os: 'Debian GNU/Linux 8 (jessie)', serverVersion: '1.9.10',
    env: { PATH: STD_PATH, NGINX_VERSION: '1.9.10-1~jessie' },
    programs: [...DEBIAN_TOOLS, 'nginx', 'inotifywait', 'auto-reload-nginx.sh'],
    files: { '/home/auto-reload-nginx.sh': '', '/etc/nginx/': '', '/etc/nginx/conf.d/': '', '/etc/nginx/ssl/': '' },
  }),
  // Old curl-on-BusyBox image of older versions of the same page.
  'radial/busyboxplus': img('radial/busyboxplus', {
    cmd: ['/bin/sh'], size: 4945248, os: 'BusyBox', nslookup: 'busybox-1.28', busybox: BUSYBOX_BUILDS.v1_22, programs: [...BUSYBOX_TOOLS, 'curl'],
  }),
  // The Debug Services page's client: a 2014 BusyBox, whose nslookup is the classic one.
  'gcr.io/google-containers/busybox': img('gcr.io/google-containers/busybox', {
    cmd: ['sh'], size: 676643, os: 'BusyBox', nslookup: 'busybox-1.28', busybox: BUSYBOX_BUILDS.v1_22, programs: BUSYBOX_TOOLS,
  }),
  'tutum/dnsutils': img('tutum/dnsutils', {
    cmd: ['/bin/bash'], size: 78218400, os: 'Ubuntu 14.04.1 LTS', nslookup: 'bind9',
    programs: [...DEBIAN_TOOLS, 'nslookup', 'dig', 'host', 'ping'],
  }),
  'registry.k8s.io/e2e-test-images/jessie-dnsutils': img('registry.k8s.io/e2e-test-images/jessie-dnsutils', {
    cmd: ['/bin/sh'], size: 112297344, os: 'Debian GNU/Linux 8 (jessie)', nslookup: 'bind9',
    programs: [...DEBIAN_TOOLS, 'nslookup', 'dig', 'host', 'ping', 'wget', 'curl'],
  }),
  'registry.k8s.io/coredns/coredns': img('registry.k8s.io/coredns/coredns', {
    entrypoint: ['/coredns'], cmd: [], app: 'coredns', size: 18562039, os: 'distroless', programs: ['coredns'],
    env: { PATH: STD_PATH }, files: { '/coredns': '', '/etc/coredns/': '', '/etc/coredns/Corefile': '' },
  }),
  'registry.k8s.io/ingress-nginx/controller': img('registry.k8s.io/ingress-nginx/controller', {
    entrypoint: ['/usr/bin/dumb-init', '--'], cmd: ['/nginx-ingress-controller'], app: 'ingress-nginx', size: 105413467, os: 'Alpine Linux v3.21', nslookup: 'busybox',
    env: { PATH: STD_PATH, LUA_PATH: '/usr/local/share/luajit-2.1.0-beta3/?.lua;/usr/local/share/lua/5.1/?.lua;/usr/local/lib/lua/?.lua;;' },
    programs: [...BUSYBOX_TOOLS, 'nginx', 'nginx-ingress-controller', 'dumb-init', 'curl'], files: { '/etc/nginx/': '', '/etc/nginx/nginx.conf': '' },
  }),
  // ingress-nginx's admission Jobs: a static binary on a distroless base (see addons/ingress-nginx).
  'registry.k8s.io/ingress-nginx/kube-webhook-certgen': img('registry.k8s.io/ingress-nginx/kube-webhook-certgen', {
    entrypoint: ['/kube-webhook-certgen'], cmd: [], size: 29441200, os: 'distroless', programs: ['kube-webhook-certgen'],
    files: { '/kube-webhook-certgen': '' },
  }),
});

/**
 * containerd's error for an image whose tag the registry does not have (a catalogued image with known
 * tags), or undefined when it pulls.
 */
export function imagePullFailure(image: string): string | undefined {
  const ref = parseImage(image);
  const info = images()[ALIASES[ref.key] ?? ref.key];
  const tag = ref.tag ?? 'latest';
  // A scheme is the repository's own (an alias such as nginx-slim has tags of its own); a digest pulls.
  const missing = info?.tags ? !info.tags.includes(tag) : info?.hasTag && !ALIASES[ref.key] && ref.tag !== undefined ? !info.hasTag(tag) : false;
  if (!missing) return undefined;
  const name = resolvedImageName(image);
  return `failed to pull and unpack image "${name}": failed to resolve reference "${name}": ${name}: not found`;
}

/** Other names for catalogue images (Docker Hub mirrors used in the chapter's notes). */
const ALIASES: Record<string, string> = {
  'yinzige/kubia': 'luksa/kubia',
  'k8s.gcr.io/coredns/coredns': 'registry.k8s.io/coredns/coredns',
  'k8s.gcr.io/coredns': 'registry.k8s.io/coredns/coredns',
  'gcr.io/kubernetes-e2e-test-images/dnsutils': 'registry.k8s.io/e2e-test-images/jessie-dnsutils',
  'registry.k8s.io/e2e-test-images/dnsutils': 'registry.k8s.io/e2e-test-images/jessie-dnsutils',
  'k8s.gcr.io/ingress-nginx/controller': 'registry.k8s.io/ingress-nginx/controller',
  'quay.io/kubernetes-ingress-controller/nginx-ingress-controller': 'registry.k8s.io/ingress-nginx/controller',
  'k8s.gcr.io/serve_hostname': 'registry.k8s.io/serve_hostname',
  'k8s.gcr.io/pause': 'registry.k8s.io/pause',
  'gcr.io/google_containers/serve_hostname': 'registry.k8s.io/serve_hostname',
  'gcr.io/google-containers/serve_hostname': 'registry.k8s.io/serve_hostname',
  'k8s.gcr.io/echoserver': 'registry.k8s.io/echoserver',
  'gcr.io/google_containers/echoserver': 'registry.k8s.io/echoserver',
  'gcr.io/google-containers/echoserver': 'registry.k8s.io/echoserver',
  'googlecontainer/echoserver': 'registry.k8s.io/echoserver',
  'us-docker.pkg.dev/google-samples/containers/gke/hello-app': 'gcr.io/google-samples/hello-app',
  'k8s.gcr.io/e2e-test-images/agnhost': 'registry.k8s.io/e2e-test-images/agnhost',
  'gcr.io/kubernetes-e2e-test-images/agnhost': 'registry.k8s.io/e2e-test-images/agnhost',
  'gcr.io/google_containers/busybox': 'gcr.io/google-containers/busybox',
  'k8s.gcr.io/busybox': 'gcr.io/google-containers/busybox',
  'k8s.gcr.io/ingress-nginx/kube-webhook-certgen': 'registry.k8s.io/ingress-nginx/kube-webhook-certgen',
  'jettech/kube-webhook-certgen': 'registry.k8s.io/ingress-nginx/kube-webhook-certgen',
  // The StatefulSet tutorial's image: nginx built small for Kubernetes tests.
  'registry.k8s.io/nginx-slim': 'nginx',
  'k8s.gcr.io/nginx-slim': 'nginx',
};

export interface ImageRef {
  /** Registry host as containerd resolves it (`docker.io` for Docker Hub). */
  registry: string;
  /** Repository path inside the registry (`library/nginx`, `luksa/kubia`). */
  path: string;
  /** Tag (`latest` when absent) or undefined when pinned by digest only. */
  tag?: string;
  digest?: string;
  /** Catalogue key (registry dropped for Docker Hub, `library/` dropped). */
  key: string;
}

/** Parse an image reference as containerd normalises it. */
export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0]!;
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  let path = hasRegistry ? rest.slice(first.length + 1) : rest;
  if (registry === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  if (!tag && !digest) tag = 'latest';
  const key = registry === 'docker.io' ? path.replace(/^library\//, '') : `${registry}/${path}`;
  return { registry, path, tag, digest, key };
}

/** Catalogue entry for an image reference, or undefined for images kube-sim does not know. */
export function lookupImage(image: string): ImageInfo | undefined {
  const ref = parseImage(image);
  const info = images()[ALIASES[ref.key] ?? ref.key];
  if (info && /alpine/.test(ref.tag ?? '') && info.os.startsWith('Ubuntu')) return alpineVariant(info);
  if (info?.repo === 'busybox') return busyboxRelease(info, ref.tag ?? 'latest');
  return info;
}

/** The `busybox` image of a tag: its BusyBox build, and the classic nslookup of releases before 1.31. */
function busyboxRelease(info: ImageInfo, tag: string): ImageInfo {
  const m = /^1\.(\d+)/.exec(tag);
  if (!m) return info;
  const minor = Number(m[1]);
  if (minor <= 30) return { ...info, nslookup: 'busybox-1.28', busybox: minor === 28 ? BUSYBOX_BUILDS.v1_28 : undefined };
  return { ...info, busybox: minor === 36 ? BUSYBOX_BUILDS.v1_36 : minor === 37 ? BUSYBOX_BUILDS.v1_37 : undefined };
}

/**
 * The command line a container really runs: the runtime's argv, with an entrypoint script that only
 * picks what to exec (curlimages/curl's) replaced by what it execs.
 */
export function execArgv(info: ImageInfo, argv: string[]): string[] {
  if (info.execs && argv.length && info.entrypoint.length && argv[0] === info.entrypoint[0]) return info.execs(argv.slice(1));
  return argv;
}

/**
 * `-alpine` tags of Debian/Ubuntu-based images (e.g. `tomcat:8.5.34-jre8-alpine`, seed 002): BusyBox tools
 * plus bash, and BusyBox 1.2x's classic nslookup.
 */
function alpineVariant(info: ImageInfo): ImageInfo {
  return { ...info, os: 'Alpine Linux v3.8', nslookup: 'busybox-1.28', busybox: BUSYBOX_BUILDS.v1_28_alpine, programs: [...BUSYBOX_TOOLS, 'bash', ...info.programs.filter((p) => !DEBIAN_TOOLS.includes(p))] };
}

/** The generic image used for references outside the catalogue (see the module comment). */
export function genericImage(image: string): ImageInfo {
  return img(parseImage(image).key, { cmd: [], app: 'generic', size: 5_000_000, os: 'Linux', nslookup: 'busybox', programs: [...BUSYBOX_TOOLS, 'curl'] });
}

/** Catalogue entry or the generic fallback. */
export function imageInfo(image: string): ImageInfo {
  return lookupImage(image) ?? genericImage(image);
}

/** Does the image have `name` on its PATH? (`/bin/ls` style paths are reduced to the base name.) Used by the in-container shell. */
export function imageHasProgram(image: string, name: string): boolean {
  const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  return imageInfo(image).programs.includes(base);
}

/** Which nslookup the image ships (undefined: none). */
export function imageNslookupStyle(image: string): ImageInfo['nslookup'] {
  return imageInfo(image).nslookup;
}

/** The fully qualified name containerd reports in containerStatuses[].image (`docker.io/luksa/kubia:latest`). */
export function resolvedImageName(image: string): string {
  const r = parseImage(image);
  return `${r.registry}/${r.path}${r.tag ? `:${r.tag}` : ''}${r.digest && !r.tag ? `@${r.digest}` : ''}`;
}

/**
 * Digests already computed, by image reference: a read on the wall clock asks for every running
 * container's. Bounded, for a long `serve` that meets many image names.
 */
const digests = new Map<string, string>();
const DIGESTS_KEPT = 1024;

/** A stable sha256 digest for an image (same image, same digest, on every cluster). */
export function imageDigest(image: string): string {
  let digest = digests.get(image);
  if (digest === undefined) {
    const r = parseImage(image);
    digest = r.digest?.startsWith('sha256:') ? r.digest : 'sha256:' + createHash('sha256').update(`${r.registry}/${r.path}:${r.tag}`).digest('hex');
    if (digests.size >= DIGESTS_KEPT) digests.clear();
    digests.set(image, digest);
  }
  return digest;
}

/** containerStatuses[].imageID: `docker.io/luksa/kubia@sha256:<64 hex>`. */
export function imageID(image: string): string {
  const r = parseImage(image);
  return `${r.registry}/${r.path}@${imageDigest(image)}`;
}

/** The version an image tag implies for servers that print it (nginx, tomcat). */
export function imageTag(image: string): string {
  return parseImage(image).tag ?? 'latest';
}
