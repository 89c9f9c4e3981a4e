"""Shell completion, generated from the parser itself (so it never lags behind the options):
``eval "$(baocao-check completion bash)"`` in ~/.bashrc."""

from __future__ import annotations

import argparse


def _tree(parser: argparse.ArgumentParser, path: str = "") -> dict[str, dict]:
    """'check' / 'ruleset from-plan' / '' -> {"options": [...], "subcommands": [...], "choices": {opt: [...]}}."""
    options, subs, choices, files = [], [], {}, []
    out = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                subs.append(name)
                out.update(_tree(sub, f"{path} {name}".strip()))
        elif action.option_strings:
            options += action.option_strings
            if action.choices:
                for opt in action.option_strings:
                    choices[opt] = list(action.choices)
            elif action.metavar == "RULE_ID":
                from .rules import RULES
                for opt in action.option_strings:
                    choices[opt] = sorted(RULES)
            elif action.nargs != 0 and action.metavar not in (None, "N", "MB", "MINUTES", "SECONDS", "NAME"):
                files += action.option_strings
    out[path] = {"options": options, "subcommands": subs, "choices": choices, "files": files}
    return out


def bash_script(parser: argparse.ArgumentParser) -> str:
    tree = _tree(parser)
    cases = []
    for path, node in sorted(tree.items()):
        words = " ".join(node["subcommands"] + node["options"])
        choice_cases = "".join(
            f"        {opt}) COMPREPLY=($(compgen -W '{' '.join(vals)}' -- \"$cur\")); return;;\n"
            for opt, vals in node["choices"].items())
        file_opts = "|".join(node["files"])
        file_case = f"        {file_opts}) COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n" if file_opts else ""
        cases.append(f"""    '{path}')
      case "$prev" in
{choice_cases}{file_case}      esac
      if [[ "$cur" == -* || -n '{" ".join(node["subcommands"])}' ]]; then
        COMPREPLY=($(compgen -W '{words}' -- "$cur"))
      fi
      [[ "$cur" != -* && -z '{" ".join(node["subcommands"])}' ]] && COMPREPLY+=($(compgen -f -- "$cur"))
      ;;""")
    subcommands = sorted({w for node in tree.values() for w in node["subcommands"]})
    return f"""# bash completion for baocao-check (generated: baocao-check completion bash)
_baocao_check() {{
  local cur prev path w
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  prev="${{COMP_WORDS[COMP_CWORD-1]}}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="${{COMP_WORDS[i]}}"
    case " {' '.join(subcommands)} " in
      *" $w "*) path="${{path:+$path }}$w";;
    esac
  done
  case "$path" in
{chr(10).join(cases)}
  esac
}}
complete -o filenames -F _baocao_check baocao-check
"""
