/**
 * `create token SERVICE_ACCOUNT_NAME [--audience=...] [--duration=...] [--bound-object-kind=Pod|Node|Secret
 * --bound-object-name=NAME [--bound-object-uid=UID]]`, as kubectl 1.32's create_token.go: it checks its
 * flags, POSTs a TokenRequest to the service account's `token` subresource (api/token-request.ts) and
 * prints the token (a newline after it only on a terminal), or the whole TokenRequest with -o.
 */
import type { Command } from 'commander';
import type { Generator } from './create-generators.js';
import type { CommandContext } from '../context.js';
import type { KubeObject } from '../../api/types.js';
import { ApiError, CliError } from '../../api/errors.js';
import { createToken, type TokenRequestSpec } from '../../api/token-request.js';
import { renderObjects } from '../../printers/output.js';
import { durationFlag } from '../watch.js';
import { flagsOf } from './generators-batch.js';
import { goJsonText } from '../../util/go-json.js';

interface TokenFlags {
  output?: string;
  template?: string;
  allowMissingTemplateKeys?: string | boolean;
  showManagedFields?: boolean;
  audience?: string[];
  duration?: string;
  boundObjectKind?: string;
  boundObjectName?: string;
  boundObjectUid?: string;
}

/** The kinds a token may be bound to, with the apiVersion kubectl sends for each (sorted as kubectl lists them). */
const BOUND_KINDS: Record<string, string> = { Node: 'v1', Pod: 'v1', Secret: 'v1' };

/** The printers of PrintFlags (no table: `create token` prints one object or the bare token). */
const FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];

const array = (v: string, prev: string[] = []) => [...prev, v];

/** The request TokenOptions.Validate lets through, or its error. `durationMs` is the parsed --duration. */
export function tokenRequestSpec(flags: TokenFlags, durationMs: number): TokenRequestSpec {
  // time.Duration is in nanoseconds: "cannot be expressed in units less than seconds" is checked there.
  const ns = Math.round(durationMs * 1e6);
  if (ns < 0) throw new CliError('--duration must be greater than or equal to 0');
  if (ns % 1e9 !== 0) throw new CliError('--duration cannot be expressed in units less than seconds');
  for (const aud of flags.audience ?? []) if (aud === '') throw new CliError('--audience must not be an empty string');
  const kind = flags.boundObjectKind ?? '';
  if (!kind) {
    if (flags.boundObjectName) throw new CliError('--bound-object-name can only be set if --bound-object-kind is provided');
    if (flags.boundObjectUid) throw new CliError('--bound-object-uid can only be set if --bound-object-kind is provided');
  } else {
    if (!BOUND_KINDS[kind]) throw new CliError(`supported --bound-object-kind values are ${Object.keys(BOUND_KINDS).join(', ')}`);
    if (!flags.boundObjectName) throw new CliError('--bound-object-name is required if --bound-object-kind is provided');
  }
  const spec: TokenRequestSpec = { audiences: flags.audience ?? null };
  if (ns > 0) spec.expirationSeconds = ns / 1e9;
  if (kind) spec.boundObjectRef = { kind, apiVersion: BOUND_KINDS[kind], name: flags.boundObjectName, ...(flags.boundObjectUid ? { uid: flags.boundObjectUid } : {}) };
  return spec;
}

/** -o's format with --template folded in (`-o jsonpath --template '{...}'`), checked as PrintFlags.ToPrinter checks it. */
function outputFormat(flags: TokenFlags): string | undefined {
  if (flags.output === undefined || flags.output === '') return undefined;
  const format = flags.template && !flags.output.includes('=') ? `${flags.output}=${flags.template}` : flags.output;
  const eq = format.indexOf('=');
  if (!FORMATS.includes(eq < 0 ? format : format.slice(0, eq))) {
    throw new CliError(`unable to match a printer suitable for the output format "${flags.output}", allowed formats are: ${FORMATS.join(',')}`);
  }
  return format;
}

/** Request the token (the run-time stream's draw is saved) and print it as kubectl does. */
function requestToken(ctx: CommandContext, name: string, spec: TokenRequestSpec, format: string | undefined, flags: TokenFlags): number {
  const namespace = ctx.namespace;
  let response: KubeObject;
  try {
    response = ctx.mutate((state, env) => createToken(state, env, namespace, name, { spec })).result;
  } catch (e) {
    if (e instanceof ApiError) throw new CliError(`failed to create token: ${e.message}`);
    throw e;
  }
  if (format === 'name') {
    // The TokenRequest is no resource of its own: the name printer names its kind and group.
    ctx.out(`tokenrequest.authentication.k8s.io/${response.metadata.name}\n`);
  } else if (format === 'json') {
    // A typed object: MarshalIndent keeps its struct's field order (the unstructured printers sort keys).
    ctx.out(goJsonText(response, 4) + '\n');
  } else if (format !== undefined) {
    ctx.out(renderObjects(format, [response], true, { cwd: ctx.io.cwd, files: ctx.files, showManagedFields: flags.showManagedFields, allowMissingTemplateKeys: flags.allowMissingTemplateKeys !== 'false' }));
  } else {
    const token = (response.status as { token: string }).token;
    ctx.out(ctx.io.stdout.isTTY ? `${token}\n` : token);
  }
  return 0;
}

const tokenGenerator: Generator = (create, h) => {
  create
    .command('token')
    .description('Request a service account token')
    .argument('[args...]')
    .option('-o, --output <format>', 'Output format')
    .option('--template <template>', 'Template string or path to template file to use when -o=go-template, -o=go-template-file.')
    .option('--allow-missing-template-keys [bool]', 'If true, ignore any errors in templates when a field or map key is missing in the template.')
    .option('--show-managed-fields', 'If true, keep the managedFields when printing objects in JSON or YAML format.')
    .option('--audience <audience>', 'Audience of the requested token (repeatable).', array)
    .option('--duration <duration>', 'Requested lifetime of the issued token.')
    .option('--bound-object-kind <kind>', 'Kind of an object to bind the token to.')
    .option('--bound-object-name <name>', 'Name of an object to bind the token to.')
    .option('--bound-object-uid <uid>', 'UID of an object to bind the token to.')
    .action(h.action<TokenFlags>((ctx, args, own, cmd: Command) => {
      // `create` has its own -o: the flags of both, as kubectl's one flag set has them.
      const opts = flagsOf(cmd, own);
      // pflag parses --duration before the command runs; then Complete (the name, the printer) and Validate.
      const durationMs = opts.duration === undefined ? 0 : durationFlag(opts.duration, '--duration', 'create token');
      if (args.length !== 1) throw new CliError(`exactly one NAME is required, got ${args.length}`, 'create token');
      const format = outputFormat(opts);
      const spec = tokenRequestSpec(opts, durationMs);
      return requestToken(ctx, args[0]!, spec, format, opts);
    }));
};

export const tokenGenerators: Generator[] = [tokenGenerator];
