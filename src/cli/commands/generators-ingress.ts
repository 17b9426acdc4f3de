/**
 * `create` generators owned by the ingress work: `create ingress` (kubectl's rule syntax
 * host/path=svc:port[,tls[=secret]]), `create secret tls` (the files must form a PEM key pair, checked as
 * Go's tls.X509KeyPair does) and `create secret generic` (--from-literal, --from-file, --from-env-file).
 * Generated objects are what kubectl 1.32 builds client-side; the API server then admits them as usual.
 */
import type { Command } from 'commander';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { Generator } from './create-generators.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError } from '../../api/errors.js';
import { qualifiedMessage } from './generators-batch.js';
import { createObject } from '../../api/server.js';
import { KINDS } from '../../api/registry.js';
import { kindPrefix, type KindInfo } from '../../api/kind.js';
import { renderObjects } from '../../printers/output.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface GenOptions {
  output?: string;
  dryRun?: string | boolean;
}

function dryRunMode(v: string | boolean | undefined): 'none' | 'client' | 'server' {
  if (v === undefined || v === false || v === 'none') return 'none';
  if (v === true || v === '' || v === 'client' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  throw new CliError(`Invalid dry-run value (${String(v)}). Must be "none", "server", or "client".`);
}

/** Create (or dry-run) a generated object, printing `-o` output or the success line; API errors wrapped as kubectl's generators do (`what` is the wrapping prefix). */
function writeGenerated(ctx: CommandContext, info: KindInfo, obj: KubeObject, opts: GenOptions, what: string): number {
  const mode = dryRunMode(opts.dryRun);
  if (ctx.namespaceExplicit && info.namespaced) obj.metadata.namespace = ctx.namespace;
  let shown: KubeObject = obj;
  if (mode === 'client') {
    (obj.metadata as Record<string, unknown>).creationTimestamp = null;
  } else {
    const toCreate = structuredClone(obj);
    if (info.namespaced) toCreate.metadata.namespace = ctx.namespace;
    try {
      if (mode === 'server') {
        const { state, env } = ctx.read();
        shown = createObject(structuredClone(state), env, info, toCreate);
      } else {
        shown = ctx.mutate((state, env) => createObject(state, env, info, toCreate)).result;
      }
    } catch (e) {
      if (e instanceof ApiError) throw new CliError(`${what}${qualifiedMessage(e, info)}`);
      throw e;
    }
  }
  if (opts.output) {
    ctx.out(renderObjects(opts.output, [shown], true, { cwd: ctx.io.cwd, files: ctx.files }));
    return 0;
  }
  const suffix = mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
  ctx.out(`${kindPrefix(info)}/${obj.metadata.name} created${suffix}\n`);
  return 0;
}

function oneName(args: string[], usage: string): string {
  if (args.length !== 1) throw new CliError(`exactly one NAME is required, got ${args.length}`, usage);
  return args[0]!;
}

// ---------------------------------------------------------------------------------------------------
// create ingress

const RULE = /^([\w*\-.]*)(\/.*)=([a-z0-9]([-a-z0-9]*[a-z0-9])?):([\w-]+)(,tls=?([\w-]+)?)?$/;
const DEFAULT_BACKEND = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?:[\w-]+$/;

interface IngressOptions extends GenOptions {
  rule?: string[];
  class?: string;
  defaultBackend?: string;
  annotation?: string[];
}

function backend(svcPort: string): Record<string, unknown> {
  const [name, port = ''] = svcPort.split(':');
  const portObj = /^-?\d+$/.test(port) ? { number: Number(port) } : port ? { name: port } : {};
  return { service: { name, port: portObj } };
}

/** The Ingress kubectl's `create ingress` builds. */
export function generateIngress(name: string, opts: IngressOptions): KubeObject {
  const rules = opts.rule ?? [];
  if (!opts.defaultBackend && !rules.length)
    throw new CliError('not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
  for (const r of rules) if (!RULE.test(r)) throw new CliError(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
  for (const a of opts.annotation ?? []) if (!a.includes('=')) throw new CliError(`annotation ${a} is invalid and should be in format key=[value]`);
  if (opts.defaultBackend && opts.defaultBackend.split(':').length !== 2) throw new CliError('default-backend should be in format servicename:serviceport');
  void DEFAULT_BACKEND;
  const spec: Record<string, unknown> = {};
  if (opts.class) spec.ingressClassName = opts.class;
  if (opts.defaultBackend) spec.defaultBackend = backend(opts.defaultBackend);
  // TLS entries: one per host with `,tls` (first rule of a host wins).
  const tls: Record<string, unknown>[] = [];
  const seenHosts = new Set<string>();
  for (const r of rules) {
    let secret = '';
    const parts = r.split(',');
    if (parts.length === 1) continue;
    const host = r.split('/')[0]!;
    if (seenHosts.has(host)) continue;
    if (parts.length === 2) {
      const s = parts[1]!.split('=');
      if (s.length === 2) secret = s[1]!;
    }
    seenHosts.add(host);
    const entry: Record<string, unknown> = {};
    if (host) entry.hosts = [host];
    if (secret) entry.secretName = secret;
    tls.push(entry);
  }
  if (tls.length) spec.tls = tls;
  const out: { host?: string; http: { paths: Record<string, unknown>[] } }[] = [];
  for (const r of rules) {
    const noTls = r.split(',')[0]!;
    const slash = noTls.indexOf('/');
    const host = noTls.slice(0, slash);
    const pathRule = noTls.slice(slash + 1);
    const eq = pathRule.indexOf('=');
    let path = '/' + pathRule.slice(0, eq);
    let pathType = 'Exact';
    if (path.endsWith('*')) {
      pathType = 'Prefix';
      path = path.slice(0, -1);
    }
    const p = { backend: backend(pathRule.slice(eq + 1)), path, pathType };
    const existing = out.find((x) => (x.host ?? '') === host);
    if (existing) existing.http.paths.push(p);
    else out.push({ ...(host ? { host } : {}), http: { paths: [p] } });
  }
  if (out.length) spec.rules = out;
  const annotations: Record<string, string> = {};
  for (const a of opts.annotation ?? []) {
    const i = a.indexOf('=');
    annotations[a.slice(0, i)] = a.slice(i + 1);
  }
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec,
    status: { loadBalancer: {} },
  };
}

// ---------------------------------------------------------------------------------------------------
// create secret tls / generic

/** Read a file named on the command line, with Go's os.ReadFile wording on failure. */
function readUserFile(ctx: CommandContext, path: string): Buffer {
  const full = resolve(ctx.io.cwd, path);
  const st = ctx.files.stat(full);
  if (!st) throw new CliError(`Cannot read file ${path}, open ${path}: no such file or directory`);
  if (st.isDirectory) throw new CliError(`Cannot read file ${path}, read ${path}: is a directory`);
  return ctx.files.read(full);
}

/** PEM blocks (type and body) of a text, as encoding/pem decodes them. */
function pemBlocks(text: string): { type: string; pem: string }[] {
  const out: { type: string; pem: string }[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
  for (const m of text.matchAll(re)) out.push({ type: m[1]!, pem: m[0] });
  return out;
}

/** Go's tls.X509KeyPair checks, with its error texts. */
export function checkKeyPair(certText: string, keyText: string): void {
  const certBlocks = pemBlocks(certText);
  if (!certBlocks.length) throw new CliError('tls: failed to find any PEM data in certificate input');
  const certs = certBlocks.filter((b) => b.type === 'CERTIFICATE');
  if (!certs.length) {
    if (certBlocks.some((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY')))
      throw new CliError('tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched');
    throw new CliError(`tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certBlocks.map((b) => b.type).join(' ')}]`);
  }
  const keyBlocks = pemBlocks(keyText);
  if (!keyBlocks.length) throw new CliError('tls: failed to find any PEM data in key input');
  const key = keyBlocks.find((b) => b.type === 'PRIVATE KEY' || b.type.endsWith(' PRIVATE KEY'));
  if (!key) {
    const types = keyBlocks.map((b) => b.type);
    if (types.includes('CERTIFICATE')) throw new CliError("tls: found a certificate rather than a key in the PEM for the private key");
    throw new CliError(`tls: failed to find "PRIVATE KEY" PEM block in key input after skipping PEM blocks of the following types: [${types.join(' ')}]`);
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certs[0]!.pem);
  } catch {
    throw new CliError('x509: malformed certificate');
  }
  let pk;
  try {
    pk = createPrivateKey(key.pem);
  } catch {
    throw new CliError('tls: failed to parse private key');
  }
  if (!cert.checkPrivateKey(pk)) throw new CliError('tls: private key does not match public key');
}

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

interface SecretOptions extends GenOptions {
  cert?: string;
  key?: string;
  fromLiteral?: string[];
  fromFile?: string[];
  fromEnvFile?: string[];
  type?: string;
}

function addKey(data: Record<string, string>, key: string, value: Buffer, name: string): void {
  if (!CONFIG_KEY.test(key)) throw new CliError(`"${key}" is not valid key name for a Secret ${CONFIG_KEY_MSG}`);
  void name;
  if (key in data) throw new CliError(`cannot add key ${key}, another key by that name already exists`);
  data[key] = value.toString('base64');
}

function genericSecret(ctx: CommandContext, name: string, opts: SecretOptions): KubeObject {
  const data: Record<string, string> = {};
  for (const f of opts.fromFile ?? []) {
    const eq = f.indexOf('=');
    const [key, path] = eq >= 0 ? [f.slice(0, eq), f.slice(eq + 1)] : [undefined, f];
    if (key === '') throw new CliError(`key name for file path ${path} missing`);
    const full = resolve(ctx.io.cwd, path!);
    const st = ctx.files.stat(full);
    if (!st) throw new CliError(`error reading ${path}: no such file or directory`);
    if (st.isDirectory) {
      if (key) throw new CliError('cannot give a key name for a directory path');
      for (const n of ctx.files.list(full)) {
        const p = resolve(full, n);
        if (ctx.files.stat(p)?.isFile) addKey(data, n, ctx.files.read(p), name);
      }
    } else addKey(data, key ?? basename(path!), ctx.files.read(full), name);
  }
  for (const l of opts.fromLiteral ?? []) {
    const eq = l.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid literal source ${l}, expected key=value`);
    addKey(data, l.slice(0, eq), Buffer.from(l.slice(eq + 1)), name);
  }
  for (const f of opts.fromEnvFile ?? []) {
    const text = readUserFile(ctx, f).toString('utf8');
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.replace(/^\s+/, '');
      if (!line || line.startsWith('#')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) {
        // A bare name takes its value from the (injected) environment, empty when unset.
        addKey(data, line.trim(), Buffer.from(ctx.io.env[line.trim()] ?? ''), name);
        void i;
        continue;
      }
      addKey(data, line.slice(0, eq), Buffer.from(line.slice(eq + 1)), name);
    }
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name },
    ...(Object.keys(data).length ? { data } : {}),
    ...(opts.type ? { type: opts.type } : {}),
  };
}

function tlsSecret(ctx: CommandContext, name: string, opts: SecretOptions): KubeObject {
  if (!opts.key || !opts.cert) throw new CliError('key and cert must be specified');
  const cert = readUserFile(ctx, opts.cert);
  const key = readUserFile(ctx, opts.key);
  checkKeyPair(cert.toString('utf8'), key.toString('utf8'));
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name },
    data: { 'tls.crt': cert.toString('base64'), 'tls.key': key.toString('base64') },
    type: 'kubernetes.io/tls',
  };
}

function register(create: Command, h: Harness): void {
  create
    .command('ingress')
    .alias('ing')
    .description('Create an ingress with the specified name')
    .argument('[name...]')
    .option('--rule <rule>', 'Rule in format host/path=service:port[,tls=secretname]', collect)
    .option('--class <name>', 'Ingress Class to be used')
    .option('--default-backend <svc:port>', 'Default service for backend, in format of svcname:port')
    .option('--annotation <key=value>', 'Annotation to insert in the ingress object', collect)
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run [mode]', 'none, client or server')
    .option('--validate <mode>', 'Accepted for compatibility')
    .option('--save-config', 'Accepted for compatibility')
    .action(
      h.action<IngressOptions>((ctx, args, _opts, cmd) => {
        const opts = cmd.optsWithGlobals() as IngressOptions;
        const name = oneName(args, 'create ingress');
        return writeGenerated(ctx, KINDS.Ingress, generateIngress(name, opts), opts, 'failed to create ingress: ');
      }),
    );

  // `create secret` may already exist (generators of another area): add the sub-commands missing.
  const secret = create.commands.find((c) => c.name() === 'secret') ?? create.command('secret').description('Create a secret using a specified subcommand');
  const has = (n: string) => secret.commands.some((c) => c.name() === n);
  const common = (c: Command) =>
    c
      .option('-o, --output <format>', 'Output format')
      .option('--dry-run [mode]', 'none, client or server')
      .option('--validate <mode>', 'Accepted for compatibility')
      .option('--save-config', 'Accepted for compatibility')
      .option('--append-hash', 'Accepted for compatibility');
  if (!has('tls')) {
    common(
      secret
        .command('tls')
        .description('Create a TLS secret')
        .argument('[name...]')
        .option('--cert <file>', 'Path to PEM encoded public key certificate.')
        .option('--key <file>', 'Path to private key associated with given certificate.'),
    ).action(
      h.action<SecretOptions>((ctx, args, _opts, cmd) => {
        const opts = cmd.optsWithGlobals() as SecretOptions;
        const name = oneName(args, 'create secret tls');
        return writeGenerated(ctx, KINDS.Secret, tlsSecret(ctx, name, opts), opts, 'failed to create secret ');
      }),
    );
  }
  if (!has('generic')) {
    common(
      secret
        .command('generic')
        .description('Create a secret from a local file, directory, or literal value')
        .argument('[name...]')
        .option('--from-literal <key=value>', 'Specify a key and literal value to insert in secret', collect)
        .option('--from-file <[key=]source>', 'Key files can be specified using their file path', collect)
        .option('--from-env-file <file>', 'Specify the path to a file to read lines of key=val pairs', collect)
        .option('--type <type>', 'The type of secret to create'),
    ).action(
      h.action<SecretOptions>((ctx, args, _opts, cmd) => {
        const opts = cmd.optsWithGlobals() as SecretOptions;
        const name = oneName(args, 'create secret generic');
        return writeGenerated(ctx, KINDS.Secret, genericSecret(ctx, name, opts), opts, 'failed to create secret ');
      }),
    );
  }
}

export const ingressGenerators: Generator[] = [register];
