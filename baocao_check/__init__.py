"""baocao-check: checks Vietnamese report drafts against the plan they answer."""

__version__ = "0.1.0"
