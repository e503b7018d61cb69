"""Scenarios: the default settings tree, scenario files over it, `--set` overrides, validation."""

from __future__ import annotations

import copy
import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wargame import paths
from wargame.config.goals import check_goals
from wargame.config.inputs import YamlSyntaxError, brief, load_yaml, read_text
from wargame.config.maps import load_map
from wargame.config.parameters import CHOICES as CHOICES  # re-exported: the UI offers them
from wargame.config.parameters import DEFAULTS_FILE as DEFAULTS_FILE
from wargame.config.parameters import check_settings, declaration, lookup
from wargame.engine.posture import Posture
from wargame.engine.roster import all_actor_ids
from wargame.engine.sector_map import SectorMap
from wargame.engine.setup import GameSetup
from wargame.engine.white_cell import Context, InjectError, check_acts
from wargame.errors import ConfigError

_LIST_ITEM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\[(\d+)\]$")


def load_defaults() -> dict[str, Any]:
    """The default settings tree (src/wargame/defaults.yaml)."""
    with DEFAULTS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


_DEFAULTS = load_defaults()


@dataclass(frozen=True)
class Scenario:
    """A fully resolved, validated scenario: every setting the model reads."""

    name: str
    source: str
    settings: dict[str, Any]

    def get(self, dotted: str) -> Any:
        """A setting by dotted path, e.g. `posture.rotation_factor`."""
        return lookup(self.settings, dotted)

    @property
    def posture(self) -> Posture:
        """The Coalition's posture dials."""
        return Posture(**self.settings["posture"])

    @property
    def weeks(self) -> int:
        """The horizon in weeks (one step is one week)."""
        return max(1, round(self.settings["years"] * 52))

    @property
    def digest(self) -> str:
        """A hash of the resolved settings, to tell two scenarios apart."""
        text = json.dumps(self.settings, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        """The resolved settings (a deep copy, JSON-able)."""
        return copy.deepcopy(self.settings)

    def game_settings(self) -> dict[str, Any]:
        """The settings a record keeps: all of them, but the sides' goals only where they differ
        from the defaults (goals score a game, they do not change it; records made before there
        were goals stay byte-identical, and a replay gets the default goals back)."""
        settings = self.to_dict()
        if settings.get("goals") == _DEFAULTS.get("goals"):
            del settings["goals"]
        return settings


def list_scenarios() -> list[Scenario]:
    """Every shipped scenario, loaded and validated."""
    return [load_scenario(name) for name in paths.list_names("scenarios")]


def load_scenario(
    name_or_path: str = "default",
    overrides: list[str] | None = None,
    *,
    maps_root: Path | None = None,
) -> Scenario:
    """Load a shipped scenario by name or a file by path, apply `key=value` overrides, validate.

    With `maps_root` (the server's games folder) the scenario may name only a shipped map or a
    map file inside that folder.
    """
    if name_or_path == "default":
        raw: dict[str, Any] = {}
        source = str(DEFAULTS_FILE)
    else:
        path = paths.resolve("scenarios", name_or_path)
        source = str(path)
        raw = _read_yaml(path)
    settings = copy.deepcopy(_DEFAULTS)
    _merge(settings, raw, source, "")
    _validate(settings, source)
    for item in overrides or []:
        apply_override(settings, item)
        _validate(settings, f"--set {item}")
    if maps_root is not None:
        check_map_inside(settings["map"], source, maps_root)
    return Scenario(name=str(settings["name"]), source=source, settings=settings)


def check_map_inside(ref: str, source: str, root: Path) -> None:
    """Refuse a map reference that is neither a shipped map nor a file inside `root`."""
    shipped = paths.list_names("maps")
    if ref in shipped:
        return
    path = Path(ref)
    if not path.is_absolute():
        path = Path(source).parent / path
    try:
        inside = path.resolve().is_relative_to(Path(root).resolve()) and path.is_file()
    except (OSError, RuntimeError, ValueError):
        inside = False
    if not inside:
        raise ConfigError(
            source,
            "map",
            f"must be a shipped map ({', '.join(shipped)}) or a map file inside the games "
            f"folder; got {brief(ref)}",
        )


def from_settings(settings: dict[str, Any], source: str = "<settings>") -> Scenario:
    """Validate a full or partial settings tree (e.g. a record's header) into a Scenario."""
    merged = copy.deepcopy(_DEFAULTS)
    _merge(merged, settings, source, "")
    _validate(merged, source)
    return Scenario(name=str(merged["name"]), source=source, settings=merged)


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        shipped = ", ".join(paths.list_names("scenarios"))
        raise ConfigError(
            str(path), "(file)", f"no such scenario file; shipped scenarios: {shipped}"
        )
    data = load_yaml(read_text(path, str(path)), str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(str(path), "(top level)", "must be a mapping of settings")
    return data


def apply_override(settings: dict[str, Any], item: str) -> None:
    """Apply one `a.b.c=value` override (the value is read as YAML: 3, 0.5, true, backstop)."""
    source = "--set"
    if not isinstance(item, str):
        raise ConfigError(source, brief(item), "expected key=value text")
    if "=" not in item:
        raise ConfigError(source, item, "expected key=value, e.g. posture.rotation_factor=4")
    key, _, text = item.partition("=")
    key = key.strip()
    try:
        value = load_yaml(text, source) if text.strip() else ""
    except YamlSyntaxError:
        value = text
    except ConfigError as exc:
        raise ConfigError(source, key, exc.problem) from None
    parts = key.split(".")
    if parts[0] == "policies":
        _set_policy_override(settings, parts, value, source, key)
        return
    node: Any = settings
    for i, part in enumerate(parts[:-1]):
        if not isinstance(node, dict) or part not in node:
            raise ConfigError(source, key, _unknown(".".join(parts[: i + 1]), node))
        node = node[part]
    leaf = parts[-1]
    item_of = _LIST_ITEM.match(leaf)
    if item_of is not None and isinstance(node, dict) and isinstance(node.get(item_of[1]), list):
        # One item of a list setting, e.g. monitor.detect[1]=0.7 (a declared parameter's key).
        name, index, items = item_of[1], int(item_of[2]), node[item_of[1]]
        if index >= len(items):
            raise ConfigError(
                source, key, f"{name} has {len(items)} items: [0] to [{len(items) - 1}]"
            )
        value = [value if i == index else v for i, v in enumerate(items)]
        leaf = name
    if not isinstance(node, dict) or leaf not in node:
        raise ConfigError(source, key, _unknown(key, node))
    _merge(node, {leaf: value}, source, ".".join(parts[:-1]))


def _set_policy_override(
    settings: dict[str, Any], parts: list[str], value: Any, source: str, key: str
) -> None:
    policies = settings.setdefault("policies", {})
    if len(parts) == 2:
        entry = normalise_policy_entry(policies.get(parts[1]), source, key)
        entry["name"] = value
        policies[parts[1]] = entry
    elif len(parts) == 3:
        entry = normalise_policy_entry(policies.get(parts[1]), source, key)
        entry[parts[2]] = value
        policies[parts[1]] = entry
    else:
        raise ConfigError(source, key, "use policies.ACTOR=NAME or policies.ACTOR.PARAM=VALUE")


def normalise_policy_entry(entry: Any, source: str, field: str) -> dict[str, Any]:
    """A policies entry as a dict {'name': ..., param: value}; a bare name is allowed."""
    if entry is None:
        return {}
    if isinstance(entry, str):
        return {"name": entry}
    if isinstance(entry, dict):
        return dict(entry)
    raise ConfigError(
        source, field, "must be a policy name or a mapping with 'name' and parameters"
    )


_SETTING_NAME = re.compile(r"[A-Za-z0-9_]{1,40}")


def _unknown(field: str, node: Any) -> str:
    allowed = ", ".join(sorted(node)) if isinstance(node, dict) else "(nothing: not a section)"
    return f"unknown setting '{field}'; allowed here: {allowed}"


def _merge(base: dict[str, Any], raw: dict[str, Any], source: str, prefix: str) -> None:
    """Merge `raw` into `base`, refusing unknown keys and values of the wrong type."""
    for key, value in raw.items():
        field = f"{prefix}.{key}" if prefix else str(key)
        if field == "policies" or prefix == "policies":
            if not isinstance(value, dict) and field == "policies":
                raise ConfigError(source, field, "must be a mapping ACTOR: NAME")
            if field == "policies":
                for actor, entry in value.items():
                    base["policies"][actor] = normalise_policy_entry(
                        entry, source, f"policies.{actor}"
                    )
            continue
        if field == "injects":  # the white cell's scheduled acts (checked in _validate)
            if not isinstance(value, list):
                raise ConfigError(source, field, "must be a list of white-cell acts (mappings)")
            if value:
                base["injects"] = copy.deepcopy(value)
            else:
                base.pop("injects", None)
            continue
        if prefix == "nations" and not isinstance(key, str):
            raise ConfigError(
                source,
                f"nations.{key}",
                "nation ids must be text; quote them (YAML reads no as false: write 'no')",
            )
        if prefix == "nations" and key not in base:
            base[key] = _new_nation(value, source, field)
            continue
        if key not in base:
            if not (isinstance(key, str) and _SETTING_NAME.fullmatch(key)):
                field = f"{prefix}.(a field)" if prefix else "(a field)"
                allowed = ", ".join(sorted(map(str, base)))
                raise ConfigError(source, field, f"not a setting name; allowed here: {allowed}")
            raise ConfigError(source, field, _unknown(field, base))
        default = base[key]
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise ConfigError(source, field, "must be a section (a mapping of settings)")
            _merge(default, value, source, field)
        else:
            base[key] = _coerce(default, value, source, field)


def _new_nation(value: Any, source: str, field: str) -> dict[str, Any]:
    template = _DEFAULTS["nations"]["nl"]
    if not isinstance(value, dict):
        raise ConfigError(source, field, "a nation must be a mapping of its settings")
    missing = sorted(set(template) - set(value))
    if missing:
        raise ConfigError(
            source, field, f"a new nation needs every field; missing: {', '.join(missing)}"
        )
    nation = copy.deepcopy(template)
    _merge(nation, value, source, field)
    return nation


def _allowed(field: str, plain: str) -> str:
    """What a declared field allows, in words (`plain` for an undeclared one)."""
    param = declaration(field)
    return param.allowed_text() if param is not None else plain


def _coerce(default: Any, value: Any, source: str, field: str) -> Any:
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(
                source, field, f"must be {_allowed(field, 'true or false')}, got {brief(value)}"
            )
        return value
    if isinstance(value, float) and not math.isfinite(value) and not isinstance(default, str):
        raise ConfigError(source, field, f"must be a finite number, got {brief(value)}")
    if isinstance(default, int):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value != int(value)
        ):
            raise ConfigError(
                source, field, f"must be {_allowed(field, 'a whole number')}, got {brief(value)}"
            )
        return int(value)
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(
                source, field, f"must be {_allowed(field, 'a number')}, got {brief(value)}"
            )
        if not math.isfinite(value):
            raise ConfigError(
                source, field, f"must be {_allowed(field, 'a finite number')}, got {brief(value)}"
            )
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ConfigError(source, field, f"must be text, got {brief(value)}")
        if not value.strip() and not field.endswith("description"):
            raise ConfigError(source, field, "must not be empty")
        return value
    if isinstance(default, list):
        if not isinstance(value, list) or len(value) != len(default):
            raise ConfigError(
                source, field, f"must be a list of {len(default)} numbers, got {brief(value)}"
            )
        return [
            _coerce(d, v, source, f"{field}[{i}]")
            for i, (d, v) in enumerate(zip(default, value, strict=True))
        ]
    return value


def _validate(settings: dict[str, Any], source: str) -> None:
    for code in settings["nations"]:
        if not isinstance(code, str):
            raise ConfigError(
                source,
                f"nations.{code}",
                "nation ids must be text; quote them (YAML reads no as false: write 'no')",
            )
        if code != code.lower() or len(code) != 2 or not code.isalpha():
            raise ConfigError(
                source, f"nations.{code}", "nation ids are ISO 3166 alpha-2 codes in lower case"
            )
    # Every declared setting and policy parameter: type, finite, within its allowed bounds.
    check_settings(settings, source)
    check_goals(settings, source)
    if not any(n["brigades"] > 0 for n in settings["nations"].values()):
        raise ConfigError(source, "nations", "at least one nation must contribute brigades")
    check_injects(settings, source)


def check_injects(settings: dict[str, Any], source: str, sectors: list[str] | None = None) -> None:
    """The scenario's scheduled white-cell acts (`injects:`), each checked (its sectors too once
    the map is known); a ConfigError names the act's field and what is allowed."""
    if not settings.get("injects"):
        return
    nations = list(settings["nations"])
    weeks = max(1, round(settings["years"] * 52))
    ctx = Context(sectors, nations, all_actor_ids(nations), earliest=1, horizon=weeks)
    try:
        settings["injects"] = check_acts(settings["injects"], ctx, "injects")
    except InjectError as exc:
        field, _, problem = str(exc).partition(": ")
        raise ConfigError(source, field, problem) from None


def scenario_map(scenario: Scenario) -> SectorMap:
    """The scenario's map, loaded: a shipped name, or a file next to the scenario's own."""
    ref = scenario.settings["map"]
    if ref.endswith((".yaml", ".yml")) and not Path(ref).is_absolute():
        ref = str(Path(scenario.source).parent / ref)
    return load_map(ref)


def game_setup(scenario: Scenario, sector_map: SectorMap | None = None) -> GameSetup:
    """The scenario on its map (or on `sector_map`), checked once and ready for any seed."""
    sector_map = sector_map or scenario_map(scenario)
    if scenario.settings.get("injects"):
        check_injects(copy.deepcopy(scenario.settings), scenario.source, sector_map.sector_ids)
    return GameSetup.check(scenario, sector_map)
