/**
 * Go's text/template lexer and parser (Go 1.23, as kubectl 1.32 is built): actions, trim markers,
 * comments, pipelines, variables, if/with/range/else (else if, else with), break/continue,
 * define/template/block. Nodes keep their byte position so execution errors can say
 * `output:LINE:COL` and print the node as Go's String() does; parse errors read Go's words.
 */
import { goRuneName } from '../util/go-rune.js';

/** A parse error in Go's words (`template: output:LINE: ...`). */
export class TemplateParseError extends Error {}

type ItemType =
  | 'text' | 'left' | 'right' | 'space' | 'comment' | 'field' | 'variable' | 'identifier' | 'string' | 'raw'
  | 'number' | 'char' | 'charConst' | 'bool' | 'nil' | 'dot' | 'pipe' | 'declare' | 'assign' | 'lparen' | 'rparen'
  | 'keyword' | 'error' | 'eof';

interface Item {
  typ: ItemType;
  val: string;
  pos: number;
  line: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{Nd}_]/u.test(c);

/** All items of a template; an error item ends the list (the parser meets it in order). */
function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  const emit = (typ: ItemType, val = input.slice(start, pos)) => {
    items.push({ typ, val, pos: start, line: startLine });
    start = pos;
    startLine = line;
  };
  const advance = (n: number) => {
    for (let k = 0; k < n; k++) if (input[pos + k] === '\n') line++;
    pos += n;
  };
  const fail = (msg: string) => {
    items.push({ typ: 'error', val: msg, pos: start, line: startLine });
    return items;
  };
  const atRightDelim = (): { trim: boolean; len: number } | null => {
    if (input.startsWith(' -}}', pos) || input.startsWith('\t-}}', pos) || input.startsWith('\r-}}', pos) || input.startsWith('\n-}}', pos)) return { trim: true, len: 4 };
    if (input.startsWith('}}', pos)) return { trim: false, len: 2 };
    return null;
  };
  /** Scan a "string" or 'c' constant (escapes included); false when the line or input ends first. */
  const quoted = (q: string): boolean => {
    advance(1);
    for (;;) {
      const d = input[pos];
      if (d === '\\' && input[pos + 1] !== undefined && input[pos + 1] !== '\n') advance(2);
      else if (d === undefined || d === '\n') return false;
      else if (d === q) break;
      else advance(1);
    }
    advance(1);
    return true;
  };
  const atTerminator = () => {
    const c = input[pos];
    return c === undefined || isSpace(c) || '.,|:()'.includes(c) || input.startsWith('}}', pos);
  };
  while (pos < input.length || start < input.length) {
    // Text up to the next action.
    const open = input.indexOf('{{', pos);
    if (open < 0) {
      advance(input.length - pos);
      if (pos > start) emit('text');
      break;
    }
    const trimLeft = /^\{\{-[ \t\r\n]/.test(input.slice(open, open + 4));
    advance(open - pos);
    if (pos > start) {
      let text = input.slice(start, pos);
      if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
      if (text) emit('text', text);
    }
    start = pos;
    startLine = line;
    // The trim marker is `-` and the space after it.
    advance(trimLeft ? 4 : 2);
    // A comment must come right after the delimiter (and its trim marker).
    if (input.startsWith('/*', pos)) {
      const close = input.indexOf('*/', pos + 2);
      if (close < 0) return fail('unclosed comment');
      advance(close + 2 - pos);
      const right = atRightDelim();
      if (!right) return fail('comment ends before closing delimiter');
      advance(right.len);
      if (right.trim) advance(/^[ \t\r\n]*/.exec(input.slice(pos))![0].length);
      start = pos;
      startLine = line;
      continue;
    }
    start = pos;
    startLine = line;
    emit('left', '{{');
    parenDepth = 0;
    // Inside the action.
    for (;;) {
      const right = atRightDelim();
      if (right && parenDepth > 0) return fail('unclosed left paren');
      if (right) {
        if (right.trim) {
          advance(1);
          emit('space');
        }
        advance(right.trim ? 3 : 2);
        emit('right', '}}');
        if (right.trim) {
          advance(/^[ \t\r\n]*/.exec(input.slice(pos))![0].length);
          start = pos;
          startLine = line;
        }
        break;
      }
      const c = input[pos];
      if (c === undefined) return fail('unclosed action');
      if (isSpace(c)) {
        while (isSpace(input[pos]) && !(atRightDelim()?.trim && parenDepth === 0)) advance(1);
        emit('space');
      } else if (c === '=') {
        advance(1);
        emit('assign');
      } else if (c === ':') {
        if (input[pos + 1] !== '=') return fail('expected :=');
        advance(2);
        emit('declare');
      } else if (c === '|') {
        advance(1);
        emit('pipe');
      } else if (c === '"' || c === "'") {
        if (!quoted(c)) return fail(c === '"' ? 'unterminated quoted string' : 'unterminated character constant');
        emit(c === '"' ? 'string' : 'charConst');
      } else if (c === '`') {
        const close = input.indexOf('`', pos + 1);
        if (close < 0) return fail('unterminated raw quoted string');
        advance(close + 1 - pos);
        emit('raw');
      } else if (c === '$' || (c === '.' && !/[0-9]/.test(input[pos + 1] ?? ''))) {
        advance(1);
        if (atTerminator()) {
          emit(c === '$' ? 'variable' : 'dot');
          continue;
        }
        while (isAlnum(input[pos])) advance(1);
        if (!atTerminator()) return fail(`bad character ${goRuneName(input.codePointAt(pos)!)}`);
        emit(c === '$' ? 'variable' : 'field');
      } else if (c === '.' || c === '+' || c === '-' || /[0-9]/.test(c)) {
        const m = /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]*)?|0[oObB][0-9_]*|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]*)?)i?/.exec(input.slice(pos))!;
        advance(Math.max(m[0].length, 1));
        if (!atTerminator()) {
          advance(1);
          return fail(`bad number syntax: "${input.slice(start, pos)}"`);
        }
        emit('number');
      } else if (isAlnum(c)) {
        while (isAlnum(input[pos])) advance(1);
        if (!atTerminator()) return fail(`bad character ${goRuneName(input.codePointAt(pos)!)}`);
        const word = input.slice(start, pos);
        emit(KEYWORDS.has(word) ? 'keyword' : word === 'true' || word === 'false' ? 'bool' : word === 'nil' ? 'nil' : 'identifier');
      } else if (c === '(') {
        advance(1);
        parenDepth++;
        emit('lparen');
      } else if (c === ')') {
        advance(1);
        parenDepth--;
        if (parenDepth < 0) return fail('unexpected right paren');
        emit('rparen');
      } else if (c.codePointAt(0)! < 0x7f && c >= ' ') {
        advance(1);
        emit('char');
      } else {
        return fail(`unrecognized character in action: ${goRuneName(input.codePointAt(pos)!)}`);
      }
    }
  }
  items.push({ typ: 'eof', val: '', pos: input.length, line });
  return items;
}


// ---- nodes ----

export type Arg =
  | { k: 'field'; pos: number; ident: string[] }
  | { k: 'chain'; pos: number; node: Arg; field: string[] }
  | { k: 'identifier'; pos: number; name: string }
  | { k: 'variable'; pos: number; ident: string[] }
  | { k: 'dot'; pos: number }
  | { k: 'nil'; pos: number }
  | { k: 'bool'; pos: number; v: boolean }
  | { k: 'number'; pos: number; text: string; v: number; big?: bigint; isFloat: boolean }
  | { k: 'string'; pos: number; quoted: string; text: string }
  | Pipe;

export interface Command {
  k: 'command';
  pos: number;
  args: Arg[];
}

export interface Pipe {
  k: 'pipe';
  pos: number;
  decl: string[];
  isAssign: boolean;
  cmds: Command[];
}

export type TNode =
  | { k: 'text'; pos: number; text: string }
  | { k: 'action'; pos: number; pipe: Pipe }
  | { k: 'if' | 'with' | 'range'; pos: number; pipe: Pipe; list: TNode[]; elseList: TNode[] | null }
  | { k: 'template'; pos: number; name: string; pipe: Pipe | null }
  | { k: 'break' | 'continue'; pos: number };

/** Any node execution may stop at (for `executing "output" at <NODE>`). */
export type AnyNode = TNode | Arg | Command;

/** A parsed template set: the named trees (the main one is "output"). */
export interface TemplateSet {
  text: string;
  trees: Map<string, TNode[]>;
}

/** Go's Node.String(). */
export function nodeString(n: AnyNode): string {
  switch (n.k) {
    case 'field':
      return '.' + n.ident.join('.');
    case 'chain':
      return (n.node.k === 'pipe' ? `(${nodeString(n.node)})` : nodeString(n.node)) + n.field.map((f) => '.' + f).join('');
    case 'identifier':
      return n.name;
    case 'variable':
      return n.ident.join('.');
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(n.v);
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
    case 'pipe':
      return (n.decl.length ? n.decl.join(', ') + (n.isAssign ? ' = ' : ' := ') : '') + n.cmds.map(nodeString).join(' | ');
    case 'command':
      return n.args.map((a) => (a.k === 'pipe' ? `(${nodeString(a)})` : nodeString(a))).join(' ');
    case 'text':
      return n.text;
    case 'action':
      return `{{${nodeString(n.pipe)}}}`;
    case 'if':
    case 'with':
    case 'range': {
      const body = n.list.map(nodeString).join('');
      const alt = n.elseList ? '{{else}}' + n.elseList.map(nodeString).join('') : '';
      return `{{${n.k} ${nodeString(n.pipe)}}}${body}${alt}{{end}}`;
    }
    case 'template':
      return n.pipe ? `{{template ${JSON.stringify(n.name)} ${nodeString(n.pipe)}}}` : `{{template ${JSON.stringify(n.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
  }
}

const itemString = (i: Item): string => {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  // Keywords, `.` and `nil` are keyword items in Go's lexer.
  if (i.typ === 'keyword' || i.typ === 'dot' || i.typ === 'nil') return `<${i.val}>`;
  const q = JSON.stringify(i.val);
  return [...i.val].length > 10 ? JSON.stringify([...i.val].slice(0, 10).join('')) + '...' : q;
};

type Control = { k: 'end'; pos: number } | { k: 'else'; pos: number };

/** Parse a template text into its named trees, as template.New("output").Parse does. */
export function parseTemplateSet(text: string, funcs: Set<string>): TemplateSet {
  const items = lex(text);
  const trees = new Map<string, TNode[]>();
  let i = 0;
  let lastLine = 1;
  let vars: string[] = ['$'];
  let rangeDepth = 0;
  let actionLine = 0;
  const next = () => {
    const it = items[Math.min(i++, items.length - 1)]!;
    lastLine = it.line;
    return it;
  };
  const backup = () => i--;
  const peek = () => items[Math.min(i, items.length - 1)]!;
  const nextNonSpace = () => {
    let it = next();
    while (it.typ === 'space') it = next();
    return it;
  };
  const peekNonSpace = () => {
    const it = nextNonSpace();
    backup();
    return it;
  };
  const errorf = (msg: string): never => {
    throw new TemplateParseError(`template: output:${lastLine}: ${msg}`);
  };
  const unexpected = (it: Item, context: string): never => {
    if (it.typ === 'error') {
      let extra = '';
      if (actionLine !== 0 && actionLine !== it.line) {
        extra = ` in action started at output:${actionLine}`;
        if (it.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return errorf(`${itemString(it)}${extra}`);
    }
    return errorf(`unexpected ${itemString(it)} in ${context}`);
  };
  const expect = (typ: ItemType, context: string) => {
    const it = nextNonSpace();
    if (it.typ !== typ) unexpected(it, context);
    return it;
  };

  function useVar(pos: number, name: string): Arg {
    const ident = name.split('.');
    if (!vars.includes(ident[0]!)) errorf(`undefined variable "${ident[0]}"`);
    return { k: 'variable', pos, ident };
  }

  function number(it: Item): Arg {
    if (it.typ === 'charConst') {
      // strconv.UnquoteChar, then nothing but the closing quote may follow.
      const r = unquoteChar(it.val.slice(1), "'");
      if (!r) return errorf('invalid syntax');
      if (r.tail !== "'") return errorf(`malformed character constant: ${it.val}`);
      return { k: 'number', pos: it.pos, text: it.val, v: r.code, isFloat: false };
    }
    const illegal = () => errorf(`illegal number syntax: ${JSON.stringify(it.val)}`);
    // Go allows one underscore between digits (after a base prefix too), nowhere else.
    if (/__|_$|^[+-]?_|_[.eEpPi]|[.eEpP]_/.test(it.val)) return illegal();
    const t = it.val.replace(/_/g, '');
    const hex = /^[+-]?0[xX]/.test(t);
    const isFloat = hex ? /[pP]/.test(t) : /[.eE]/.test(t);
    if (!isFloat) {
      // Integers are int64 (and uint64, which execution then refuses as overflowing int).
      const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/.exec(t);
      if (!m) {
        // ParseFloat reads what ParseInt refused (`08`): Go calls that an overflow.
        return /^[+-]?[0-9]+$/.test(t) ? errorf(`integer overflow: ${JSON.stringify(it.val)}`) : illegal();
      }
      const digits = m[2]!.replace(/^0(?=[0-7])/, '0o').replace(/^0O/, '0o');
      const big = (m[1] === '-' ? -1n : 1n) * BigInt(digits);
      if (big > 18446744073709551615n || big < -9223372036854775808n) errorf(`integer overflow: ${JSON.stringify(it.val)}`);
      return { k: 'number', pos: it.pos, text: it.val, v: Number(big), big, isFloat };
    }
    const v = hex ? hexFloat(t) : /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(t) ? Number(t) : NaN;
    if (Number.isNaN(v)) return illegal();
    return { k: 'number', pos: it.pos, text: it.val, v, isFloat };
  }

  function term(): Arg | null {
    const it = nextNonSpace();
    switch (it.typ) {
      case 'identifier':
        if (!funcs.has(it.val)) errorf(`function ${JSON.stringify(it.val)} not defined`);
        return { k: 'identifier', pos: it.pos, name: it.val };
      case 'dot':
        return { k: 'dot', pos: it.pos };
      case 'nil':
        return { k: 'nil', pos: it.pos };
      case 'variable':
        return useVar(it.pos, it.val);
      case 'field':
        return { k: 'field', pos: it.pos, ident: it.val.slice(1).split('.') };
      case 'bool':
        return { k: 'bool', pos: it.pos, v: it.val === 'true' };
      case 'number':
      case 'charConst':
        return number(it);
      case 'lparen':
        return pipeline('parenthesized pipeline', 'rparen');
      case 'string':
      case 'raw': {
        let s: string;
        try {
          s = it.typ === 'raw' ? it.val.slice(1, -1).replace(/\r/g, '') : unquote(it.val);
        } catch {
          return errorf('invalid syntax');
        }
        return { k: 'string', pos: it.pos, quoted: it.val, text: s };
      }
    }
    backup();
    return null;
  }

  function operand(): Arg | null {
    let node = term();
    if (!node) return null;
    if (peek().typ === 'field') {
      const pos = peek().pos;
      const field: string[] = [];
      while (peek().typ === 'field') field.push(next().val.slice(1));
      if (node.k === 'field') node = { k: 'field', pos, ident: [...node.ident, ...field] };
      else if (node.k === 'variable') node = { k: 'variable', pos, ident: [...node.ident, ...field] };
      else if (['bool', 'string', 'number', 'nil', 'dot'].includes(node.k)) errorf(`unexpected . after term ${JSON.stringify(nodeString(node))}`);
      else node = { k: 'chain', pos, node, field };
    }
    return node;
  }

  function command(): Command {
    const cmd: Command = { k: 'command', pos: peekNonSpace().pos, args: [] };
    for (;;) {
      peekNonSpace();
      const op = operand();
      if (op) cmd.args.push(op);
      const it = next();
      if (it.typ === 'space') continue;
      if (it.typ === 'right' || it.typ === 'rparen') backup();
      else if (it.typ !== 'pipe') unexpected(it, 'operand');
      break;
    }
    if (!cmd.args.length) errorf('empty command');
    return cmd;
  }

  function pipeline(context: string, end: 'right' | 'rparen'): Pipe {
    const first = peekNonSpace();
    const pipe: Pipe = { k: 'pipe', pos: first.pos, decl: [], isAssign: false, cmds: [] };
    // Declarations or assignments: `$x :=`, `$x =`, `$i, $e :=` (range only).
    for (;;) {
      const v = peekNonSpace();
      if (v.typ !== 'variable') break;
      nextNonSpace();
      const after = peek();
      const n = peekNonSpace();
      if (n.typ === 'assign' || n.typ === 'declare') {
        pipe.isAssign = n.typ === 'assign';
        nextNonSpace();
        pipe.decl.push(v.val);
        vars.push(v.val);
        break;
      }
      if (n.typ === 'char' && n.val === ',') {
        nextNonSpace();
        pipe.decl.push(v.val);
        vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const t = peekNonSpace().typ;
          if (t === 'variable' || t === 'right' || t === 'rparen') continue;
          errorf('range can only initialize variables');
        }
        errorf(`too many declarations in ${context}`);
      }
      // Not a declaration: put the variable (and the space after it) back.
      i -= after.typ === 'space' ? 2 : 1;
      break;
    }
    for (;;) {
      const it = nextNonSpace();
      if (it.typ === end) {
        if (!pipe.cmds.length) errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, k) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes(c.args[0]!.k)) errorf(`non executable command in pipeline stage ${k + 2}`);
        });
        return pipe;
      }
      if (['bool', 'charConst', 'dot', 'field', 'identifier', 'number', 'nil', 'raw', 'string', 'variable', 'lparen'].includes(it.typ)) {
        backup();
        pipe.cmds.push(command());
      } else unexpected(it, context);
    }
  }

  function templateName(it: Item, context: string): string {
    if (it.typ !== 'string' && it.typ !== 'raw') unexpected(it, context);
    return it.typ === 'raw' ? it.val.slice(1, -1) : (JSON.parse(it.val) as string);
  }

  function itemList(): { list: TNode[]; next: Control } {
    const list: TNode[] = [];
    while (peekNonSpace().typ !== 'eof') {
      const n = textOrAction();
      if (n.k === 'end' || n.k === 'else') return { list, next: n };
      list.push(n);
    }
    return errorf('unexpected EOF');
  }

  function textOrAction(): TNode | Control {
    const it = nextNonSpace();
    if (it.typ === 'text') return { k: 'text', pos: it.pos, text: it.val };
    if (it.typ === 'left') {
      actionLine = it.line;
      try {
        return action();
      } finally {
        actionLine = 0;
      }
    }
    return unexpected(it, 'input');
  }

  function control(context: 'if' | 'with' | 'range'): TNode {
    const saved = vars.length;
    try {
      const pipe = pipeline(context, 'right');
      if (context === 'range') rangeDepth++;
      const body = itemList();
      if (context === 'range') rangeDepth--;
      let elseList: TNode[] | null = null;
      if (body.next.k === 'else') {
        const kw = peek();
        if (context !== 'range' && kw.typ === 'keyword' && kw.val === context) {
          next();
          elseList = [control(context)];
        } else {
          const alt = itemList();
          if (alt.next.k !== 'end') errorf(`expected end; found {{else}}`);
          elseList = alt.list;
        }
      }
      return { k: context, pos: pipe.pos, pipe, list: body.list, elseList };
    } finally {
      vars.length = saved;
    }
  }

  function action(): TNode | Control {
    const it = nextNonSpace();
    if (it.typ === 'keyword') {
      switch (it.val) {
        case 'if':
        case 'with':
        case 'range':
          return control(it.val);
        case 'end':
          expect('right', 'end');
          return { k: 'end', pos: it.pos };
        case 'else': {
          const p = peekNonSpace();
          if (p.typ === 'keyword' && (p.val === 'if' || p.val === 'with')) return { k: 'else', pos: p.pos };
          expect('right', 'else');
          return { k: 'else', pos: it.pos };
        }
        case 'break':
        case 'continue': {
          const r = nextNonSpace();
          if (r.typ !== 'right') unexpected(r, `{{${it.val}}}`);
          if (rangeDepth === 0) errorf(`{{${it.val}}} outside {{range}}`);
          return { k: it.val, pos: it.pos };
        }
        case 'template': {
          const nameItem = nextNonSpace();
          const name = templateName(nameItem, 'template clause');
          let pipe: Pipe | null = null;
          if (nextNonSpace().typ !== 'right') {
            backup();
            pipe = pipeline('template clause', 'right');
          }
          return { k: 'template', pos: nameItem.pos, name, pipe };
        }
        case 'block': {
          const nameItem = nextNonSpace();
          const name = templateName(nameItem, 'block clause');
          const pipe = pipeline('block clause', 'right');
          const outer = vars;
          const outerRange = rangeDepth;
          vars = ['$'];
          rangeDepth = 0;
          const body = itemList();
          if (body.next.k !== 'end') errorf('unexpected {{else}} in block clause');
          vars = outer;
          rangeDepth = outerRange;
          add(name, body.list);
          return { k: 'template', pos: nameItem.pos, name, pipe };
        }
      }
    }
    backup();
    const first = peek();
    return { k: 'action', pos: first.pos, pipe: pipeline('command', 'right') };
  }

  function add(name: string, list: TNode[]) {
    // An empty definition does not replace a template that already has one.
    const old = trees.get(name);
    if (old && isEmpty(list)) return;
    trees.set(name, list);
  }

  // The top level: text and actions of "output", and {{define}}s.
  const root: TNode[] = [];
  while (peek().typ !== 'eof') {
    if (peek().typ === 'left') {
      const delim = next();
      const kw = nextNonSpace();
      if (kw.typ === 'keyword' && kw.val === 'define') {
        const nameItem = nextNonSpace();
        if (nameItem.typ !== 'string' && nameItem.typ !== 'raw') unexpected(nameItem, 'define clause');
        const name = templateName(nameItem, 'define clause');
        expect('right', 'define clause');
        // A definition is a tree of its own: it sees only `$`, and leaves the main tree's variables alone.
        const outer = vars;
        vars = ['$'];
        const body = itemList();
        if (body.next.k !== 'end') errorf('unexpected {{else}} in define clause');
        add(name, body.list);
        vars = outer;
        continue;
      }
      i = items.indexOf(delim);
    }
    const n = textOrAction();
    if (n.k === 'end' || n.k === 'else') errorf(`unexpected {{${n.k}}}`);
    root.push(n as TNode);
  }
  add('output', root);
  if (!trees.has('output')) trees.set('output', root);
  return { text, trees };
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

/** strconv.UnquoteChar: the first character of `s` (escapes read), or undefined for invalid syntax. */
function unquoteChar(s: string, quote: string): { code: number; tail: string } | undefined {
  const c = s.codePointAt(0);
  if (c === undefined || String.fromCodePoint(c) === quote) return undefined;
  if (c !== 92) return { code: c, tail: s.slice(String.fromCodePoint(c).length) };
  const e = s[1];
  if (e === undefined) return undefined;
  if (e in SIMPLE_ESCAPES) return { code: SIMPLE_ESCAPES[e]!, tail: s.slice(2) };
  if (e === quote) return { code: quote.charCodeAt(0), tail: s.slice(2) };
  const width = { x: 2, u: 4, U: 8 }[e as 'x' | 'u' | 'U'];
  if (width) {
    const hex = s.slice(2, 2 + width);
    if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return undefined;
    const code = parseInt(hex, 16);
    if (code > 0x10ffff || (e !== 'x' && code >= 0xd800 && code <= 0xdfff)) return undefined;
    return { code, tail: s.slice(2 + width) };
  }
  if (/^[0-7]{3}$/.test(s.slice(1, 4))) {
    const code = parseInt(s.slice(1, 4), 8);
    return code > 255 ? undefined : { code, tail: s.slice(4) };
  }
  return undefined;
}

/** strconv.Unquote of a double-quoted Go string (throws on invalid syntax). */
function unquote(quoted: string): string {
  let rest = quoted.slice(1, -1);
  let out = '';
  while (rest) {
    const r = unquoteChar(rest, '"');
    if (!r) throw new Error('invalid syntax');
    out += String.fromCodePoint(r.code);
    rest = r.tail;
  }
  return out;
}

/** A Go hexadecimal floating-point literal (0x1.8p3). */
function hexFloat(t: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(t);
  if (!m || !(m[2] || m[3])) return NaN;
  const mant = parseInt((m[2] || '0') + (m[3] || ''), 16) / 16 ** (m[3] ?? '').length;
  return (m[1] === '-' ? -1 : 1) * mant * 2 ** Number(m[4]);
}

function isEmpty(list: TNode[]): boolean {
  return list.every((n) => n.k === 'text' && n.text.trim() === '');
}
