"""The findings contract as JSON (schema: baocao_check/schemas/findings-v1.schema.json)."""

from __future__ import annotations

import json
import os

from .. import __version__
from ..findings import SCHEMA_ID

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "schemas",
                           "findings-v1.schema.json")


def build(results, ruleset) -> dict:
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "baocao-check", "version": __version__},
        "ruleset": {"id": ruleset.id, "version": ruleset.version},
        "documents": [r.to_dict() for r in results],
    }


def render(results, ruleset) -> str:
    return json.dumps(build(results, ruleset), ensure_ascii=False, indent=2) + "\n"
