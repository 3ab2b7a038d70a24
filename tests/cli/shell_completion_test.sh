#!/usr/bin/env bash
# The completion scripts in the real shells (issue 13): bash through
# `complete -p` and a simulated COMP_WORDS, zsh with its completion
# builtins replaced by recorders, fish through `complete -C`. Each runs in
# the original's completion test project.
#
#   shell_completion_test.sh VAGGA COMPLETIONS_DIR PROJECT_DIR
set -euo pipefail
vagga=$(realpath "$1")
scripts=$(realpath "$2")
cd "$3"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
ln -s "$vagga" "$bin/vagga"
export PATH="$bin:$PATH"
failed=0
expect() { # NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        echo "ok: $1"
    else
        printf 'FAIL: %s\n  expected: %q\n  got:      %q\n' "$1" "$2" "$3"
        failed=1
    fi
}

# bash
bash_complete() { # WORDS... (the last one is being completed)
    bash --norc --noprofile -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _vagga
        printf "%s\n" "${COMPREPLY[@]}"' bash "$scripts/vagga.bash" "$@"
}
expect "bash: registered" "complete -o bashdefault -o default -F _vagga vagga" \
    "$(bash --norc --noprofile -c 'source "$1"; complete -p vagga' bash "$scripts/vagga.bash")"
expect "bash: commands" $'dont_care\nno\nyes' "$(bash_complete vagga '')"
expect "bash: builtins" $'_run\n_relative_work_dir' "$(bash_complete vagga _r)"
expect "bash: containers" "ubuntu" "$(bash_complete vagga _run '')"
expect "bash: children" "no" "$(bash_complete vagga dont_care --only yes '')"
# Nothing from vagga: COMPREPLY stays empty and bash's default (files) runs.
expect "bash: files left to bash" "" "$(bash_complete vagga yes '')"

# zsh
if command -v zsh >/dev/null; then
    zsh_complete() { # WORDS...
        zsh -f -c '
            fpath=("$1" $fpath); shift
            autoload -U _vagga
            compadd() { shift 2; print -l -- "$@"; }   # -Q --
            _files() { print "<files>"; }
            words=("$@"); CURRENT=$#
            _vagga' zsh "$scripts" "$@"
    }
    expect "zsh: commands" $'dont_care\nno\nyes' "$(zsh_complete vagga '')"
    expect "zsh: options" $'--env\n--environ' "$(zsh_complete vagga --e)"
    expect "zsh: containers" $'data\nubuntu' "$(zsh_complete vagga _build '')"
    expect "zsh: files" "<files>" "$(zsh_complete vagga yes '')"
else
    echo "FAIL: zsh is not installed (scripts/setup-deps.sh installs it)"
    failed=1
fi

# fish
if command -v fish >/dev/null; then
    fish_complete() { # COMMAND LINE
        fish --no-config -c 'source $argv[1]; complete -C$argv[2]' "$scripts/vagga.fish" "$1" |
            cut -f1
    }
    expect "fish: commands" $'dont_care\nno\nyes' "$(fish_complete 'vagga ')"
    expect "fish: builtins" $'_build\n_base_dir' "$(fish_complete 'vagga _b')"
    expect "fish: run options" $'--writeable\n--writable' "$(fish_complete 'vagga _run --w')"
    expect "fish: containers" "ubuntu" "$(fish_complete 'vagga _run ')"
else
    echo "FAIL: fish is not installed (scripts/setup-deps.sh installs it)"
    failed=1
fi
exit "$failed"
