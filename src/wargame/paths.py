"""Where the shipped maps, scenarios and policies live, in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # src/wargame, or the installed package


def data_dir(kind: str) -> Path:
    """The folder holding shipped data of `kind` ('maps', 'scenarios', 'policies' or 'experiments')."""
    installed = PACKAGE / "_data" / kind
    if installed.is_dir():
        return installed
    # Editable install or plain checkout: src/wargame -> repo root.
    checkout = PACKAGE.parent.parent / kind
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"cannot find the shipped '{kind}' folder (looked in {installed} and {checkout})"
    )


def resolve(kind: str, name_or_path: str, suffix: str = ".yaml") -> Path:
    """A shipped file by name (`demarcation_line`) or any file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in {".yaml", ".yml", ".py"} or candidate.parent != Path("."):
        return candidate
    return data_dir(kind) / f"{name_or_path}{suffix}"


def list_names(kind: str, suffix: str = ".yaml") -> list[str]:
    """Names of the shipped files of `kind`, sorted, without private ones (leading '_')."""
    return sorted(p.stem for p in data_dir(kind).glob(f"*{suffix}") if not p.stem.startswith("_"))
