/**
 * `kube-sim explain TYPE[.field.path]` in kubectl 1.32's layout (GROUP/KIND/VERSION, FIELD, DESCRIPTION,
 * FIELDS with `<type>` and `-required-`), read from kube-sim's own field schema (src/api/schema), so it
 * documents exactly what the simulated API server accepts. `--recursive` prints the field tree.
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError, ErrorAfterOutput, RawError } from '../../api/errors.js';
import { lookupKind } from '../../api/registry.js';
import { apiVersionOf, pluralOf } from '../../api/kind.js';
import { resolveKind, preferredApiVersion, servedGroupVersions } from '../../api/versions.js';
import { KIND_SCHEMAS } from '../../api/schema/kinds.js';
import { explainType, time, type Field, type FieldType, type ObjectType } from '../../api/schema/types.js';
import { INT_OR_STRING_DOC, QUANTITY_DOC, TIME_DOC } from '../../api/schema/explain-docs.js';

/**
 * The `wrap` of kubectl's explain template (its own, not sprig's: term.NewWordWrapWriter, i.e. go-wordwrap's
 * WrapString): breaks at white space, a word longer than the line stays whole, an existing newline starts a
 * new line (and the spaces before it are kept when they fit), lengths are counted in characters.
 */
function goWrap(str: string, width: number): string {
  let out = '';
  let current = 0;
  let word = '';
  let space = '';
  const len = (s: string) => [...s].length;
  for (const ch of str) {
    if (ch === '\n') {
      if (!word) {
        if (current + len(space) <= width) out += space;
      } else out += space + word;
      out += ch;
      current = 0;
      word = '';
      space = '';
    } else if (/\s/.test(ch) && ch !== '\u00a0') {
      if (!space || word) {
        current += len(space) + len(word);
        out += space + word;
        space = '';
        word = '';
      }
      space += ch;
    } else {
      word += ch;
      if (current + len(space) + len(word) > width && len(word) < width) {
        out += '\n';
        current = 0;
        space = '';
      }
    }
  }
  if (!word) return current + len(space) <= width ? out + space : out;
  return out + space + word;
}

/** The template's `indent`: every line, the empty one after a final newline included. */
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

/** A field's own enum values (the template reads the field schema's `enum`: a list of enum strings shows none). */
function enumOf(t: FieldType): string[] | undefined {
  return t.t === 'string' ? t.enum : undefined;
}

/**
 * The description of the type a field names, which the template prints after the field's own: a struct's,
 * or apimachinery's for IntOrString, Quantity and Time (references too in the published OpenAPI); through
 * the items of a list and the values of a map.
 */
function typeDoc(t: FieldType): string {
  if (t === time) return TIME_DOC;
  switch (t.t) {
    case 'object':
      return t.doc;
    case 'intstr':
      return INT_OR_STRING_DOC;
    case 'quantity':
      return QUANTITY_DOC;
    case 'array':
      return typeDoc(t.items);
    case 'map':
      return typeDoc(t.values);
    default:
      return '';
  }
}

/** The template's "description": each non-empty text followed by a newline, or `<empty>` when there is none. */
function descriptionOf(texts: string[]): string {
  return texts.filter(Boolean).map((d) => `${d}\n`).join('') || '<empty>';
}

function fieldLine(name: string, f: Field): string {
  return `${name}\t<${explainType(f.type)}>${f.required ? ' -required-' : ''}`;
}

/** The short enum line of a field list: at most four values, then `, ....`. */
function shortEnum(f: Field, pad: number): string {
  const values = enumOf(f.type);
  if (!values) return '';
  const shown = values.slice(0, 4).map((v) => v || '""').join(', ') + (values.length > 4 ? ', ....' : '');
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
  // kubectl prints the REST mapper's error as it is, without `error: `.
  const noType = () => new RawError(`the server doesn't have a resource type "${typed}"`);
  if (!info) throw noType();
  // `deployments.apps.spec` style: drop the group words that named the resource.
  const groupWords = info.group ? info.group.split('.') : [];
  if (groupWords.length && path.slice(0, groupWords.length).join('.') === info.group) path.splice(0, groupWords.length);
  let schema = info.custom ? info.custom.explain(info.version) : KIND_SCHEMAS[info.kind]!;
  let version = info.version;
  let group = info.group;
  if (!apiVersion) {
    // Older clusters: the version they serve (Ingress is extensions/v1beta1 on 1.17).
    const preferred = preferredApiVersion(state, info);
    if (!preferred) throw noType();
    if (preferred !== apiVersionOf(info)) apiVersion = preferred;
  }
  if (apiVersion) {
    const served = resolveKind(state, apiVersion, info.kind);
    if (!served) {
      // GroupVersionResource.String(): `<group>/<version>, Resource=<plural>`. A group-version the server does
      // not publish is missing from its OpenAPI paths; one it does lacks the resource in its document.
      const gvr = `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}, Resource=${pluralOf(info)}`;
      if (servedGroupVersions(state).includes(apiVersion)) throw new CliError(`GVR (${gvr}) not found in OpenAPI schema`);
      throw new CliError(`couldn't find resource for "${gvr}"`);
    }
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
    // The template has printed the header by then.
    if (!f) throw new ErrorAfterOutput(head, `field "${p}" does not exist`);
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
  const description = field ? descriptionOf([field.doc, typeDoc(field.type)]) : descriptionOf([schema.doc]);
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
    .action(h.action<{ recursive?: boolean; apiVersion?: string; output: string }>((ctx, args, opts) => {
      const target = args[0];
      if (!target) {
        throw new CliError(
          'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
          'explain',
        );
      }
      if (opts.output !== 'plaintext' && opts.output !== 'plaintext-openapiv2') throw new CliError(`unrecognized format: ${opts.output}`);
      const { state } = ctx.read();
      ctx.out(explain(target, Boolean(opts.recursive), opts.apiVersion, state));
    }));
}
