/**
 * A fresh commander program per call (commander keeps parse state on the instance), with kubectl's
 * global flags and every command registered from its own module.
 */
import { Command, CommanderError, type Option } from 'commander';
import { Harness } from './harness.js';
import type { Io } from './io.js';
import { COMMAND_NAMES, commandModules, type CommandModule } from './commands/index.js';
import { helpText } from './help.js';
import { KUBECTL_COMMANDS, NOT_SIMULATED, unknownCommandText } from './kubectl-commands.js';
import { commandPath } from './argv.js';

/**
 * kubectl's global flags kube-sim reads: impersonation, for `auth can-i --as`. The others it has no use
 * for are taken out of the command line before commander parses it (argv.ts), so that pasted commands
 * parse as kubectl parses them without each run building two dozen options.
 */
const READ_GLOBALS: [string, string, ((value: string, previous: string[] | undefined) => string[])?][] = [
  ['--as <user>', 'Username to impersonate for the operation'],
  // A string array in kubectl: each --as-group adds a group.
  ['--as-group <group>', 'Group to impersonate for the operation, this flag can be repeated to specify multiple groups.', (value, previous) => [...(previous ?? []), value]],
];

/** Command name or alias → the module that registers it; learnt from the first full build. */
let ownerOf: Map<string, CommandModule> | undefined;

/** The module that registers a command name or alias, by the modules' table of names. */
function ownerByName(command: string): CommandModule | undefined {
  const i = COMMAND_NAMES.findIndex((names) => names.includes(command));
  return i < 0 ? undefined : commandModules[i];
}

/**
 * commander's Command, whose options work out their names once. commander derives an option's attribute
 * name (`--dry-run` → `dryRun`) from its flags with a regular expression every time it asks, several
 * times per option per parse (defaults, values, `opts()`): a fifth of commander's work in a `get`.
 */
class KsCommand extends Command {
  override createCommand(name?: string): Command {
    return new KsCommand(name);
  }

  override createOption(flags: string, description?: string): Option {
    const option = super.createOption(flags, description);
    // The flags are fixed once the option is made, and these two follow from them alone.
    const name = option.name();
    const attribute = option.attributeName();
    option.name = () => name;
    option.attributeName = () => attribute;
    return option;
  }
}

/** A built program and the harness its actions are bound to, free or serving a run. */
interface Built {
  program: Command;
  h: Harness;
  busy: boolean;
}

/**
 * Programs kept for the next in-process run of a command of the same module: building one (its options
 * parsed from their flag strings, its listeners added) is about a quarter of an in-process `get svc`,
 * and commander 14 parses a program again after restoring the option defaults it saved at its first
 * parse. A program serving a run is not shared: a concurrent run builds its own.
 */
const kept = new Map<CommandModule, Built>();

/**
 * The program for a run of `command` (argv[0]) writing to `io`, and its harness; `release` it when the
 * run is over. `prepare` is called once on a program built anew (main's hooks). Only programs that hold
 * one module are kept (they are built by the command word); help, unknown words and flags first get a
 * fresh program each time.
 */
export function acquireProgram(io: Io, command: string | undefined, prepare: (program: Command, h: Harness) => void): { program: Command; h: Harness; release: () => void } {
  const only = moduleFor(command);
  const built = only ? kept.get(only) : undefined;
  if (built && !built.busy) {
    built.busy = true;
    built.h.rebind(io);
    return { program: built.program, h: built.h, release: () => idle(built) };
  }
  const h = new Harness(io);
  const program = buildProgram(h, command);
  prepare(program, h);
  if (!only || built) return { program, h, release: () => undefined };
  const fresh: Built = { program, h, busy: true };
  kept.set(only, fresh);
  return { program, h, release: () => idle(fresh) };
}

/** Where a kept program's harness points between runs: it holds on to no run's streams or store. */
const IDLE_IO: Io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/' };

function idle(built: Built): void {
  built.h.rebind(IDLE_IO);
  built.busy = false;
}

/** The one module that registers `command`, when the program for it holds only that module. */
function moduleFor(command: string | undefined): CommandModule | undefined {
  return command !== undefined && command !== 'help' ? (ownerOf?.get(command) ?? ownerByName(command)) : undefined;
}

/**
 * `command` (argv[0]), when given, lets the program hold only the module that registers that command:
 * parsing is the same for it, and an in-process run does not build ~40 commands it never uses.
 * Anything else (an unknown word, `help`, a flag first) gets every command.
 */
export function buildProgram(h: Harness, command?: string): Command {
  const program = new KsCommand('kube-sim')
    .description('kubectl look-alike over a simulated, deterministic Kubernetes cluster kept in a JSON state file')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option('--state <path>', 'State file of the simulated cluster (default: $KUBE_SIM_STATE, else $XDG_STATE_HOME/kube-sim/cluster.json or ~/.local/state/kube-sim/cluster.json)')
    .option('--context <name>', 'The name of the kubeconfig context to use (kube-sim\'s contexts: kube-sim config)')
    .option('--kubeconfig <file>', 'Accepted for compatibility with pasted kubectl commands; kube-sim keeps its own contexts (kube-sim config)')
    .showSuggestionAfterError(false)
    .configureHelp({ formatHelp: (cmd) => helpText(cmd) })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => h.io.stdout.write(s),
      writeErr: (s) => h.io.stderr.write(s),
      outputError: () => {
        /* rewritten in kubectl's words by main() */
      },
    });
  for (const [flags, description, collect] of READ_GLOBALS) {
    if (collect) program.option(flags, description, collect);
    else program.option(flags, description);
  }
  const only = moduleFor(command);
  if (only) only.register(program, h);
  else if (!ownerOf && command !== undefined && command !== 'help' && !command.startsWith('-')) {
    // A word no module's table names (a typo, a kubectl command kube-sim does not simulate): modules in
    // order up to one that registers it, which for an unknown word is every command (for the suggestions).
    for (const m of commandModules) {
      m.register(program, h);
      if (program.commands.some((c) => c.name() === command || c.aliases().includes(command))) break;
    }
  } else {
    const owners = new Map<string, CommandModule>();
    for (const m of commandModules) {
      const before = program.commands.length;
      m.register(program, h);
      for (const c of program.commands.slice(before)) for (const name of [c.name(), ...c.aliases()]) if (!owners.has(name)) owners.set(name, m);
    }
    ownerOf ??= owners;
  }
  for (const c of program.commands) {
    c.exitOverride().configureOutput(program.configureOutput());
    // `kubectl rollout` without a subcommand prints its help on stdout (the others on stderr), exit 1.
    if (c.name() === 'rollout') c.configureOutput({ ...program.configureOutput(), writeErr: (s) => h.io.stdout.write(s) });
  }
  return program;
}

/** kube-sim's own commands, which kubectl does not have: their usage errors point at `kube-sim CMD --help`. */
const OWN_COMMANDS = new Set(['advance', 'reset', 'curl', 'ssh', 'proxy', 'external-host', 'addons', 'test', 'play', 'serve', 'ui']);

/** Every command name the program knows, kubectl's in kubectl's order first (for suggestions). */
function knownCommands(program: Command): string[] {
  const names = program.commands.map((c) => c.name()).filter((n) => n !== 'help' && !n.startsWith('__'));
  return [...KUBECTL_COMMANDS.filter((n) => names.includes(n) || Object.hasOwn(NOT_SIMULATED, n)), ...names.filter((n) => !KUBECTL_COMMANDS.includes(n))];
}

/**
 * kubectl's words for commander's parse errors; `command` is the (sub)command the words reached and
 * `args` the words commander parsed.
 */
export function kubectlParseError(e: CommanderError, command: Command, args: string[]): string {
  const sub = commandPath(command);
  let top = command;
  while (top.parent?.parent) top = top.parent;
  const tool = OWN_COMMANDS.has(top.name()) ? 'kube-sim' : 'kubectl';
  const unknownCmd = /unknown command '([^']+)'/.exec(e.message);
  if (unknownCmd) {
    if (command.parent) return `error: unknown command "${unknownCmd[1]}"\nSee '${tool} ${sub} -h' for help and examples`;
    let root = command;
    while (root.parent) root = root.parent;
    return unknownCommandText(unknownCmd[1]!, knownCommands(root));
  }
  const m = /unknown option '([^']+)'/.exec(e.message);
  if (m) {
    const flag = m[1]!.replace(/=.*$/s, '');
    const text = flag.startsWith('--') ? `unknown flag: ${flag}` : `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`;
    return `error: ${text}\nSee '${tool} ${sub} --help' for usage.`;
  }
  const arg = /option '([^']+)' argument missing/.exec(e.message);
  if (arg) {
    // The flag missing its value is the last word: `--selector` as typed, or pflag's `'l' in -l` for a
    // shorthand (also when it ended a group such as `-Al`).
    const flags = arg[1]!.split(/[ ,]+/).filter((f) => f.startsWith('-'));
    const typed = args[args.length - 1] ?? '';
    const short = flags.find((f) => !f.startsWith('--'));
    const text = typed.startsWith('--') || !short ? (flags.find((f) => f.startsWith('--')) ?? flags[0]!) : `'${short.slice(1)}' in ${short}`;
    return `error: flag needs an argument: ${text}\nSee '${tool} ${sub} --help' for usage.`;
  }
  return e.message.replace(/^error: /, 'error: ');
}
