"""Solara's browser-side files, cached locally from the npm registry when the CDN is out of reach.

Solara's page loads its JavaScript and CSS from a CDN that mirrors npm packages, through a cache
folder of the server. Where that CDN cannot be reached (an offline or firewalled machine) the
page stays blank; `ensure_frontend_assets` fills the cache once with `npm pack` from the npm
registry, so `wargame serve` works there too. Online, it costs one check per package.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

FONT_AWESOME = "font-awesome@4.5.0"
_PACKAGE = re.compile(r"\{\{cdn\}\}/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/")


def cache_dir() -> Path:
    """Where the Solara server looks for CDN files before fetching them."""
    import solara.server.settings as settings

    return Path(settings.assets.proxy_cache_dir)


def needed_packages() -> list[str]:
    """The npm packages (name@version) the Solara page template loads."""
    import solara.server

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    found = sorted(set(_PACKAGE.findall(template.read_text(encoding="utf-8"))))
    return [*found, FONT_AWESOME]


def missing_packages(folder: Path | None = None) -> list[str]:
    """The needed packages not yet in the cache."""
    folder = folder or cache_dir()
    return [p for p in needed_packages() if not (folder / p / "package.json").exists()]


def fetch_package(spec: str, folder: Path) -> None:
    """Unpack one npm package (name@version) into folder/name@version with `npm pack`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["npm", "pack", spec, "--silent"],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        tarball = Path(tmp) / out.stdout.strip().splitlines()[-1]
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(tarball) as tar:
            tar.extractall(unpacked, filter="data")
        target = folder / spec
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(target.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        shutil.move(str(unpacked / "package"), staging)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)


def ensure_frontend_assets(say: bool = True) -> list[str]:
    """Cache every missing package; returns problems in words (empty: all there)."""
    folder = cache_dir()
    missing = missing_packages(folder)
    if not missing:
        return []
    if shutil.which("npm") is None:
        return [f"npm not found: the page will fetch {', '.join(missing)} from the CDN"]
    problems = []
    for spec in missing:
        if say:
            print(f"wargame: caching the browser app's {spec} (npm registry, once)", flush=True)
        try:
            fetch_package(spec, folder)
        except (OSError, subprocess.SubprocessError, tarfile.TarError) as exc:
            problems.append(f"{spec}: {exc}")
    return problems
