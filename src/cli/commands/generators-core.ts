/**
 * `create namespace NAME`, `create serviceaccount NAME` and `create configmap NAME --from-literal/--from-file/--from-env-file
 * [--append-hash]`, as kubectl 1.32 builds them client-side. API errors are not wrapped (kubectl's
 * namespace and configmap generators return them as they are).
 */
import { createHash } from 'node:crypto';
import { basename, resolve, join } from 'node:path';
import { realFiles, type HostFiles } from '../../util/host-files.js';
import type { Command } from 'commander';
import type { Generator } from './create-generators.js';
import type { Harness } from '../harness.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError } from '../../api/errors.js';
import { kindPrefix } from '../../api/kind.js';
import { KINDS } from '../../api/registry.js';
import { createObject } from '../../api/server.js';
import { renderObjects } from '../../printers/output.js';
import { dryRunMode } from './service-write.js';
import { goJsonText } from '../../util/go-json.js';

interface GenOptions {
  output?: string;
  dryRun?: string | boolean;
  fromLiteral?: string[];
  fromFile?: string[];
  fromEnvFile?: string[];
  appendHash?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** Create (or dry-run) one generated object and print as kubectl does. */
export function emit(ctx: CommandContext, obj: KubeObject, goOrder: KubeObject, opts: GenOptions): number {
  const info = KINDS[obj.kind as keyof typeof KINDS];
  const mode = dryRunMode(opts.dryRun);
  let shown: KubeObject = goOrder;
  if (mode === 'none') {
    shown = ctx.mutate((state, env) => createObject(state, env, info, structuredClone(obj), { fieldManager: 'kubectl-create' })).result;
  } else if (mode === 'server') {
    const { state, env } = ctx.read();
    shown = createObject(state, env, info, structuredClone(obj), { dryRun: true, fieldManager: 'kubectl-create' });
  }
  if (opts.output) {
    // A client-side dry run prints the typed object: JSON in Go struct field order, YAML sorted.
    if (opts.output === 'json' && mode === 'client') ctx.out(goJsonText(goOrder, 4) + '\n');
    else ctx.out(renderObjects(opts.output, [shown], true, { cwd: ctx.io.cwd, files: ctx.files, typed: mode === 'client' }));
    return 0;
  }
  const suffix = mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
  ctx.out(`${kindPrefix(info)}/${shown.metadata.name} created${suffix}\n`);
  return 0;
}

function addKey(data: Record<string, string>, other: Record<string, string>, key: string, value: string, name: string): void {
  if (!CONFIG_KEY.test(key)) throw new CliError(`${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${CONFIG_KEY_MSG}`);
  if (key in data || key in other) throw new CliError(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`);
  data[key] = value;
}

/** File content goes to data when it is UTF-8 text, to binaryData (base64) otherwise. */
function addFile(host: HostFiles, cm: { data: Record<string, string>; binaryData: Record<string, string> }, key: string, path: string, name: string): void {
  const bytes = host.read(path);
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(bytes)) addKey(cm.data, cm.binaryData, key, text, name);
  else addKey(cm.binaryData, cm.data, key, bytes.toString('base64'), name);
}

export function buildConfigMap(name: string, opts: GenOptions, cwd: string, host: HostFiles = realFiles): { data: Record<string, string>; binaryData: Record<string, string> } {
  const cm = { data: {} as Record<string, string>, binaryData: {} as Record<string, string> };
  for (const spec of opts.fromFile ?? []) {
    const eq = spec.indexOf('=');
    const key = eq >= 0 ? spec.slice(0, eq) : '';
    const file = eq >= 0 ? spec.slice(eq + 1) : spec;
    const path = resolve(cwd, file);
    const st = host.stat(path);
    if (!st) throw new CliError(`error reading ${file}: no such file or directory`);
    if (st.isDirectory) {
      if (key) throw new CliError('cannot give a key name for a directory path');
      for (const f of host.list(path)) {
        const full = join(path, f);
        if (host.stat(full)?.isFile && CONFIG_KEY.test(f)) addFile(host, cm, f, full, name);
      }
    } else addFile(host, cm, key || basename(file), path, name);
  }
  for (const spec of opts.fromLiteral ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new CliError(`invalid literal source ${spec}, expected key=value`);
    addKey(cm.data, cm.binaryData, spec.slice(0, eq), spec.slice(eq + 1), name);
  }
  for (const file of opts.fromEnvFile ?? []) {
    const path = resolve(cwd, file);
    if (!host.stat(path)) throw new CliError(`error reading ${file}: no such file or directory`);
    host.read(path).toString('utf8')
      .split('\n')
      .forEach((raw, i) => {
        const line = raw.replace(/^\uFEFF/, '').replace(/\r$/, '');
        if (!line.trim() || line.trimStart().startsWith('#')) return;
        const eq = line.indexOf('=');
        const key = (eq >= 0 ? line.slice(0, eq) : line).trimStart();
        if (/\s/.test(key) || !key) throw new CliError(`key cannot contain spaces: ${JSON.stringify(key)} (line ${i + 1})`);
        const value = eq >= 0 ? line.slice(eq + 1) : '';
        addKey(cm.data, cm.binaryData, key, value, name);
      });
  }
  return cm;
}

/** kubectl's --append-hash suffix: sha256 of the canonical JSON, 10 hex digits with 0,1,3,a,e remapped. */
export function configMapHash(name: string, data: Record<string, string>, binaryData: Record<string, string>): string {
  const sorted = (m: Record<string, string>) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));
  const m: Record<string, unknown> = {};
  if (Object.keys(binaryData).length) m.binaryData = sorted(binaryData);
  m.data = Object.keys(data).length ? sorted(data) : null;
  m.kind = 'ConfigMap';
  m.name = name;
  const hex = createHash('sha256').update(JSON.stringify(m)).digest('hex');
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join('');
}

/**
 * A generator that takes only a NAME (`create namespace`, `create serviceaccount`): kubectl's common
 * flags, the one-NAME check, and the object built by `build` (the object to send, and the typed one a
 * client-side dry run prints).
 */
function nameOnlyGenerator(
  create: Command,
  h: Harness,
  def: { command: string; alias: string; description: string; build: (ctx: CommandContext, name: string) => { obj: KubeObject; goOrder: KubeObject }; wrapErrors?: boolean },
): void {
  create
    .command(def.command)
    .alias(def.alias)
    .description(def.description)
    .argument('[name...]')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run [mode]', 'none, client or server')
    .option('--save-config', 'Accepted for compatibility')
    .option('--validate <mode>', 'Accepted for compatibility')
    .action(
      h.action<GenOptions>((ctx, args, _opts, cmd) => {
        const opts = cmd.optsWithGlobals() as GenOptions;
        if (args.length !== 1) throw new CliError(`exactly one NAME is required, got ${args.length}`, `create ${def.command}`);
        const { obj, goOrder } = def.build(ctx, args[0]!);
        try {
          return emit(ctx, obj, goOrder, opts);
        } catch (e) {
          // Some kubectl generators wrap the API error (`failed to create serviceaccount: ...`); namespace does not.
          if (def.wrapErrors && e instanceof ApiError) throw new CliError(`failed to create ${def.command}: ${e.message}`);
          throw e;
        }
      }),
    );
}

function register(create: Command, h: Harness): void {
  nameOnlyGenerator(create, h, {
    command: 'namespace',
    alias: 'ns',
    description: 'Create a namespace with the specified name',
    build: (_ctx, name) => ({
      obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } as KubeObject,
      goOrder: { kind: 'Namespace', apiVersion: 'v1', metadata: { name, creationTimestamp: null }, spec: {}, status: {} } as unknown as KubeObject,
    }),
  });

  nameOnlyGenerator(create, h, {
    command: 'serviceaccount',
    alias: 'sa',
    description: 'Create a service account with the specified name',
    wrapErrors: true,
    build: (ctx, name) => ({
      obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: ctx.namespace } } as KubeObject,
      // kubectl sets the namespace on the generated object only when -n was given.
      goOrder: { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: null } } as unknown as KubeObject,
    }),
  });

  create
    .command('configmap')
    .alias('cm')
    .description('Create a config map from a local file, directory or literal value')
    .argument('[name...]')
    .option('--from-literal <key=value>', 'Specify a key and literal value to insert in configmap', collect)
    .option('--from-file <[key=]source>', 'Key file can be specified using its file path', collect)
    .option('--from-env-file <file>', 'Specify the path to a file to read lines of key=val pairs', collect)
    .option('--append-hash', 'Append a hash of the configmap to its name')
    .option('-o, --output <format>', 'Output format')
    .option('--dry-run [mode]', 'none, client or server')
    .option('--save-config', 'Accepted for compatibility')
    .option('--validate <mode>', 'Accepted for compatibility')
    .action(
      h.action<GenOptions>((ctx, args, _opts, cmd) => {
        const opts = cmd.optsWithGlobals() as GenOptions;
        if (args.length !== 1) throw new CliError(`exactly one NAME is required, got ${args.length}`, 'create configmap');
        let name = args[0]!;
        const { data, binaryData } = buildConfigMap(name, opts, ctx.io.cwd, ctx.files);
        if (opts.appendHash) name = `${name}-${configMapHash(name, data, binaryData)}`;
        const hasData = Object.keys(data).length > 0;
        const hasBinary = Object.keys(binaryData).length > 0;
        // kubectl sets the namespace on the generated object only when -n was given.
        const goOrder = {
          kind: 'ConfigMap',
          apiVersion: 'v1',
          metadata: { name, ...(ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}), creationTimestamp: null },
          ...(hasData ? { data } : {}),
          ...(hasBinary ? { binaryData } : {}),
        } as unknown as KubeObject;
        const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ctx.namespace }, ...(hasData ? { data } : {}), ...(hasBinary ? { binaryData } : {}) } as KubeObject;
        return emit(ctx, obj, goOrder, opts);
      }),
    );
}

export const coreGenerators: Generator[] = [register];
