# Bash completion for xxgk: commands, then each command's options, read from the program's own
# help (`xxgk CMD --help`), so it follows the options without being regenerated; files otherwise.
# Installed by `cmake --install` into share/bash-completion/completions/xxgk.
_xxgk() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prog=${COMP_WORDS[0]}
  if [[ $COMP_CWORD -eq 1 ]]; then
    local commands
    commands=$("$prog" --help 2>/dev/null | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}')
    COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
    return
  fi
  if [[ $cur == -* ]]; then
    local options
    options=$("$prog" "${COMP_WORDS[1]}" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[A-Za-z][A-Za-z0-9-]*' | tr -d ' ,' | sort -u)
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _xxgk xxgk
