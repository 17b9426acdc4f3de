/**
 * `--help` laid out as kubectl's help template does: description, Aliases, Examples, Available Commands,
 * Options, Usage and the two "Use ..." lines. A kubectl command takes its words from kubectl 1.32's own
 * help (help/kubectl-help.ts) and lists only the flags kube-sim has, in kubectl's words where kubectl has
 * the flag; kube-sim's own commands and flags are laid out the same way from their commander definitions.
 */
import type { Command, Option } from 'commander';
import { FLAG_TEXTS, KUBECTL_HELP, KUBECTL_OPTIONS, type KubectlHelp } from './help/kubectl-help.js';
import { KUBECTL_GROUPS } from './kubectl-commands.js';
import { commandPath } from './argv.js';

/** kubectl's help of a command path, when kube-sim's command of that path is kubectl's. */
export function kubectlHelpOf(path: string): KubectlHelp | undefined {
  return Object.prototype.hasOwnProperty.call(KUBECTL_HELP, path) ? KUBECTL_HELP[path] : undefined;
}

/** The one-line description kubectl lists a command with. */
function shortOf(cmd: Command): string {
  return kubectlHelpOf(commandPath(cmd))?.short ?? cmd.description();
}

/** pflag's default text: `=false`, `=''`, `='yaml'`, `=[]`. */
function defaultText(o: Option): string {
  if (!o.required && !o.optional) return 'false';
  const d = o.defaultValue as unknown;
  if (Array.isArray(d)) return `[${d.join(',')}]`;
  return `'${d === undefined ? '' : String(d)}'`;
}

/** One flag under Options: kubectl's entry if kubectl's command has the flag, else kube-sim's. */
function flagEntry(o: Option, help: KubectlHelp | undefined): string {
  const name = o.long!.slice(2);
  const known = help?.flags[name];
  if (known !== undefined) return FLAG_TEXTS[known]!;
  const head = o.short ? `    ${o.short}, ${o.long}=${defaultText(o)}:` : `    ${o.long}=${defaultText(o)}:`;
  return `${head}\n\t${o.description}`;
}

/** Options sorted by name as pflag prints them (help and hidden ones left out). */
function visibleOptions(cmd: Command): Option[] {
  return cmd.options.filter((o) => o.long && o.long !== '--help' && !o.hidden).sort((a, b) => (a.long! < b.long! ? -1 : a.long! > b.long! ? 1 : 0));
}

function listing(cmds: Command[], pad: number): string {
  return cmds.map((c) => `  ${c.name().padEnd(pad)}   ${shortOf(c)}`).join('\n');
}

/** The visible subcommands (commander's implicit `help` and hidden ones left out). */
function visibleSubcommands(cmd: Command): Command[] {
  return cmd.commands.filter((c) => c.name() !== 'help' && !(c as unknown as { _hidden?: boolean })._hidden);
}

/** cobra's name padding: the longest sibling name, at least 11. */
function padding(cmd: Command): number {
  return Math.max(11, ...cmd.commands.map((c) => c.name().length));
}

/** The root's command list: kubectl's groups with the commands kube-sim has, then kube-sim's own. */
function rootGroups(program: Command): string {
  const pad = padding(program);
  const byName = new Map(visibleSubcommands(program).map((c) => [c.name(), c]));
  const groups: string[] = [];
  const listed = new Set<string>();
  for (const [title, names] of KUBECTL_GROUPS) {
    const cmds = names.map((n) => byName.get(n)).filter((c): c is Command => !!c && !!kubectlHelpOf(c.name()));
    for (const c of cmds) listed.add(c.name());
    if (cmds.length) groups.push(`${title}\n${listing(cmds, pad)}`);
  }
  const own = [...byName.values()].filter((c) => !listed.has(c.name()) && c.name() !== 'options');
  if (own.length) groups.push(`kube-sim Commands:\n${listing(own, pad)}`);
  return groups.join('\n\n');
}

/** The whole help text of `cmd`, ending in a newline. */
export function helpText(cmd: Command): string {
  const path = commandPath(cmd);
  const help = kubectlHelpOf(path);
  const root = !cmd.parent;
  const runner = help ? 'kubectl' : 'kube-sim';
  const sections: string[] = [];
  sections.push(root ? ROOT_DESCRIPTION : (help?.long ?? cmd.description()).trim());
  const aliases = help?.aliases ?? (cmd.aliases().length ? [cmd.name(), ...cmd.aliases()].join(', ') : undefined);
  if (aliases && !root) sections.push(`Aliases:\n${aliases}`);
  if (help?.examples) sections.push(`Examples:\n${help.examples.trimEnd()}`);
  const subs = visibleSubcommands(cmd).sort((a, b) => (a.name() < b.name() ? -1 : 1));
  if (root) sections.push(rootGroups(cmd));
  else if (subs.length) sections.push(`Available Commands:\n${listing(subs, padding(cmd))}`);
  const options = root ? [] : visibleOptions(cmd);
  if (options.length) sections.push(`Options:\n${options.map((o) => flagEntry(o, help)).join('\n\n')}`);
  const usage = root ? 'kube-sim [flags] [options]' : (help?.usage ?? ownUsage(cmd, path, subs.length > 0));
  sections.push(`Usage:\n  ${usage}`);
  const tips: string[] = [];
  if (subs.length || root) tips.push(`Use "${root ? 'kube-sim' : `${runner} ${path}`} <command> --help" for more information about a given command.`);
  tips.push(`Use "${root ? 'kube-sim' : runner} options" for a list of global command-line options (applies to all commands).`);
  sections.push(tips.join('\n'));
  return sections.join('\n\n') + '\n';
}

const ROOT_DESCRIPTION =
  'kube-sim plays kubectl 1.32 against a simulated, deterministic Kubernetes cluster kept in a JSON state file.\n\n Find more information in its README.md, and about kubectl at: https://kubernetes.io/docs/reference/kubectl/';

/** `kube-sim reset [flags] [options]`-style usage of a command kubectl does not have. */
function ownUsage(cmd: Command, path: string, parent: boolean): string {
  if (parent) return `kube-sim ${path} SUBCOMMAND [options]`;
  const args = cmd.registeredArguments.map((a) => {
    const n = a.name().toUpperCase() + (a.variadic ? '...' : '');
    return a.required ? n : `[${n}]`;
  });
  return ['kube-sim', path, ...args, '[flags]', '[options]'].join(' ');
}

/** `kubectl options`: kubectl's global options with kube-sim's own (`--state`) among them, sorted by name. */
export function optionsText(program: Command, home: string): string {
  const entries = KUBECTL_OPTIONS.replace('$HOME', home).trimEnd().split('\n\n');
  for (const o of program.options) if (o.long === '--state') entries.push(flagEntry(o, undefined));
  const name = (e: string) => /--([\w-]+)=/.exec(e)?.[1] ?? '';
  entries.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  return `The following options can be passed to any command:\n\n${entries.join('\n\n')}\n`;
}
