"""Solara's browser-side files, cached locally from the npm registry when the CDN is out of reach.

Solara's page loads its JavaScript and CSS from a CDN that mirrors npm packages, through a cache
folder of the server. Where that CDN cannot be reached (an offline or firewalled machine) the
page stays blank; `ensure_frontend_assets` fills the cache once from the npm registry (plain
HTTPS, checked against the registry's sha512; no npm needed), so `wargame serve` works there too.
Once cached, it costs one file check per package.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
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


def registry() -> str:
    """The npm registry to fetch from (NPM_CONFIG_REGISTRY, as npm itself reads it)."""
    return os.environ.get("NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/").rstrip("/")


def download_package(spec: str) -> bytes:
    """The tarball of one npm package (name@version), checked against the registry's sha512."""
    name, _, version = spec.rpartition("@")
    with urllib.request.urlopen(f"{registry()}/{name}/{version}", timeout=120) as response:
        dist = json.load(response)["dist"]
    with urllib.request.urlopen(dist["tarball"], timeout=600) as response:
        data = response.read()
    integrity = dist.get("integrity", "")
    if integrity.startswith("sha512-"):
        digest = base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != integrity.removeprefix("sha512-"):
            raise OSError(f"{spec}: the download does not match the registry's sha512")
    return data


def fetch_package(spec: str, folder: Path) -> None:
    """Unpack one npm package (name@version) into folder/name@version, atomically."""
    data = download_package(spec)
    with tempfile.TemporaryDirectory() as tmp:
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
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
    problems = []
    for spec in missing:
        if say:
            print(f"wargame: caching the browser app's {spec} (npm registry, once)", flush=True)
        try:
            fetch_package(spec, folder)
        except (OSError, KeyError, ValueError, urllib.error.URLError, tarfile.TarError) as exc:
            problems.append(f"{spec}: {exc}")
    return problems
