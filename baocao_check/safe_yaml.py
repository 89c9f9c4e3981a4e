"""YAML for rulesets and waiver files, bounded: no alias bomb, no deep nesting, no huge integer,
no duplicate key.

PyYAML shares an aliased node instead of copying it, so "billion laughs" costs nothing to
load but everything to walk (the schema validator, the line index and the JSON cache all walk
it). Before anything is built, the event stream is scanned once: the size each anchor stands
for is summed as if expanded, and nesting is counted, both against limits.py. Then a loader
that refuses duplicate keys and integers longer than a line number builds the data.
"""

from __future__ import annotations

import yaml

from . import limits


class YAMLLimitError(yaml.MarkedYAMLError):
    """A YAML document that breaks one of the limits; ``vi``/``en`` say which."""

    def __init__(self, vi: str, en: str, mark):
        super().__init__(problem=en, problem_mark=mark)
        self.vi = vi
        self.en = en


def prescan(text: str) -> None:
    """Raise YAMLLimitError when the document would expand past the item or depth limit."""
    sizes: dict[str, int] = {}
    stack: list[list] = []          # per open collection: [anchor, expanded size]
    total = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            if len(stack) > limits.MAX_YAML_DEPTH:
                raise YAMLLimitError(f"lồng nhau quá sâu (hơn {limits.MAX_YAML_DEPTH} tầng).",
                                     f"nested too deeply (over {limits.MAX_YAML_DEPTH} levels).", event.start_mark)
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            anchor, size = event.anchor, 1
        elif isinstance(event, yaml.AliasEvent):
            anchor, size = None, sizes.get(event.anchor, 1)
        else:
            continue
        if anchor:
            sizes[anchor] = size
        if stack:
            stack[-1][1] += size
        else:
            total += size
        if (stack[-1][1] if stack else total) > limits.MAX_YAML_ITEMS or size > limits.MAX_YAML_ITEMS:
            raise YAMLLimitError(
                f"quá nhiều phần tử (hơn {limits.MAX_YAML_ITEMS:,} khi khai triển các bí danh «*»).",
                f"too many items (over {limits.MAX_YAML_ITEMS:,} once its aliases '*' are expanded).",
                event.start_mark)


class BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and integers of more than MAX_YAML_INT_DIGITS digits."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = key_node.value
                    if key in seen:
                        raise YAMLLimitError(
                            f"khoá '{key}' bị lặp (dòng {seen[key]} và dòng {key_node.start_mark.line + 1}); "
                            "giá trị sau sẽ che mất giá trị trước.",
                            f"key '{key}' is repeated (lines {seen[key]} and {key_node.start_mark.line + 1}); "
                            "the second would hide the first.", key_node.start_mark)
                    seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        digits = sum(ch.isdigit() for ch in node.value)
        if digits > limits.MAX_YAML_INT_DIGITS:
            raise YAMLLimitError(f"số nguyên quá dài ({digits} chữ số).", f"integer too long ({digits} digits).",
                                 node.start_mark)
        return super().construct_yaml_int(node)


BoundedLoader.add_constructor("tag:yaml.org,2002:int", BoundedLoader.construct_yaml_int)


def compose_and_load(text: str):
    """(node, data) of a single-document YAML text, within the limits; raises yaml.YAMLError."""
    prescan(text)
    loader = BoundedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data
