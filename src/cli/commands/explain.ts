/**
 * `kube-sim explain TYPE[.field.path]` in kubectl 1.32's layout (GROUP/KIND/VERSION, FIELD, DESCRIPTION,
 * FIELDS with `<type>` and `-required-`), read from kube-sim's own field schema (src/api/schema), so it
 * documents exactly what the simulated API server accepts. `--recursive` prints the field tree.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';
import { lookupKind } from '../../api/registry.js';
import { apiVersionOf } from '../../api/kind.js';
import { resolveKind, preferredApiVersion } from '../../api/versions.js';
import { KIND_SCHEMAS } from '../../api/schema/kinds.js';
import { explainType, type Field, type FieldType, type ObjectType } from '../../api/schema/types.js';

/**
 * sprig's `wrap` (goutils.Wrap): breaks only at spaces, never inside a word, and counts an existing
 * newline as an ordinary character, exactly as kubectl's explain template does.
 */
function goWrap(str: string, width: number): string {
  if (!str) return '';
  let out = '';
  let offset = 0;
  while (str.length - offset > width) {
    if (str[offset] === ' ') {
      offset++;
      continue;
    }
    const space = str.slice(offset, offset + width + 1).lastIndexOf(' ');
    if (space >= 0) {
      out += str.slice(offset, offset + space) + '\n';
      offset += space + 1;
    } else {
      const next = str.indexOf(' ', offset + width);
      if (next < 0) {
        out += str.slice(offset);
        offset = str.length;
      } else {
        out += str.slice(offset, next) + '\n';
        offset = next + 1;
      }
    }
  }
  return out + str.slice(offset);
}

/** sprig's `indent`: every line, the empty one after a final newline included. */
function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return pad + text.split('\n').join(`\n${pad}`);
}

/** The struct a field's values are described by (arrays and maps show their element type's fields). */
function structOf(t: FieldType): ObjectType | undefined {
  if (t.t === 'object') return t;
  if (t.t === 'array' || t.t === 'map') return structOf(t.t === 'array' ? t.items : t.values);
  return undefined;
}

function enumOf(t: FieldType): string[] | undefined {
  if (t.t === 'string') return t.enum;
  if (t.t === 'array') return enumOf(t.items);
  return undefined;
}

function fieldLine(name: string, f: Field): string {
  return `${name}\t<${explainType(f.type)}>${f.required ? ' -required-' : ''}`;
}

/** The short enum line of a field list: at most four values, then `, ....`. */
function shortEnum(f: Field, pad: number): string {
  const values = enumOf(f.type);
  if (!values) return '';
  const shown = values.slice(0, 4).join(', ') + (values.length > 4 ? ', ....' : '');
  return `\n${' '.repeat(pad)}enum: ${shown}`;
}

function fieldsSection(o: ObjectType): string {
  let s = 'FIELDS:\n';
  for (const name of Object.keys(o.fields).sort()) {
    const f = o.fields[name]!;
    s += `  ${fieldLine(name, f)}${shortEnum(f, 2)}\n`;
    s += `${indent(goWrap(f.doc || '<no description>', 76), 4)}\n\n`;
  }
  return s;
}

function recursiveSection(o: ObjectType): string {
  let s = 'FIELDS:\n';
  const walk = (t: ObjectType, level: number, seen: Set<ObjectType>) => {
    for (const name of Object.keys(t.fields).sort()) {
      const f = t.fields[name]!;
      s += `${'  '.repeat(level)}${fieldLine(name, f)}${shortEnum(f, level * 2)}\n`;
      const inner = structOf(f.type);
      // A type already being printed above is a cycle: kubectl stops there.
      if (inner && !seen.has(inner)) walk(inner, level + 1, new Set([...seen, inner]));
    }
  };
  walk(o, 1, new Set([o]));
  return s;
}

function explain(pathText: string, recursive: boolean, apiVersion: string | undefined, state: Parameters<typeof resolveKind>[0]): string {
  const [typed, ...path] = pathText.split('.');
  const info = lookupKind(typed!) ?? (path.length ? lookupKind(`${typed}.${path.join('.')}`) : undefined);
  if (!info) throw new CliError(`the server doesn't have a resource type "${typed}"`);
  // `deployments.apps.spec` style: drop the group words that named the resource.
  const groupWords = info.group ? info.group.split('.') : [];
  if (groupWords.length && path.slice(0, groupWords.length).join('.') === info.group) path.splice(0, groupWords.length);
  let schema = info.custom ? info.custom.explain(info.version) : KIND_SCHEMAS[info.kind]!;
  let version = info.version;
  let group = info.group;
  if (!apiVersion) {
    // Older clusters: the version they serve (Ingress is extensions/v1beta1 on 1.17).
    const preferred = preferredApiVersion(state, info);
    if (!preferred) throw new CliError(`the server doesn't have a resource type "${typed}"`);
    if (preferred !== apiVersionOf(info)) apiVersion = preferred;
  }
  if (apiVersion && apiVersion !== apiVersionOf(info)) {
    const served = resolveKind(state, apiVersion, info.kind);
    // GroupVersionKind.String(): `<group>/<version>, Kind=<kind>`.
    if (!served) throw new CliError(`couldn't find resource for "${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Kind=${info.kind}"`);
    schema = info.custom ? info.custom.explain(served.version) : served.schema;
    version = served.version;
    group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  }
  let head = group ? `GROUP:      ${group}\n` : '';
  head += `KIND:       ${info.kind}\nVERSION:    ${version}\n\n`;
  let field: Field | undefined;
  let current: ObjectType | undefined = schema;
  let fieldName = '';
  for (const p of path) {
    const f: Field | undefined = current && Object.prototype.hasOwnProperty.call(current.fields, p) ? current.fields[p] : undefined;
    if (!f) throw new CliError(`field "${p}" does not exist`);
    field = f;
    fieldName = p;
    current = structOf(f.type);
  }
  let out = head;
  if (field) {
    // As kubectl's template: the FIELD line, the enum values if any, then two line breaks.
    out += `FIELD: ${fieldName} <${explainType(field.type)}>\n`;
    const values = enumOf(field.type);
    if (values) out += `ENUM:${values.map((v) => `\n    ${v || '""'}`).join('')}`;
    out += '\n\n';
  }
  // The description of a field is followed by that of its type (the items of a list, the values of a map).
  const description = field ? `${field.doc}\n${current ? `${current.doc}\n` : ''}` : `${schema.doc}\n`;
  out += `DESCRIPTION:\n${indent(goWrap(description, 76), 4)}\n`;
  if (current && Object.keys(current.fields).length) out += recursive ? recursiveSection(current) : fieldsSection(current);
  return out + '\n';
}

export function register(program: Command, h: Harness): void {
  program
    .command('explain')
    .description('Get documentation for a resource')
    .argument('[resource]')
    .option('--recursive', 'When true, print the name of all the fields recursively. Otherwise, print the available fields with their description.')
    .option('--api-version <version>', 'Use given api-version (group/version) of the resource.')
    .option('--output <format>', 'Format in which to render the schema. Valid values are: (plaintext, plaintext-openapiv2).', 'plaintext')
    .action(h.action<{ recursive?: boolean; apiVersion?: string }>((ctx, args, opts) => {
      const target = args[0];
      if (!target) {
        throw new CliError(
          'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
          'explain',
        );
      }
      const { state } = ctx.read();
      ctx.out(explain(target, Boolean(opts.recursive), opts.apiVersion, state));
    }));
}
