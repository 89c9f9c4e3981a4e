# The rulesets ship inside the installed package as checker.rulesets (see pyproject.toml).
