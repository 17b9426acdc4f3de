/** The container terminal's line editor (src/shell/tty.ts): keystrokes in, lines and interrupts out, and the echo. */
import { describe, expect, test } from 'vitest';
import { ttyLines, type TtyInput } from '../../src/shell/tty.js';

async function edit(chunks: string[]): Promise<{ inputs: TtyInput[]; echo: string }> {
  let echo = '';
  const inputs: TtyInput[] = [];
  async function* keys() {
    yield* chunks;
  }
  for await (const i of ttyLines(keys(), (s) => (echo += s))) inputs.push(i);
  return { inputs, echo };
}

const line = (text: string): TtyInput => ({ kind: 'line', text });

describe('ttyLines', () => {
  test.each([
    ['typed text, Enter', ['ls -l\r'], [line('ls -l')], 'ls -l\n'],
    ['a paste of several lines in one read', ['a\rb\r'], [line('a'), line('b')], 'a\nb\n'],
    ['Backspace (DEL and BS) erases a character, not past the start', ['ab\x7f\x7f\x7fc\b\bd\r'], [line('d')], 'ab\b \b\b \bc\b \bd\n'],
    ['Ctrl-U kills the line', ['echo x\x15pwd\r'], [line('pwd')], `echo x${'\b \b'.repeat(6)}pwd\n`],
    ['Ctrl-W kills the last word', ['echo one two\x17three\r'], [line('echo one three')], `echo one two${'\b \b'.repeat(3)}three\n`],
    ['Ctrl-C abandons the line', ['sleep 9\x03pwd\r'], [{ kind: 'interrupt' }, line('pwd')], 'sleep 9^C\npwd\n'],
    ['Ctrl-D on an empty line is end of input; keys after it are not read', ['\x04ls\r'], [], ''],
    ['Ctrl-D with text on the line does nothing', ['ls\x04\r'], [line('ls')], 'ls\n'],
    ['arrow keys left and right and other escapes are swallowed, split across reads too', ['a\x1b[D\x1b', '[C\x1bOH\x1b[3~b\r'], [line('ab')], 'ab\n'],
    ['Up recalls the previous lines, Down comes back to an empty line', ['one\rtwo\r\x1b[A\x1b[A\x1b[B\r\x1b[A\x1b[B\x1b[B\r'], [line('one'), line('two'), line('two'), line('')], `one\ntwo\ntwo${'\b \b'.repeat(3)}one${'\b \b'.repeat(3)}two\ntwo${'\b \b'.repeat(3)}\n`],
    ['other control keys and Tab are ignored', ['l\ts\x0c\x01\r'], [line('ls')], 'ls\n'],
  ])('%s', async (_name, chunks, inputs, echo) => {
    expect(await edit(chunks)).toEqual({ inputs, echo });
  });
});
