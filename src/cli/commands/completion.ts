/**
 * `kube-sim completion bash|zsh|fish`: a completion script for kube-sim, and the hidden `__complete` /
 * `__completeNoDesc` commands it calls (cobra's protocol, as kubectl's scripts call `kubectl __complete`),
 * which answer from the program's commands and flags and the cluster's state (completion.ts). The
 * scripts call `kube-sim` (or $KUBE_SIM_BIN), never the word typed, so an alias `kubectl` completes
 * with kube-sim's answers: `complete -o default -F __start_kube_sim kubectl` (bash),
 * `compdef _kube_sim kubectl` (zsh), `complete -c kubectl -w kube-sim` (fish).
 */
import type { Command } from 'commander';
import type { Harness } from '../harness.js';
import { CliError, RawError } from '../../api/errors.js';
import { complete, directiveText } from '../completion.js';
import { buildProgram } from '../program.js';

const BASH = `# bash completion for kube-sim                                  -*- shell-script -*-
#
# Load it in the current shell:   source <(kube-sim completion bash)
# Complete an alias as well:      complete -o default -F __start_kube_sim kubectl
# The candidates come from 'kube-sim __complete' (or $KUBE_SIM_BIN), which reads the simulated cluster.

__start_kube_sim()
{
    local cur words cword
    COMPREPLY=()
    if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
        _get_comp_words_by_ref -n =: cur words cword
    else
        cur="\${COMP_WORDS[COMP_CWORD]}"
        words=("\${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local out
    out=$("\${KUBE_SIM_BIN:-kube-sim}" __completeNoDesc "\${words[@]:1:$((cword - 1))}" "$cur" 2>/dev/null) || return
    local directive=\${out##*:}
    [[ $directive =~ ^[0-9]+$ ]] || directive=0
    out=\${out%:*}

    if (( directive & 1 )); then
        return
    fi
    local IFS=$'\\n'
    if (( directive & 8 )); then
        # The candidates are file extensions.
        local ext
        ext=$(printf '%s|' $out)
        COMPREPLY=( $(compgen -f -X "!*.@(\${ext%|})" -- "$cur") $(compgen -d -- "$cur") )
        return
    fi
    if (( directive & 16 )); then
        COMPREPLY=( $(compgen -d -- "$cur") )
        return
    fi
    COMPREPLY=( $(compgen -W "$out" -- "$cur") )
    if (( directive & 2 )) || [[ \${#COMPREPLY[@]} -eq 1 && \${COMPREPLY[0]} == */ ]]; then
        compopt -o nospace 2>/dev/null
    fi
    if (( \${#COMPREPLY[@]} == 0 )) && (( directive & 4 )); then
        compopt +o default 2>/dev/null
    fi
}

complete -o default -F __start_kube_sim kube-sim
`;

const ZSH = `#compdef kube-sim
# zsh completion for kube-sim
#
# Load it in the current shell:   source <(kube-sim completion zsh)
# Complete an alias as well:      compdef _kube_sim kubectl
# The candidates come from 'kube-sim __complete' (or $KUBE_SIM_BIN), which reads the simulated cluster.

_kube_sim()
{
    local -a args lines candidates
    local out directive line value desc
    args=("\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}")
    out=$(\${KUBE_SIM_BIN:-kube-sim} __complete "\${args[@]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    directive=\${lines[-1]#:}
    [[ $directive == <-> ]] || directive=0
    lines=("\${(@)lines[1,-2]}")

    if (( directive & 1 )); then
        return 1
    fi
    if (( directive & 8 )); then
        _files -g "*.(\${(j:|:)lines})"
        return
    fi
    if (( directive & 16 )); then
        _files -/
        return
    fi
    for line in $lines; do
        value=\${line%%$'\\t'*}
        desc=\${line#*$'\\t'}
        value=\${value//:/\\\\:}
        if [[ $line == *$'\\t'* ]]; then
            candidates+=("$value:$desc")
        else
            candidates+=("$value")
        fi
    done
    if (( \${#candidates} )); then
        if (( directive & 2 )); then
            _describe 'completions' candidates -S ''
        else
            _describe 'completions' candidates
        fi
    elif ! (( directive & 4 )); then
        _files
    fi
}

compdef _kube_sim kube-sim
`;

const FISH = `# fish completion for kube-sim
#
# Load it in the current shell:   kube-sim completion fish | source
# Complete an alias as well:      complete -c kubectl -w kube-sim
# The candidates come from 'kube-sim __complete' (or $KUBE_SIM_BIN), which reads the simulated cluster.

function __kube_sim_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    set -l bin kube-sim
    set -q KUBE_SIM_BIN; and set bin $KUBE_SIM_BIN
    set -l out ($bin __complete $tokens[2..-1] $current 2>/dev/null)
    or return
    set -l directive (string replace -r '^:' '' -- $out[-1])
    string match -qr '^[0-9]+$' -- $directive; or set directive 0
    set -e out[-1]
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    if test (math "bitand($directive, 8)") -ne 0
        for ext in $out
            __fish_complete_suffix .$ext
        end
        return
    end
    if test (math "bitand($directive, 16)") -ne 0
        __fish_complete_directories $current
        return
    end
    if test (count $out) -eq 0; and test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path $current
        return
    end
    printf '%s\\n' $out
end

complete -c kube-sim -f -a '(__kube_sim_complete)'
`;

const SCRIPTS: Record<string, string> = { bash: BASH, zsh: ZSH, fish: FISH };

export function register(program: Command, h: Harness): void {
  program
    .command('completion')
    .description('Output shell completion code for the specified shell (bash, zsh, fish, or powershell)')
    .argument('[args...]')
    .action(h.action((ctx, args) => {
      if (!args.length) throw new CliError('Shell not specified.', 'completion');
      if (args.length > 1) throw new CliError('Too many arguments. Expected only the shell type.', 'completion');
      const shell = args[0]!;
      if (shell === 'powershell') throw new RawError('error: kube-sim does not simulate "kubectl completion powershell": use bash, zsh or fish');
      const script = SCRIPTS[shell];
      if (!script) throw new CliError(`Unsupported shell type "${shell}".`, 'completion');
      ctx.out(script);
    }));

  for (const [name, descriptions] of [['__complete', true], ['__completeNoDesc', false]] as const) {
    program
      .command(name, { hidden: true })
      .description('Request shell completion choices for the specified command-line')
      .argument('[args...]')
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(h.action((ctx, args) => {
        // The whole program, whatever registered this command: completion needs every command.
        const full = buildProgram(h);
        let result;
        try {
          result = complete(ctx, full, args);
        } catch {
          // A state that cannot be read completes nothing, as a failing API call does.
          result = { items: [], directive: 1 };
        }
        for (const item of result.items) ctx.out(`${descriptions ? item : item.split('\t')[0]}\n`);
        ctx.out(`:${result.directive}\n`);
        ctx.err(`${directiveText(result.directive)}\n`);
      }));
  }
}
