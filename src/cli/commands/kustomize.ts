/**
 * `kube-sim kustomize [DIR]`: kubectl's built-in kustomize (v5.5.0) printing the objects a kustomization
 * directory builds, as `---`-separated YAML (keys sorted, as kustomize's output is), or writing them to
 * `-o FILE`. The build itself is src/kustomize; remote bases get kustomize's failed-fetch error.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError } from '../../api/errors.js';
import { toYaml } from '../../printers/output.js';
import { kustomizeBuild } from '../../kustomize/build.js';
import { errnoText } from '../../util/errno-text.js';

/** The objects as kustomize prints them: each a YAML document, `---` between them. */
export function kustomizeYaml(objects: unknown[]): string {
  return objects.map((o) => toYaml(o)).join('---\n');
}

export function register(program: Command, h: Harness): void {
  program
    .command('kustomize')
    .description('Build a kustomization target from a directory or URL')
    .argument('[dir...]')
    .option('-o, --output <file>', 'If specified, write output to this path.')
    .option('--load-restrictor <restrictor>', "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root.", 'LoadRestrictionsRootOnly')
    .action(h.action<{ output?: string; loadRestrictor: string }>(async (ctx, args, opts) => {
      if (args.length > 1) throw new CliError('specify one path to kustomization.yaml');
      if (opts.loadRestrictor !== 'LoadRestrictionsRootOnly' && opts.loadRestrictor !== 'LoadRestrictionsNone') {
        throw new CliError(`illegal flag value --load-restrictor ${opts.loadRestrictor}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]`);
      }
      const { objects } = kustomizeBuild(ctx.files, ctx.io.cwd, args[0] ?? '.', {
        restrictToRoot: opts.loadRestrictor === 'LoadRestrictionsRootOnly',
        warn: (w) => ctx.err(`${w}\n`),
      });
      const text = kustomizeYaml(objects);
      if (!opts.output) return ctx.out(text);
      try {
        ctx.files.write(resolve(ctx.io.cwd, opts.output), text);
      } catch (e) {
        throw new CliError(`open ${opts.output}: ${errnoText(e)}`);
      }
    }));
}
