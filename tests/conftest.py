"""Shared fixtures: a `wargame serve` server and a headless Debian Chromium for browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """A `wargame serve` subprocess on a free port with its own games folder."""

    def __init__(
        self, games_dir: Path, port: int | None = None, command: list[str] | None = None
    ) -> None:
        self.games_dir = games_dir
        self.command = command or [sys.executable, str(ROOT / "run.py"), "serve"]
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = games_dir.parent / f"serve-{self.port}.log"
        self.policy_dir = games_dir.parent / "policies"  # trusted by the server (--policy-dir)

    def start(self, timeout: float = 90.0) -> Server:
        """Start the server and wait until it answers."""
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        cmd = [*self.command, "--port", str(self.port)]
        cmd += ["--games-dir", str(self.games_dir)]
        self.policy_dir.mkdir(parents=True, exist_ok=True)
        cmd += ["--policy-dir", str(self.policy_dir)]
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"wargame serve exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url, timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(
            f"wargame serve did not answer in {timeout}s: {self.log.read_text()[-2000:]}"
        )

    def stop(self) -> None:
        """Stop the server (and only it)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="session")
def games_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The games folder the test server records into."""
    return tmp_path_factory.mktemp("browser") / "games"


@pytest.fixture(scope="session")
def server(games_dir: Path) -> Iterator[Server]:
    """One `wargame serve` for the browser tests."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (bash dev.sh test installs it)")
    pytest.importorskip("solara")
    srv = Server(games_dir).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (no `playwright install`)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (bash dev.sh test installs it)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, server: Server) -> Iterator[object]:
    """A fresh browser context and page (its own cookies: its own browser session)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    context.set_default_timeout(30_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(autouse=True)
def _no_trusted_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts trusting no policy file; what a test trusts is forgotten after it."""
    from wargame.policies.registry import TRUST_ENV

    monkeypatch.delenv(TRUST_ENV, raising=False)


def choose_option(page: Any, field: Any, option: str, attempts: int = 5) -> None:
    """Pick `option` from a Vuetify select (`field`: a selector or a locator of the select) the
    way a person does: open it, click the option. A redraw of the page (a room-mate's move, a
    week recorded) closes an open menu and detaches its options; on a loaded machine that can
    beat the click, so the menu is opened again, a few times, before giving up."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    select = page.locator(field) if isinstance(field, str) else field
    opener = select.locator(".v-field").first if select.locator(".v-field").count() else select
    for _ in range(attempts):
        opener.click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not pick {option!r} in {field!r} after {attempts} tries")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[pytest.TestReport]:
    """A failed test that used the browser server gets the tail of the server's log in its
    report: a page that stopped answering on a loaded CI machine leaves its cause there."""
    report: pytest.TestReport = yield
    srv = getattr(item, "funcargs", {}).get("server")
    if report.failed and isinstance(srv, Server) and srv.log.exists():
        report.sections.append(("wargame serve log (tail)", srv.log.read_text()[-4000:]))
    return report
