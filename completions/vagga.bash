# bash completion for vagga: every candidate comes from `vagga _compgen`,
# which knows the project's commands and containers. File names are offered
# only when vagga has nothing to offer (a command's own arguments), so a
# folder never hides a command of the same name.
_vagga() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local IFS=$'\n'
    COMPREPLY=($("${COMP_WORDS[0]}" _compgen "${COMP_WORDS[@]:1:COMP_CWORD-1}" -- "$cur" 2>/dev/null))
}
complete -o bashdefault -o default -F _vagga vagga
