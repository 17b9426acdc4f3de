/**
 * A fresh commander program per call (commander keeps parse state on the instance), with kubectl's
 * global flags and every command registered from its own module.
 */
import { Command, CommanderError } from 'commander';
import type { Harness } from './harness.js';
import { commandModules, type CommandModule } from './commands/index.js';

/** Command name or alias → the module that registers it; learnt from the first full build. */
let ownerOf: Map<string, CommandModule> | undefined;

/**
 * `command` (argv[0]), when given, lets the program hold only the module that registers that command:
 * parsing is the same for it, and an in-process run does not build ~40 commands it never uses.
 * Anything else (an unknown word, `help`, a flag first) gets every command.
 */
export function buildProgram(h: Harness, command?: string): Command {
  const program = new Command('kube-sim')
    .description('kubectl look-alike over a simulated, deterministic Kubernetes cluster kept in a JSON state file')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option('--state <path>', 'State file of the simulated cluster (default: $KUBE_SIM_STATE, else $XDG_STATE_HOME/kube-sim/cluster.json or ~/.local/state/kube-sim/cluster.json)')
    .option('--context <name>', 'Accepted for compatibility with pasted kubectl commands; ignored')
    .option('--kubeconfig <file>', 'Accepted for compatibility with pasted kubectl commands; ignored')
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => h.io.stdout.write(s),
      writeErr: (s) => h.io.stderr.write(s),
      outputError: () => {
        /* rewritten in kubectl's words by main() */
      },
    });
  const only = command !== undefined && command !== 'help' ? ownerOf?.get(command) : undefined;
  if (only) only.register(program, h);
  else if (!ownerOf && command !== undefined && command !== 'help' && !command.startsWith('-')) {
    // First run in this process (every CLI run): register modules in order up to the one owning the
    // command; an unknown word still ends with every command registered.
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
  for (const c of program.commands) c.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** kube-sim's own commands, which kubectl does not have: their usage errors point at `kube-sim CMD --help`. */
const OWN_COMMANDS = new Set(['advance', 'reset', 'curl', 'ssh', 'proxy', 'external-host', 'addons', 'test', 'play', 'serve', 'ui']);

/** kubectl's words for commander's parse errors. */
export function kubectlParseError(e: CommanderError, argv: string[]): string {
  const sub = argv.find((a) => !a.startsWith('-')) ?? '';
  const tool = OWN_COMMANDS.has(sub) ? 'kube-sim' : 'kubectl';
  const m = /unknown option '([^']+)'/.exec(e.message);
  if (m) {
    const flag = m[1]!;
    const text = flag.startsWith('--') ? `unknown flag: ${flag}` : `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`;
    return `error: ${text}\nSee '${tool} ${sub} --help' for usage.`;
  }
  const arg = /option '([^']+)' argument missing/.exec(e.message);
  if (arg) {
    const flags = arg[1]!.split(/[ ,]+/).filter((f) => f.startsWith('-'));
    const long = flags.find((f) => f.startsWith('--')) ?? flags[0]!;
    return `error: flag needs an argument: ${long.startsWith('--') ? long : `'${long.slice(1)}' in ${long}`}\nSee '${tool} ${sub} --help' for usage.`;
  }
  const unknownCmd = /unknown command '([^']+)'/.exec(e.message);
  if (unknownCmd) return `error: unknown command "${unknownCmd[1]}" for "kubectl"`;
  return e.message.replace(/^error: /, 'error: ');
}
