# fish completion for vagga: the candidates come from `vagga _compgen`; file
# names only when it has none (a command's own arguments).
function __vagga_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l found ($words[1] _compgen $words[2..-1] -- $cur 2>/dev/null)
    if test (count $found) -gt 0
        printf '%s\n' $found
    else
        __fish_complete_path $cur
    end
end
complete -c vagga -f -k -a '(__vagga_complete)'
