"""The policies registry: built-in policies (policies/), entry points and files, by name.

Trust boundary: code is loaded only from the built-ins, the `wargame.policies` entry points and
the `.py` files or folders the operator trusted (`trust`, which the CLI calls for `--policy
ACTOR=file.py` and `--policy-dir DIR`). A policy file named by a scenario, a record, a browser
or an upload is refused unless it is one of those.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import sys
import zlib
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from wargame import paths
from wargame.engine.roster import ACTOR_KINDS, NATIONS, is_nation, kind_of
from wargame.policies.policy import Policy, PolicyClass, PolicyError

ENTRY_POINT_GROUP = "wargame.policies"
# The trusted files and folders, os.pathsep-separated: kept in the environment so that worker
# processes (fork, forkserver, spawn, a local Dask cluster) trust exactly what their parent does.
TRUST_ENV = "WARGAME_TRUSTED_POLICIES"
HOW_TO_TRUST = (
    "code is loaded only from files and folders named when the command or server was started: "
    "name the file with --policy ACTOR=FILE.py:Class, or trust its folder with --policy-dir DIR "
    "(from Python: wargame.policies.registry.trust(path))"
)


class UntrustedCodeError(PolicyError):
    """A policy file that nobody trusted was named (by a scenario, a record, a browser...)."""


def trust(path: str | Path) -> Path:
    """Let policy code be loaded from this .py file or every .py file under this folder."""
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise PolicyError(f"policy file or folder {path} does not exist")
    if resolved.is_file() and resolved.suffix != ".py":
        raise PolicyError(f"{path}: only .py files (or folders of them) can hold policies")
    if resolved not in trusted_paths():
        current = os.environ.get(TRUST_ENV, "")
        os.environ[TRUST_ENV] = os.pathsep.join(filter(None, [current, str(resolved)]))
    return resolved


def trusted_paths() -> tuple[Path, ...]:
    """The files and folders policy code may be loaded from (besides built-ins, entry points)."""
    entries = os.environ.get(TRUST_ENV, "").split(os.pathsep)
    return tuple(Path(e) for e in entries if e)


def is_trusted(path: Path) -> bool:
    """Whether a .py file is one the operator trusted, by itself or through its folder."""
    try:
        resolved = path.expanduser().resolve()
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a symlink loop, no home folder
        return False
    if resolved.suffix != ".py":
        return False
    return any(
        resolved == t or (t.is_dir() and resolved.is_relative_to(t)) for t in trusted_paths()
    )


@dataclass(frozen=True)
class PolicyInfo:
    """A registered policy: its name, the actors it can play, a line of description, its origin."""

    name: str
    actors: tuple[str, ...]
    description: str
    origin: str
    cls: PolicyClass


def _is_policy_class(obj: Any) -> bool:
    if not inspect.isclass(obj):
        return False
    name = getattr(obj, "name", None)
    return (
        isinstance(name, str)
        and bool(name)
        and callable(getattr(obj, "decide", None))
        and bool(getattr(obj, "actors", ()))
    )


def _load_module(path: Path, module_name: str) -> ModuleType:
    if not path.is_file():
        raise PolicyError(f"policy file {path} does not exist")
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise PolicyError(f"policy file {path} cannot be imported (is it a .py file?)")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(module_name, None)
        raise PolicyError(
            f"policy file {path} failed to import: {type(exc).__name__}: {exc}"
        ) from None
    return module


def _classes_in(module: ModuleType) -> list[PolicyClass]:
    return [
        obj
        for _, obj in inspect.getmembers(module, _is_policy_class)
        if obj.__module__ == module.__name__
    ]


@cache
def builtin_policies() -> dict[str, PolicyInfo]:
    """Policies shipped in the top-level policies/ folder, one file per family."""
    found: dict[str, PolicyInfo] = {}
    for path in sorted(paths.data_dir("policies").glob("*.py")):
        if path.stem.startswith("_"):
            continue
        module = _load_module(path, f"wargame_policies_builtin.{path.stem}")
        for cls in _classes_in(module):
            _add(found, cls, f"policies/{path.name}")
    return found


def entry_point_policies() -> dict[str, PolicyInfo]:
    """Third-party policies registered under the `wargame.policies` entry-point group."""
    return _entry_point_policies(tuple(sys.path))


@cache
def _entry_point_policies(search_path: tuple[str, ...]) -> dict[str, PolicyInfo]:
    """Entry points are read once per import path (installing a package changes sys.path or restarts)."""
    found: dict[str, PolicyInfo] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as exc:
            raise PolicyError(
                f"entry point {ep.name} = {ep.value} failed to load: {type(exc).__name__}: {exc}"
            ) from None
        classes = _classes_in(obj) if isinstance(obj, ModuleType) else [obj]
        for cls in classes:
            check_policy_class(cls, f"entry point {ep.name}")
            _add(found, cls, f"entry point {ep.value}")
    return found


def _add(found: dict[str, PolicyInfo], cls: PolicyClass, origin: str) -> None:
    doc = (cls.description or cls.__doc__ or "").strip()
    info = PolicyInfo(cls.name, tuple(cls.actors), doc.splitlines()[0] if doc else "", origin, cls)
    for actor in cls.actors:
        key = f"{actor}:{cls.name}"
        if key in found and found[key].cls is not cls:
            raise PolicyError(
                f"two policies named '{cls.name}' for {actor}: {found[key].origin} and {origin}"
            )
        found[key] = info


def check_policy_class(cls: Any, where: str) -> None:
    """Refuse something that does not satisfy the Policy protocol, saying what is missing."""
    if not inspect.isclass(cls):
        raise PolicyError(f"{where}: {cls!r} is not a class")
    missing = [attr for attr in ("name", "actors", "decide") if not getattr(cls, attr, None)]
    if missing:
        raise PolicyError(
            f"{where}: class {cls.__name__} is not a policy: missing {', '.join(missing)} "
            f"(a policy has name: str, actors: tuple of {', '.join(ACTOR_KINDS)}, and decide(observation) -> list)"
        )
    bad = [a for a in getattr(cls, "actors", ()) if a not in ACTOR_KINDS]
    if bad:
        raise PolicyError(
            f"{where}: class {cls.__name__} names unknown actor kind(s) {bad}; allowed: {', '.join(ACTOR_KINDS)}"
        )


def all_policies() -> dict[str, PolicyInfo]:
    """Every registered policy keyed by 'actor:name' (built-in, then entry points)."""
    builtin, plugins = builtin_policies(), entry_point_policies()
    clash = sorted(set(builtin) & set(plugins))
    if clash:
        raise PolicyError(
            f"entry-point policies reuse built-in names {', '.join(clash)} ({plugins[clash[0]].origin}); rename them"
        )
    return {**builtin, **plugins}


def list_policies() -> list[PolicyInfo]:
    """Every registered policy once, sorted by actor kind and name."""
    order: dict[str, int] = {kind: i for i, kind in enumerate(ACTOR_KINDS)}
    unique = {(info.actors[0], info.name): info for info in all_policies().values()}
    return sorted(unique.values(), key=lambda i: (order[i.actors[0]], i.name))


def resolve_policy(ref: str, actor_id: str) -> PolicyClass:
    """The policy class for a reference: a registered name or `path/to/file.py:ClassName`."""
    kind = kind_of(actor_id)
    if ".py" in ref:
        return _class_from_file(ref, kind)
    registry = all_policies()
    info = registry.get(f"{kind}:{ref}")
    if info is None:
        names = sorted({i.name for k, i in registry.items() if k.startswith(f"{kind}:")})
        others = sorted({i.actors[0] for k, i in registry.items() if i.name == ref})
        hint = f" ('{ref}' plays {', '.join(others)})" if others else ""
        raise PolicyError(
            f"unknown policy '{ref}' for {actor_id}{hint}; policies for {kind}: {', '.join(names)}"
        )
    return info.cls


def _file_module_name(path: Path) -> str:
    return f"wargame_policies_file_{zlib.crc32(str(path).encode()):08x}"


def _class_from_file(ref: str, kind: str) -> PolicyClass:
    path_text, _, cls_name = ref.partition(":")
    if not is_trusted(Path(path_text)):
        raise UntrustedCodeError(f"policy file {path_text!r} is not trusted: {HOW_TO_TRUST}")
    path = Path(path_text).expanduser().resolve()
    module_name = _file_module_name(path)
    module = sys.modules.get(module_name) or _load_module(path, module_name)
    if cls_name:
        cls = getattr(module, cls_name, None)
        if cls is None:
            raise PolicyError(f"policy file {path} has no class {cls_name}")
    else:
        classes = [c for c in _classes_in(module) if kind in c.actors]
        if len(classes) != 1:
            raise PolicyError(
                f"policy file {path} holds {len(classes)} policies for {kind}; name one as {path_text}:ClassName"
            )
        cls = classes[0]
    check_policy_class(cls, f"policy file {path}")
    if kind not in cls.actors:
        raise PolicyError(f"policy {cls.name} in {path} plays {', '.join(cls.actors)}, not {kind}")
    return cls


def policy_rng(seed: int, actor_id: str) -> np.random.Generator:
    """A policy's own random stream: fixed by the game's seed and the actor, nothing else."""
    return np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(actor_id.encode())]))


def make_policy(ref: str, actor_id: str, seed: int, params: dict[str, Any] | None = None) -> Policy:
    """Instantiate a policy for an actor, with its parameters and its own seeded RNG."""
    cls = resolve_policy(ref, actor_id)
    try:
        policy = cls(actor_id, policy_rng(seed, actor_id), **(params or {}))
    except TypeError as exc:
        raise PolicyError(
            f"policy '{ref}' for {actor_id} cannot be created with {params or {}}: {exc}"
        ) from None
    if not isinstance(policy, Policy):
        raise PolicyError(
            f"policy '{ref}' for {actor_id} does not satisfy the Policy protocol (name, decide)"
        )
    return policy


def default_policy_name(actor_id: str, settings: dict[str, Any]) -> str:
    """The scenario's default policy for an actor (US and monitor follow the scenario's settings)."""
    kind = kind_of(actor_id)
    return {
        "russia": "prober",
        "ukraine": "hold_the_line",
        "us": settings["us"]["commitment"],
        "monitor": "patrol_evenly",
        "force_commander": settings["posture"]["response"],
        "nation": "public_opinion",
    }[kind]


def policy_specs(settings: dict[str, Any], actor_ids: list[str]) -> dict[str, dict[str, Any]]:
    """For every actor: {'name': ..., params}, from defaults, the `nations` entry, then per actor."""
    chosen = settings.get("policies", {})
    unknown = [a for a in chosen if a not in actor_ids and a != NATIONS]
    if unknown:
        raise PolicyError(
            f"policies: unknown actor(s) {', '.join(unknown)}; actors: nations, {', '.join(actor_ids)}"
        )
    specs: dict[str, dict[str, Any]] = {}
    for actor_id in actor_ids:
        spec: dict[str, Any] = {"name": default_policy_name(actor_id, settings)}
        if is_nation(actor_id) and NATIONS in chosen:
            spec.update(chosen[NATIONS])
        spec.update(chosen.get(actor_id, {}))
        specs[actor_id] = spec
    return specs


def make_deciders(settings: dict[str, Any], actor_ids: list[str], seed: int) -> dict[str, Policy]:
    """A policy for every actor of a game, as chosen by the scenario's `policies` section."""
    deciders = {}
    for actor_id, spec in policy_specs(settings, actor_ids).items():
        params = {k: v for k, v in spec.items() if k != "name"}
        deciders[actor_id] = make_policy(str(spec["name"]), actor_id, seed, params)
    return deciders
