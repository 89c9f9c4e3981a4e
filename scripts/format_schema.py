"""Write a JSON Schema readably: nested objects indented, short objects and lists on one line.

    python3 scripts/format_schema.py rulesets/ruleset.schema.json
"""
import json
import sys

WIDTH = 110


def dump(value, indent=0):
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= WIDTH or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, list):
        return "[\n" + ",\n".join(pad + dump(v, indent + 2) for v in value) + "\n" + " " * indent + "]"
    items = [pad + json.dumps(k, ensure_ascii=False) + ": " + dump(v, indent + 2) for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(dump(data) + "\n")
