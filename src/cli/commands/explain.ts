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
import { resolveKind } from '../../api/versions.js';
import { KIND_SCHEMAS } from '../../api/schema/kinds.js';
import { explainType, type Field, type FieldType, type ObjectType } from '../../api/schema/types.js';

const WRAP = 75;

/** Greedy word wrap (kubectl wraps descriptions; URLs and long words stay whole). */
function wrap(text: string, width = WRAP): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

function indent(lines: string[], n: number): string {
  const pad = ' '.repeat(n);
  return lines.map((l) => (l ? pad + l : pad)).join('\n');
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

function fieldsSection(o: ObjectType): string {
  let s = 'FIELDS:\n';
  for (const name of Object.keys(o.fields).sort()) {
    const f = o.fields[name]!;
    s += `  ${fieldLine(name, f)}\n`;
    const values = enumOf(f.type);
    if (values) s += `  enum: ${values.join(', ')}\n`;
    s += `${indent(wrap(f.doc), 4)}\n\n`;
  }
  return s;
}

function recursiveSection(o: ObjectType): string {
  let s = 'FIELDS:\n';
  const walk = (t: ObjectType, depth: number, seen: Set<ObjectType>) => {
    for (const name of Object.keys(t.fields).sort()) {
      const f = t.fields[name]!;
      s += `${'  '.repeat(depth)}${fieldLine(name, f)}\n`;
      const values = enumOf(f.type);
      if (values) s += `${'  '.repeat(depth)}enum: ${values.join(', ')}\n`;
      const inner = structOf(f.type);
      if (inner && !seen.has(inner)) walk(inner, depth + 1, new Set([...seen, inner]));
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
  let schema = KIND_SCHEMAS[info.kind]!;
  let version = info.version;
  if (apiVersion && apiVersion !== apiVersionOf(info)) {
    const served = resolveKind(state, apiVersion, info.kind);
    if (!served) throw new CliError(`couldn't find resource for "${apiVersion.includes('/') ? apiVersion.replace('/', ', ') : `/${apiVersion}`}, Kind=${info.kind}"`);
    schema = served.schema;
    version = served.version;
  }
  let head = info.group ? `GROUP:      ${info.group}\n` : '';
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
    out += `FIELD: ${fieldName} <${explainType(field.type)}>\n`;
    const values = enumOf(field.type);
    if (values) out += `ENUM:\n${values.map((v) => `    ${v}`).join('\n')}\n`;
    out += '\n';
  }
  const description = field ? [field.doc, ...(current ? [current.doc] : [])].join('\n') : schema.doc;
  out += `DESCRIPTION:\n${indent(wrap(description), 4)}\n    \n`;
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
