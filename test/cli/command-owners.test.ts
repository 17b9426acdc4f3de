/**
 * A run registers only the module that owns its command, found in commands/index.ts's table of names:
 * the table must name exactly the top-level commands (and aliases) each module registers, in order.
 */
import { expect, it } from 'vitest';
import { Command } from 'commander';
import { COMMAND_NAMES, commandModules } from '../../src/cli/commands/index.js';
import { Harness } from '../../src/cli/harness.js';
import { runCaptured } from '../../src/cli/main.js';

it('names what each command module registers', () => {
  const h = new Harness({ stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: '/' });
  const program = new Command('kube-sim');
  const registered = commandModules.map((m) => {
    const before = program.commands.length;
    m.register(program, h);
    return program.commands.slice(before).flatMap((c) => [c.name(), ...c.aliases()]);
  });
  expect(COMMAND_NAMES).toEqual(registered);
});

it('a command run alone parses and answers as with every command registered', async () => {
  // `version` belongs to one of the last modules; `edit` to a module that registers two commands.
  expect(await runCaptured(['version', '--client'])).toEqual({ stdout: 'Client Version: v1.32.4\nKustomize Version: v5.5.0\n', stderr: '', exitCode: 0 });
  expect(await runCaptured(['edit'])).toEqual({
    stdout: '',
    stderr: "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n",
    exitCode: 1,
  });
  expect(await runCaptured(['edit', '--bogus'])).toEqual({ stdout: '', stderr: "error: unknown flag: --bogus\nSee 'kubectl edit --help' for usage.\n", exitCode: 1 });
});
