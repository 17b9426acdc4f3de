/**
 * The argument forms pflag (kubectl's flag parser) takes and commander does not, rewritten before
 * commander parses: `-o=yaml`, `-A=false`, `--all-namespaces=false` (booleans take `=VALUE`, read as
 * Go's strconv.ParseBool reads it, with kubectl's error for anything else). Everything after `--`
 * belongs to the command run in the container and is left alone.
 */
import type { Command, Option } from 'commander';
import { KUBECTL_COMMANDS } from './kubectl-commands.js';

/**
 * kubectl's global flags kube-sim has no use for (one simulated cluster, no credentials): long name →
 * whether it takes a value. They are accepted, so that `exec POD curl -s URL` takes `-s` as `--server`
 * as kubectl does, and dropped before commander parses (unless the command has a flag of that name).
 */
export const IGNORED_GLOBALS = new Map<string, boolean>([
  ['--as-uid', true], ['--cache-dir', true], ['--certificate-authority', true], ['--client-certificate', true],
  ['--client-key', true], ['--cluster', true], ['--disable-compression', false], ['--insecure-skip-tls-verify', false],
  ['--log-flush-frequency', true], ['--match-server-version', false], ['--password', true], ['--profile', true],
  ['--profile-output', true], ['--request-timeout', true], ['--server', true], ['--tls-server-name', true],
  ['--token', true], ['--user', true], ['--username', true], ['--v', true], ['--vmodule', true], ['--warnings-as-errors', false],
]);
const IGNORED_SHORT: Record<string, string> = { '-s': '--server', '-v': '--v' };

/** A flag value pflag refuses, in kubectl's words (the caller adds the "See ... --help" line). */
export class FlagValueError extends Error {
  constructor(
    message: string,
    /** The command whose flag it was, for the usage line. */
    readonly command: Command,
  ) {
    super(message);
  }
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool, or undefined for what it rejects. */
export function parseGoBool(text: string): boolean | undefined {
  return TRUE.has(text) ? true : FALSE.has(text) ? false : undefined;
}

/** pflag's `-A, --all-namespaces` / `--show-kind` naming of a flag in its errors. */
export function flagTitle(o: Option): string {
  return o.short ? `${o.short}, ${o.long}` : o.long!;
}

/** The option a flag word names on `cmd` or an ancestor (globals are recognised everywhere). */
function findOption(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

/** A boolean flag given `=VALUE`: the flag itself when true, nothing when false, an error otherwise. */
function boolWord(o: Option, flag: string, value: string, cmd: Command): string[] {
  const v = parseGoBool(value);
  if (v === undefined) throw new FlagValueError(`invalid argument "${value}" for "${flagTitle(o)}" flag: strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`, cmd);
  return v ? [flag] : [];
}

/**
 * A boolean flag whose default is true (`--show-events`, `--wait`, `rollout status --watch`), declared
 * for commander as `--flag [bool]` so that its value survives: it always reaches commander as
 * `--flag=true` or `--flag=false`.
 */
function isTrueByDefault(o: Option): boolean {
  return o.optional && o.flags.endsWith(' [bool]');
}

/**
 * kubectl's integer flags (pflag Int, Int32, Int64), by long name, with the commands where a flag of
 * that name is a string (`run --port`, `expose --port`): pflag refuses a value before the command runs.
 */
const INT_FLAGS = new Map<string, readonly string[]>([
  ['--replicas', []], ['--current-replicas', []], ['--to-revision', []], ['--revision', []], ['--grace-period', []],
  ['--limit-bytes', []], ['--tail', []], ['--max-log-requests', []], ['--port', ['run', 'expose']],
  ['--min', []], ['--max', []], ['--cpu-percent', []], ['--value', []], ['--node-port', []], ['--retries', []],
]);

/**
 * Of those, the ones pflag reads as Int32 (ParseInt(s, 0, 32)), with the commands that declare them so
 * (kubectl 1.32's Int32Var): elsewhere a flag of the same name is an Int or Int64 (`scale --replicas`,
 * `proxy --port`), read with the 64-bit range.
 */
const INT32_FLAGS = new Map<string, readonly string[]>([
  ['--min', ['autoscale']], ['--max', ['autoscale']], ['--cpu-percent', ['autoscale']],
  ['--replicas', ['create deployment']], ['--port', ['create deployment']],
  ['--value', ['create priorityclass']],
]);

/** What strconv.ParseInt(s, 0, 64) reads: decimal, 0x hex, 0o/0 octal, 0b binary, underscores between digits. */
const GO_INT = /^[+-]?(0[xX](_?[0-9a-fA-F])+|0[bB](_?[01])+|0[oO]?(_?[0-7])*|[1-9](_?[0-9])*)$/;

/** An integer flag's value, refused in pflag's words when it is none or does not fit in 64 bits. */
function checkInt(o: Option, value: string, cmd: Command): void {
  const except = INT_FLAGS.get(o.long ?? '');
  const path = commandPath(cmd);
  if (!except || except.includes(path)) return;
  const bits = INT32_FLAGS.get(o.long ?? '')?.includes(path) ? 32 : 64;
  const problem = !GO_INT.test(value) ? 'invalid syntax' : goIntFits(value, bits) ? undefined : 'value out of range';
  if (problem) throw new FlagValueError(`invalid argument "${value}" for "${flagTitle(o)}" flag: strconv.ParseInt: parsing ${JSON.stringify(value)}: ${problem}`, cmd);
}

/** A Go integer literal (GO_INT's syntax), exactly, as strconv.ParseInt(s, 0, 64) reads it before its range check. */
function goBigInt(text: string): bigint {
  const t = text.replace(/_/g, '');
  const body = t.replace(/^[+-]/, '');
  // BigInt reads 0x, 0o and 0b; Go's 0O and a bare leading 0 are octal too.
  const literal = /^0[oO]/.test(body) ? `0o${body.slice(2)}` : /^0[0-7]+$/.test(body) ? `0o${body.slice(1)}` : body;
  return BigInt(literal) * (t.startsWith('-') ? -1n : 1n);
}

/** Whether a Go integer literal fits in a signed integer of `bits`, as ParseInt(s, 0, bits) requires. */
function goIntFits(text: string, bits: 32 | 64): boolean {
  const n = goBigInt(text);
  const limit = 2n ** BigInt(bits - 1);
  return n >= -limit && n < limit;
}

/** An integer flag's value (checked by checkInt), read as strconv.ParseInt(s, 0, 64) reads it. */
export function goInt(text: string): number {
  return Number(goBigInt(text));
}

/** An integer flag's value converted as Go's int32(uint(v)) converts it: kubectl's scale sends replicas so. */
export function goInt32(text: string): number {
  return Number(BigInt.asIntN(32, goBigInt(text)));
}

/**
 * Rewrite argv for commander, following the subcommands the words name (options are looked up on the
 * command reached so far and its ancestors). Returns the rewritten argv and the deepest command named.
 */
export function normaliseArgv(argv: string[], program: Command): { args: string[]; command: Command } {
  const out: string[] = [];
  const words = [...argv];
  let cmd = program;
  let operands = 0;
  for (let i = 0; i < words.length; i++) {
    const a = words[i]!;
    if (a === '--') {
      out.push(...words.slice(i));
      break;
    }
    // kube-sim's own commands (curl, ssh, ...) read their words as given: only pflag's `-o=yaml` form
    // is split, as it always was; kubectl's parsing rules are for kubectl's commands.
    if (cmd.parent && !cmd.parent.parent && !KUBECTL_COMMANDS.includes(cmd.name())) {
      const m = /^-([a-zA-Z])=(.*)$/s.exec(a);
      out.push(...(m ? [`-${m[1]}`, m[2]!] : [a]));
      continue;
    }
    // A group of shorthands given a value (`-it=x`): each flag in turn, the last one taking the value.
    const group = /^-([^-=]{2,})=(.*)$/s.exec(a);
    if (group) {
      const chars = group[1]!;
      let k = 0;
      for (; k < chars.length - 1 && !findOption(cmd, `-${chars[k]}`)?.required; k++) out.push(`-${chars[k]}`);
      // A flag that takes a value takes the rest of the word (`-ot=x` is -o "t=x"); else the last gets the value.
      if (k < chars.length - 1) out.push(`-${chars[k]}`, `${chars.slice(k + 1)}=${group[2]}`);
      else words.splice(i + 1, 0, `-${chars[k]}=${group[2]}`);
      continue;
    }
    const long = /^(--[^=]+)=(.*)$/s.exec(a);
    const short = /^(-[^-])=(.*)$/s.exec(a);
    const eq = long ?? short;
    // An ignored kubectl global (and its value) is dropped, unless the command has a flag of that name.
    const flagWord = eq ? eq[1]! : a;
    const ignored = IGNORED_GLOBALS.get(IGNORED_SHORT[flagWord] ?? flagWord);
    if (ignored !== undefined && !findOption(cmd, flagWord)) {
      if (!eq && ignored) i++;
      continue;
    }
    if (eq) {
      const o = findOption(cmd, eq[1]!);
      if (o && isTrueByDefault(o)) {
        out.push(`${o.long}=${boolWord(o, eq[1]!, eq[2]!, cmd).length > 0}`);
        continue;
      }
      if (o && !o.required && !o.optional) {
        out.push(...boolWord(o, eq[1]!, eq[2]!, cmd));
        continue;
      }
      if (o) checkInt(o, eq[2]!, cmd);
      if (short) out.push(eq[1]!, eq[2]!);
      else out.push(a);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const bool = a.startsWith('--') || a.length === 2 ? findOption(cmd, a) : undefined;
      // A bare boolean never takes the next word as its value (`--show-events false` names a "false").
      if (bool && isTrueByDefault(bool)) {
        out.push(`${bool.long}=true`);
        continue;
      }
      out.push(a);
      // A flag whose value is the next word: skip that word (it is no subcommand).
      const o = a.startsWith('--') ? findOption(cmd, a) : a.length === 2 ? findOption(cmd, a) : undefined;
      if (o?.required && i + 1 < words.length) {
        checkInt(o, words[i + 1]!, cmd);
        out.push(words[++i]!);
      }
      continue;
    }
    out.push(a);
    if (operands === 0) {
      const sub = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
      if (sub) {
        cmd = sub;
        continue;
      }
    }
    operands++;
  }
  return { args: out, command: cmd };
}

/** `get`, `config set-context`: the command path kubectl names in "See 'kubectl ... --help'". */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
