# The rulesets ship inside the installed package as baocao_check.rulesets (see pyproject.toml).
