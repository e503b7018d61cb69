"""Reading the files people hand over (maps, scenarios) without trusting their size, encoding or shape.

Every problem is one ConfigError naming the file and what is wrong; no message shows the file's
content beyond a short word the file itself used as a name or value (see `brief`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from wargame.errors import ConfigError

MAX_YAML_BYTES = 1_000_000
"""Largest map or scenario file read: the shipped map is 9 KB, a 1,000-sector map about 400 KB."""

MAX_DEPTH = 20
"""Deepest nesting of lists and mappings in a map or scenario (the shipped files use 4)."""

MAX_NODES = 100_000
"""Most values a file may hold once its YAML aliases are expanded (a 1,000-sector map: ~15,000)."""

_WORD = re.compile(r"[\w .,;'()/+=@-]{0,40}")


class YamlSyntaxError(ConfigError):
    """The text is not YAML at all (as opposed to YAML that is too deep or too big)."""


def brief(value: Any) -> str:
    """A value for a message: short words and numbers as written, anything else only by kind."""
    if isinstance(value, str):
        if _WORD.fullmatch(value) and "\n" not in value:
            return repr(value)
        return f"a text of {len(value)} characters"
    if value is None or isinstance(value, bool | int | float):
        text = repr(value)
        return text if len(text) <= 40 else f"a number of {len(text)} digits"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)} items"
    if isinstance(value, dict):
        return f"a mapping of {len(value)} entries"
    return f"a {type(value).__name__}"


def read_text(path: Path, source: str, max_bytes: int = MAX_YAML_BYTES) -> str:
    """A file's text: refused if a folder, unreadable, larger than `max_bytes` or not UTF-8."""
    if path.is_dir():
        raise ConfigError(source, "file", "is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ConfigError(source, "file", f"is {size:,} bytes; at most {max_bytes:,} allowed")
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(source, "file", f"cannot be read ({exc.strerror or 'error'})") from None
    if len(raw) > max_bytes:  # grew while being read (a device, a pipe)
        raise ConfigError(source, "file", f"is larger than {max_bytes:,} bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            source, f"line {line}", f"not UTF-8 text (byte {exc.start + 1} cannot be read)"
        ) from None


# PyYAML's safe loader (plain data only, no tags that build objects), in C when LibYAML is there:
# the pure-Python parser takes seconds for a 400 KB map on a busy server.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, source: str) -> Any:
    """Parse YAML text into plain data; one ConfigError for syntax, nesting or alias bombs."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise ConfigError(
                source, "file", f"nested too deeply (at most {MAX_DEPTH} levels)"
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = _problem(exc.problem or exc.context or "not valid YAML")
            where = f"line {mark.line + 1}" if mark is not None else "file"
            column = f" (column {mark.column + 1})" if mark is not None else ""
            raise YamlSyntaxError(source, where, f"YAML syntax error: {what}{column}") from None
        except yaml.YAMLError:
            raise YamlSyntaxError(source, "file", "YAML syntax error") from None
        if node is None:
            return None
        _check_size(node, source)
        try:
            return loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            where = f"line {mark.line + 1}" if mark is not None else "file"
            raise ConfigError(source, where, f"YAML: {_problem(exc.problem or '')}") from None
    finally:
        loader.dispose()


def _problem(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= 80 else text[:77] + "..."


def _check_size(root: yaml.Node, source: str) -> None:
    """Refuse deep nesting and alias bombs before building anything (an iterative walk)."""
    sizes: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            line = node.start_mark.line + 1 if node.start_mark else 0
            raise ConfigError(
                source, f"line {line}", f"nested too deeply (at most {MAX_DEPTH} levels)"
            )
        children = _children(node)
        if done:
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > MAX_NODES:
                raise ConfigError(
                    source,
                    "file",
                    f"holds more than {MAX_NODES:,} values once its aliases are expanded",
                )
            sizes[id(node)] = total
            continue
        if id(node) in sizes:
            continue
        if id(node) in started:  # met again inside itself
            raise ConfigError(source, "file", "an alias refers to the list or mapping holding it")
        started.add(id(node))
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []
