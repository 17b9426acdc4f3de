/**
 * kubectl 1.32's top-level commands, in the order kubectl registers them (its help groups them so, and
 * cobra's "Did you mean this?" lists suggestions in this order), and the ones kube-sim does not simulate
 * with the one line each answers instead of "unknown command".
 */

/** kubectl's help groups and their commands, in kubectl's order. */
export const KUBECTL_GROUPS: [string, string[]][] = [
  ['Basic Commands (Beginner):', ['create', 'expose', 'run', 'set']],
  ['Basic Commands (Intermediate):', ['explain', 'get', 'edit', 'delete']],
  ['Deploy Commands:', ['rollout', 'scale', 'autoscale']],
  ['Cluster Management Commands:', ['certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint']],
  ['Troubleshooting and Debugging Commands:', ['describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events']],
  ['Advanced Commands:', ['diff', 'apply', 'patch', 'replace', 'wait', 'kustomize']],
  ['Settings Commands:', ['label', 'annotate', 'completion']],
  // Help sorts the commands outside the groups by name.
  ['Other Commands:', ['api-resources', 'api-versions', 'config', 'plugin', 'version']],
];

/** Every kubectl command in registration order: the groups', then those added after them. */
export const KUBECTL_COMMANDS: string[] = [
  ...KUBECTL_GROUPS.slice(0, -1).flatMap(([, names]) => names),
  ...['alpha', 'config', 'plugin', 'version', 'api-versions', 'api-resources', 'options'],
];

/**
 * kubectl commands kube-sim does not simulate, and what to say instead (one line, exit 1). `proxy` is
 * not here: `kube-sim proxy` is kubectl's API proxy, and with `rules`/`mode` kube-proxy's rules.
 */
export const NOT_SIMULATED: Record<string, string> = {
  certificate: 'kube-sim has no CertificateSigningRequest',
  plugin: 'kube-sim runs no kubectl plugins',
  alpha: 'kube-sim has no alpha commands',
};

/** `error: kube-sim does not simulate "kubectl X": ...`: kubectl's words would be a lie, "unknown command" a puzzle. */
export function notSimulatedText(command: string): string {
  const why = NOT_SIMULATED[command];
  return `error: kube-sim does not simulate "kubectl ${command}"${why ? `: ${why}` : ''}`;
}

/** Levenshtein distance, as cobra's suggestions measure it (case-insensitive there too). */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * cobra's SuggestionsFor: commands within edit distance 2 of the typo, or that it is a prefix of, in
 * registration order; the hidden `alpha` is never suggested.
 */
export function suggestionsFor(typed: string, commands: string[]): string[] {
  return commands.filter((c) => c !== 'alpha' && (distance(typed, c) <= 2 || c.toLowerCase().startsWith(typed.toLowerCase())));
}

/** cobra's unknown-command text, with its "Did you mean this?" block when there are suggestions. */
export function unknownCommandText(typed: string, commands: string[]): string {
  // kubectl's own suggestions, exactly as kubectl gives them; kube-sim's commands only when kubectl has none.
  const kubectlOnes = suggestionsFor(typed, commands.filter((c) => KUBECTL_COMMANDS.includes(c)));
  const suggestions = kubectlOnes.length ? kubectlOnes : suggestionsFor(typed, commands);
  const head = `error: unknown command "${typed}" for "kubectl"`;
  return suggestions.length ? `${head}\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}` : head;
}
