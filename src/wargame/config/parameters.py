"""One declaration per parameter: default, allowed bounds, plausible range, unit, group, reason.

Settings take their default from defaults.yaml and everything else from parameters.yaml; the
built-in policies' parameters are declared wholly in parameters.yaml (key
`policies.<actor>.<param>`, actor one of roster.POLICY_SLOTS) and the policy classes read their
defaults from `policy_defaults`. `check` validates one value against its declaration.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from wargame import paths
from wargame.engine.posture import EMPLOYMENTS, ESTIMATES, OPTIONS, RESPONSES, SPACINGS
from wargame.engine.roster import POLICY_SLOTS, policy_slot
from wargame.errors import ConfigError

DEFAULTS_FILE = paths.PACKAGE / "defaults.yaml"
PARAMETERS_FILE = paths.PACKAGE / "parameters.yaml"
KINDS = ("float", "int", "bool", "choice")
# Fields that take one of a few words.
CHOICES: dict[str, tuple[str, ...]] = {
    "posture.option": OPTIONS,
    "posture.spacing": SPACINGS,
    "posture.response": RESPONSES,
    "posture.employment": EMPLOYMENTS,
    "posture.estimate": ESTIMATES,
    "us.commitment": ("none", "c4isr", "backstop"),
    "monitor.access": ("both_sides", "ukrainian_side"),
}
# Free text, not parameters: labels and the map (a name or a file, checked when it is loaded).
TEXT_KEYS = (
    "name",
    "description",
    "map",
    "nations.*.name",
    "nations.*.group",
    *(f"goals.*.*.{field}" for field in ("statement", "source", "measure", "test")),
)
# The group of the goal thresholds (defaults.yaml `goals`): they score a game, no rule reads them.
GOALS_GROUP = "goals"
# Seeds: numpy's SeedSequence takes any non-negative integer; below 2**32 keeps them portable.
SEED_MAX = 2**32 - 1


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: what it defaults to, what is allowed and plausible, and why."""

    key: str  # dotted settings key, e.g. "russia.hybrid_per_week", "policies.russia.risk_appetite"
    default: Any
    kind: str  # "float" | "int" | "bool" | "choice"
    minimum: float | None  # allowed (hard) bounds, inclusive; None = open on that side
    maximum: float | None
    low: float | None  # plausible range for sensitivity analysis (numeric kinds)
    high: float | None
    choices: tuple[str, ...]  # for kind == "choice"
    unit: str
    group: str
    assumed: bool  # True when the sources give no number
    reason: str  # source or reason for the default and the range
    # Why the dial moves nothing in a scenario: {scenario name or "*": reason} (`wargame dials`).
    inert: dict[str, str] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    def inert_text(self) -> str:
        """The declared inert reasons in words, e.g. `no_guarantee: no coalition force`."""
        return "; ".join(f"{k}: {v}" for k, v in self.inert.items())

    def allowed_text(self) -> str:
        """What values are allowed, in words."""
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        what = "a whole number" if self.kind == "int" else "a finite number"
        if self.minimum is not None and self.maximum is not None:
            return f"{what} between {_num(self.minimum)} and {_num(self.maximum)}"
        if self.minimum is not None:
            return f"{what} of at least {_num(self.minimum)}"
        if self.maximum is not None:
            return f"{what} of at most {_num(self.maximum)}"
        return what

    def to_dict(self) -> dict[str, Any]:
        """The declaration as a JSON-able mapping."""
        return {
            "key": self.key,
            "default": self.default,
            "kind": self.kind,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "low": self.low,
            "high": self.high,
            "choices": list(self.choices),
            "unit": self.unit,
            "group": self.group,
            "assumed": self.assumed,
            "reason": self.reason,
            "inert": dict(self.inert),
        }


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def declared() -> dict[str, Parameter]:
    """Every declared parameter by key (settings first, in defaults.yaml's order, then policies)."""
    return dict(_declared())


def assumed() -> list[Parameter]:
    """The ASSUMED parameters that have a numeric plausible range (what a sensitivity study varies)."""
    return [
        p
        for p in _declared().values()
        if p.assumed
        and p.kind in ("float", "int")
        and p.low is not None
        and p.high is not None
        and p.group != GOALS_GROUP  # goal thresholds score a game, they do not play it
    ]


def groups() -> list[str]:
    """The groups, in order of first appearance."""
    return list(dict.fromkeys(p.group for p in _declared().values()))


def policy_defaults(actor: str, policy: str) -> dict[str, Any]:
    """The declared parameters of a built-in policy and their defaults, e.g. ('russia', 'prober')."""
    meta = _meta()["policies"]
    if actor not in meta:
        raise KeyError(f"no policy parameters declared for actor '{actor}'")
    out: dict[str, Any] = {}
    for param, spec in meta[actor].items():
        if policy in spec["used_by"]:
            out[param] = spec.get("by_policy", {}).get(policy, spec["default"])
    return out


def declaration(key: str) -> Parameter | None:
    """The declaration of a settings key, nations' fields for any nation code included."""
    return _declared().get(key) or _nation_field(key)


def as_override(key: str, value: Any) -> str:
    """`key=value` for --set/--vary, a whole number for an int parameter (e.g. from a sampler)."""
    param = declaration(key)
    if param is None:
        raise ConfigError("--set", key, "not a declared parameter (see `wargame params`)")
    if param.kind == "int":
        return f"{key}={round(float(value))}"
    if param.kind == "bool":
        return f"{key}={'true' if value else 'false'}"
    if param.kind == "float":
        text = repr(float(value))
        if "e" in text and math.isfinite(float(value)):
            # YAML 1.1 reads 1e-05 as text; write it positionally (0.00001).
            text = format(float(value), ".20f").rstrip("0")
            text = text + "0" if text.endswith(".") else text
        return f"{key}={text}"
    return f"{key}={value}"


def policy_key(actor_id: str, param: str) -> str:
    """The declared key of a policy parameter set for an actor id (a nation code -> 'nations')."""
    return f"policies.{policy_slot(actor_id)}.{param}"


# -- validation ---------------------------------------------------------------------------------
def check(key: str, value: Any, source: str, field: str | None = None) -> Any:
    """`value` if it is allowed for the declared `key`; else one ConfigError naming source and field."""
    param = declaration(key)
    if param is None:
        raise ConfigError(source, field or key, "not a declared parameter (see `wargame params`)")
    return check_value(param, value, source, field or key)


def check_value(param: Parameter, value: Any, source: str, field: str) -> Any:
    """`value` if it is allowed by `param`: the right type, finite, within bounds or choices."""
    got = f"got {value!r}"
    if param.kind == "bool":
        if not isinstance(value, bool):
            raise ConfigError(source, field, f"must be true or false; {got}")
        return value
    if param.kind == "choice":
        if not isinstance(value, str) or value not in param.choices:
            raise ConfigError(source, field, f"must be {param.allowed_text()}; {got}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(source, field, f"must be {param.allowed_text()}; {got}")
    if not math.isfinite(value):
        raise ConfigError(source, field, f"must be {param.allowed_text()}; {got}")
    if param.kind == "int" and value != int(value):
        raise ConfigError(source, field, f"must be {param.allowed_text()}; {got}")
    low, high = param.minimum, param.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        sign = " (not negative)" if value < 0 and low is not None and low >= 0 else ""
        raise ConfigError(source, field, f"must be {param.allowed_text()}{sign}; {got}")
    return value


def check_settings(settings: dict[str, Any], source: str) -> None:
    """Check every declared setting and policy parameter of a resolved settings tree."""
    param: Parameter | None
    for key, param in _declared().items():
        if key.startswith(("policies.", "nations.")):
            continue
        check_value(param, lookup(settings, key), source, key)
    for code, nation in settings.get("nations", {}).items():
        for name, value in nation.items():
            param = _nation_field(f"nations.{code}.{name}")
            if param is not None:
                check_value(param, value, source, f"nations.{code}.{name}")
    for actor_id, entry in (settings.get("policies") or {}).items():
        if not isinstance(entry, dict):
            continue
        for name, value in entry.items():
            if name == "name":
                continue
            field = f"policies.{actor_id}.{name}"
            actor = str(actor_id)
            # An unknown actor id is reported by the registry (policy_specs), not as a bound.
            known = actor in POLICY_SLOTS or actor in settings.get("nations", {})
            param = _declared().get(policy_key(actor, str(name))) if known else None
            if param is not None:
                check_value(param, value, source, field)
            elif isinstance(value, float) and not math.isfinite(value):
                raise ConfigError(source, field, f"must be a finite number; got {value!r}")


def check_seed(seed: Any, source: str = "the game") -> int:
    """A game's seed if it is a whole number from 0 to 2**32-1 (--seed); else a ConfigError."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= SEED_MAX:
        raise ConfigError(
            source,
            "seed (--seed)",
            f"must be a whole number between 0 and {SEED_MAX}; got {seed!r}",
        )
    return seed


_INDEX = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<i>\d+)\]$")


def lookup(settings: dict[str, Any], key: str) -> Any:
    """A setting by declared key: dotted path, a list item as `name[i]`."""
    node: Any = settings
    for part in key.split("."):
        m = _INDEX.match(part)
        node = node[m["name"]][int(m["i"])] if m else node[part]
    return node


# -- building the declarations ------------------------------------------------------------------
@cache
def _meta() -> dict[str, Any]:
    with PARAMETERS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def _defaults() -> dict[str, Any]:
    with DEFAULTS_FILE.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _kind(default: Any) -> str:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    return "choice"


# The fields a declaration in parameters.yaml may have (a stray one is a typo or a YAML slip).
SPEC_FIELDS = frozenset(
    {"allowed", "assumed", "by_policy", "default", "group", "inert", "plausible", "reason"}
    | {"spread", "unit", "used_by"}
)


def _make(key: str, default: Any, spec: dict[str, Any], kind: str | None = None) -> Parameter:
    stray = sorted(str(k) for k in set(spec) - SPEC_FIELDS)
    if stray:
        raise ValueError(f"parameters.yaml: {key}: unknown field {stray[0]!r}")
    kind = kind or _kind(default)
    cast = float if kind == "float" else int
    allowed = [None if v is None else cast(v) for v in spec.get("allowed") or [None, None]]
    plausible = [None if v is None else cast(v) for v in spec.get("plausible") or [None, None]]
    return Parameter(
        key=key,
        default=default,
        kind=kind,
        minimum=allowed[0],
        maximum=allowed[1],
        low=plausible[0],
        high=plausible[1],
        choices=CHOICES.get(key, ()) if kind == "choice" else (),
        unit=str(spec.get("unit", "")),
        group=str(spec["group"]),
        assumed=bool(spec.get("assumed", True)),
        reason=str(spec["reason"]),
        inert=_inert(key, spec.get("inert")),
    )


def _inert(key: str, raw: Any) -> dict[str, str]:
    """A declaration's `inert`: shipped scenario names (or "*") to non-empty reasons."""
    if raw is None:
        return {}
    where = f"{key}.inert"
    if not isinstance(raw, dict) or not raw:
        raise ConfigError(
            str(PARAMETERS_FILE), where, f"must map scenario names or '*' to reasons; got {raw!r}"
        )
    from wargame.paths import list_names

    scenarios = list_names("scenarios")
    out: dict[str, str] = {}
    for name, reason in raw.items():
        if name != "*" and name not in scenarios:
            raise ConfigError(
                str(PARAMETERS_FILE),
                where,
                f"{name!r} is not a shipped scenario; use one of {', '.join(scenarios)} or '*'",
            )
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(
                str(PARAMETERS_FILE),
                f"{where}.{name}",
                f"must be a non-empty reason; got {reason!r}",
            )
        out[str(name)] = reason.strip()
    return out


def _leaves(node: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in node.items():
        dotted = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.extend(_leaves(value, dotted))
        elif isinstance(value, list):
            out.extend((f"{dotted}[{i}]", v) for i, v in enumerate(value))
        else:
            out.append((dotted, value))
    return out


@cache
def _declared() -> dict[str, Parameter]:
    meta, defaults = _meta(), _defaults()
    found: dict[str, Parameter] = {}
    for key, default in _leaves({k: v for k, v in defaults.items() if k != "nations"}):
        if key in meta["settings"]:
            found[key] = _make(key, default, meta["settings"][key])
    for code, nation in defaults["nations"].items():
        for field, default in nation.items():
            param = _nation_param(str(code), field, default)
            if param is not None:
                found[param.key] = param
    for actor, params in meta["policies"].items():
        for name, spec in params.items():
            key = f"policies.{actor}.{name}"
            found[key] = _make(key, spec["default"], spec)
    return found


def _nation_param(code: str, field: str, default: Any) -> Parameter | None:
    spec = _meta()["nation_fields"].get(field)
    if spec is None:
        return None
    key = f"nations.{code}.{field}"
    source = _meta()["sourced_nations"].get(code, {}).get(field)
    spec = dict(spec)
    if source is not None:
        spec.update(assumed=False, reason=source)
    spread = spec.get("spread")
    if spread is not None and not isinstance(default, bool):
        low, high = spec["allowed"]
        kind = _kind(default)
        lo, hi = max(low, default - spread), min(high, default + spread)
        if kind == "float":
            lo, hi = round(lo, 6), round(hi, 6)
        spec["plausible"] = [lo, hi] if lo < hi else None
    return _make(key, default, spec)


def _nation_field(key: str) -> Parameter | None:
    """The declaration for a nation's field, for any nation code (new nations included)."""
    parts = key.split(".")
    if len(parts) != 3 or parts[0] != "nations":
        return None
    known = _declared().get(key)
    if known is not None:
        return known
    spec = _meta()["nation_fields"].get(parts[2])
    if spec is None:
        return None
    template = _defaults()["nations"]["nl"].get(parts[2])
    return _make(key, template, spec)
