/**
 * The container's terminal in a TTY session (`exec -it`, `run -it` on a real terminal): kubectl puts the
 * local terminal in raw mode and every keystroke reaches the container, whose line editor echoes it and
 * builds the line. This is that line editor, kept small: printable text, Backspace, Ctrl-U (kill the
 * line), Ctrl-W (kill a word), Up/Down (history), Enter; Ctrl-C abandons the line (`^C`, a fresh prompt,
 * the session goes on, as in a real container's shell); Ctrl-D on an empty line is end of input. Other
 * control keys and escape sequences are swallowed, so they never print as garbage.
 */

/** What the shell gets from its terminal: a line, or an interrupt (Ctrl-C) that abandoned one. */
export type TtyInput = { kind: 'line'; text: string } | { kind: 'interrupt' };

const ERASE = '\b \b';

/** Turn raw keystrokes into lines, echoing through `echo`; ends at Ctrl-D on an empty line or when keys end. */
export async function* ttyLines(keys: AsyncIterable<string>, echo: (s: string) => void): AsyncGenerator<TtyInput> {
  const history: string[] = [];
  let line = '';
  let recalled = history.length;
  let escape = '';
  /** Show `next` in place of the current line. */
  const replaceLine = (next: string) => {
    echo(ERASE.repeat([...line].length) + next);
    line = next;
  };
  for await (const chunk of keys) {
    for (const ch of chunk) {
      if (escape) {
        escape += ch;
        // ESC [ params final, or ESC O x (application cursor keys); a lone ESC x is a meta key.
        const done = escape.length === 2 ? ch !== '[' && ch !== 'O' : escape[1] === 'O' || /[@-~]/.test(ch);
        if (!done) continue;
        const key = escape;
        escape = '';
        if ((key === '\x1b[A' || key === '\x1bOA') && recalled > 0) replaceLine(history[--recalled]!);
        else if ((key === '\x1b[B' || key === '\x1bOB') && recalled < history.length) replaceLine(++recalled === history.length ? '' : history[recalled]!);
        continue;
      }
      switch (ch) {
        case '\x1b':
          escape = ch;
          break;
        case '\r':
        case '\n': {
          echo('\n');
          const text = line;
          line = '';
          if (text.trim() && history[history.length - 1] !== text) history.push(text);
          recalled = history.length;
          yield { kind: 'line', text };
          break;
        }
        case '\x7f':
        case '\b':
          if (line) {
            line = [...line].slice(0, -1).join('');
            echo(ERASE);
          }
          break;
        case '\x15':
          replaceLine('');
          break;
        case '\x17': {
          const kept = line.replace(/\S+\s*$/, '');
          echo(ERASE.repeat([...line].length - [...kept].length));
          line = kept;
          break;
        }
        case '\x03':
          echo('^C\n');
          line = '';
          recalled = history.length;
          yield { kind: 'interrupt' };
          break;
        case '\x04':
          if (!line) return;
          break;
        default:
          if (ch >= ' ') {
            line += ch;
            echo(ch);
          }
      }
    }
  }
}
