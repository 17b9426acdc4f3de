/**
 * A fresh commander program per call (commander keeps parse state on the instance), with kubectl's
 * global flags and every command registered from its own module.
 */
import { Command, CommanderError } from 'commander';
import type { Harness } from './harness.js';
import { commandModules } from './commands/index.js';

export function buildProgram(h: Harness): Command {
  const program = new Command('kube-sim')
    .description('kubectl look-alike over a simulated, deterministic Kubernetes cluster kept in a JSON state file')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option('--state <path>', 'State file of the simulated cluster (default: $KUBE_SIM_STATE, else state/cluster.json)')
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
  for (const m of commandModules) m.register(program, h);
  for (const c of program.commands) c.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/** kubectl's words for commander's parse errors. */
export function kubectlParseError(e: CommanderError, argv: string[]): string {
  const sub = argv.find((a) => !a.startsWith('-')) ?? '';
  const m = /unknown option '([^']+)'/.exec(e.message);
  if (m) {
    const flag = m[1]!;
    const text = flag.startsWith('--') ? `unknown flag: ${flag}` : `unknown shorthand flag: '${flag.slice(1, 2)}' in ${flag}`;
    return `error: ${text}\nSee 'kubectl ${sub} --help' for usage.`;
  }
  const arg = /option '([^']+)' argument missing/.exec(e.message);
  if (arg) {
    const flags = arg[1]!.split(/[ ,]+/).filter((f) => f.startsWith('-'));
    const long = flags.find((f) => f.startsWith('--')) ?? flags[0]!;
    return `error: flag needs an argument: ${long.startsWith('--') ? long : `'${long.slice(1)}' in ${long}`}\nSee 'kubectl ${sub} --help' for usage.`;
  }
  const unknownCmd = /unknown command '([^']+)'/.exec(e.message);
  if (unknownCmd) return `error: unknown command "${unknownCmd[1]}" for "kubectl"`;
  return e.message.replace(/^error: /, 'error: ');
}
