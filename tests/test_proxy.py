"""Two `wargame serve` workers behind nginx (deploy/nginx.conf): kill the one holding a room,
and the room resumes through the proxy from the shared games folder."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, Server, free_port

expect = pytest.importorskip("playwright.sync_api").expect

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_config(prefix: Path, listen: str, ports: list[int]) -> str:
    """deploy/nginx.conf with its placeholders filled in."""
    template = (ROOT / "deploy" / "nginx.conf").read_text()
    workers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in ports
    )
    text = template.replace("@@PREFIX@@", str(prefix)).replace("@@LISTEN@@", listen)
    return text.replace("@@WORKERS@@", workers)


@pytest.fixture
def proxied(tmp_path: Path) -> Iterator[tuple[str, list[Server], Path]]:
    """nginx on a free port in front of two workers sharing one games folder."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (bash dev.sh test installs it)")
    pytest.importorskip("solara")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    games = tmp_path / "games"
    command = [sys.executable, str(ROOT / "run.py"), "serve", "--allow-origin", url]
    workers = [Server(games, command=command) for _ in range(2)]
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(prefix, f"127.0.0.1:{port}", [w.port for w in workers]))
    proxy = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        for w in workers:
            w.start()
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if proxy.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((prefix / "error.log").read_text()[-2000:]) from None
                time.sleep(0.2)
        yield url, workers, prefix
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        for w in workers:
            w.stop()


def serving_port(prefix: Path, code: str) -> int:
    """The worker port nginx sent the last request for this game's page to (its access log)."""
    lines = [x for x in (prefix / "access.log").read_text().splitlines() if f"game={code}" in x]
    assert lines, (prefix / "access.log").read_text()[-1000:]
    return int(re.findall(r"upstream=[\d.]+:(\d+)", lines[-1])[-1])


def test_a_killed_workers_room_resumes_through_the_proxy(browser: Any, proxied: Any) -> None:
    from test_browser import game_code, start_game

    url, workers, prefix = proxied
    first, second = (browser.new_context() for _ in range(2))
    try:
        for ctx in (first, second):
            ctx.set_default_timeout(60_000)
        a = first.new_page()
        start_game(a, url, ["force_commander", "russia"], years="1", seed=11)
        code = game_code(a)
        invite = re.search(rf"{code}-([A-Z0-9]{{6}})", a.locator(".wg-hint").inner_text()).group(1)
        b = second.new_page()
        b.goto(f"{url}/?game={code}&invite={invite}")
        b.locator(".wg-seat-russia").click()
        card = b.locator(".wg-decision")
        expect(card).to_contain_text("week 1")  # the full room played on to Russia's decision

        # ip_hash sends 127.0.0.1 to one worker: every page of this test went to it.
        port = serving_port(prefix, code)
        holder = next(w for w in workers if w.port == port)
        other = next(w for w in workers if w is not holder)
        holder.proc.kill()  # a crash: nothing is saved on the way out
        holder.proc.wait()

        b2 = second.new_page()
        b2.goto(f"{url}/?game={code}&as=russia")
        expect(b2.locator(".wg-status")).to_contain_text("you command Russia")
        card2 = b2.locator(".wg-decision")
        expect(card2).to_contain_text("week 1")  # the open decision is asked again
        b2.locator(".wg-submit").click()
        expect(card2.filter(has_text="week 1,")).to_have_count(0)
        a2 = first.new_page()
        a2.goto(f"{url}/?game={code}&as=force_commander")
        expect(a2.locator(".wg-status")).to_contain_text("you command Force Commander")
        assert serving_port(prefix, code) == other.port
    finally:
        first.close()
        second.close()
