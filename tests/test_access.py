"""Who may open a game: seats, umpire, watchers, the token cookie, Origin, password, memory."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
import uuid
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("solara")

from wargame.ui import access, games
from wargame.ui.games import PlaySession, Setup, games_of, open_session, seat_token, start_session

A, B, C = ("a" * 43, "b" * 43, "c" * 43)  # three browsers' tokens


def room(tmp_path: Path, watchers: bool = False) -> PlaySession:
    """A room for Force Commander (browser A, its creator) and Russia, half a year long."""
    session = PlaySession.start(
        Setup(humans=("force_commander", "russia"), years=0.5, watchers=watchers), tmp_path
    )
    assert session.take_seat("force_commander", A, session.invite) is None
    return session


# -- rights in a game -----------------------------------------------------------------------------
def test_a_free_seat_needs_the_rooms_invite_and_one_seat_per_browser(tmp_path: Path) -> None:
    """The code alone takes no seat; the invite does, once per browser."""
    session = room(tmp_path)
    assert len(session.invite) == 6
    assert "invite" in (session.take_seat("russia", B) or "")
    assert "invite" in (session.take_seat("russia", B, "WRONG1") or "")
    assert "already commands" in (session.take_seat("russia", A, session.invite) or "")
    assert session.take_seat("russia", B, session.invite.lower()) is None  # typed in any case
    assert session.seat_of(B) == "russia" and session.seat_of(C) is None


def test_nobody_opens_a_game_without_a_right_in_it(tmp_path: Path) -> None:
    """A code without a seat, the umpire or watchers allowed opens nothing (checked on disk)."""
    session = room(tmp_path)
    code = session.code
    assert access.may_open(code, A, None, tmp_path)  # live
    assert not access.may_open(code, C, None, tmp_path)
    assert not access.may_open(code, None, None, tmp_path)
    assert access.may_open(code, C, f"-{session.invite}", tmp_path)  # with the invite
    del session
    gc.collect()
    assert games.live_session(code) is None
    assert access.may_open(code, A, None, tmp_path)  # from the set-up file alone
    assert not access.may_open(code, C, None, tmp_path)
    assert not access.may_open("ZZZZZZ", A, None, tmp_path)
    assert not access.may_open("../etc", A, None, tmp_path)


def test_views_seat_umpire_watcher(tmp_path: Path) -> None:
    """Each browser gets its own view; asking for another one is refused."""
    session = room(tmp_path)
    assert session.take_seat("russia", B, session.invite) is None
    view = access.view_of(session, A, None, None)
    assert (view.role, view.actor, view.acts) == ("seat", "force_commander", True)
    assert access.view_of(session, A, "russia", None).actor == "force_commander"  # not Russia's
    assert access.view_of(session, C, "russia", None).role is None
    assert access.view_of(session, C, "umpire", None).role is None
    assert access.view_of(session, A, "umpire", None).role is None  # a player is no umpire
    refused = access.view_of(session, C, "watch", None)
    assert refused.role is None and "does not allow watchers" in refused.problem
    assert access.view_of(session, C, None, None).role is None

    key = session.new_umpire_key()
    assert key not in json.dumps(read_setup_file(tmp_path, session.code))  # kept hashed
    assert not session.make_umpire(C, "not-the-key")
    assert session.make_umpire(C, key)
    view = access.view_of(session, C, "umpire", None)
    assert view.role == "umpire" and view.acts

    open_room = room(tmp_path, watchers=True)
    view = access.view_of(open_room, C, "watch", None)
    assert view.role == "watch" and not view.acts


def read_setup_file(folder: Path, code: str) -> dict[str, Any]:
    """A game's set-up file as saved."""
    return json.loads((folder / f"{code}{games.SETUP_SUFFIX}").read_text(encoding="utf-8"))


def test_rights_survive_a_restart(tmp_path: Path) -> None:
    """Seats, umpires, the umpire key and the invite are saved (hashed where secret)."""
    session = room(tmp_path)
    key = session.new_umpire_key()
    session.make_umpire(C)
    again = PlaySession.resume(session.code, tmp_path)
    assert again.seat_of(A) == "force_commander" and again.is_umpire(C)
    assert again.invite == session.invite and again.make_umpire(B, key)
    saved = json.dumps(read_setup_file(tmp_path, session.code))
    assert A not in saved and C not in saved and key not in saved


def test_unknown_code_names_no_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unknown or forbidden code gives a message without the games folder's location."""
    from wargame.ui import play

    with pytest.raises(Exception) as caught:
        PlaySession.resume("ZZZZZZ", tmp_path)
    assert str(tmp_path) not in str(caught.value)
    monkeypatch.setenv("WARGAME_GAMES_DIR", str(tmp_path))
    session = room(tmp_path)
    for code in ("ZZZZZZ", session.code, "../../etc/passwd"):
        found, message = play._load(code, C, None, None)
        assert found is None and message
        assert str(tmp_path) not in message and "/" not in message.replace("CODE-INVITE", "")
    mine, message = play._load(session.code, A, None, None)  # the creator's browser: its room
    assert mine is not None and mine.code == session.code and not message


def test_replay_lists_only_this_browsers_records(tmp_path: Path) -> None:
    """Games it umpires, and games it played once they are over; never other people's."""
    solo = PlaySession.start(Setup(years=0.1), tmp_path)
    solo.make_umpire(A)
    played = room(tmp_path)
    played.take_seat("russia", B, played.invite)
    names = {p.name for p in games_of(A, tmp_path)}
    assert names == {solo.record_path.name}  # A's room is still being played: not listed
    assert games_of(C, tmp_path) == [] and games_of(None, tmp_path) == []
    while not played.over:
        played.run_to_decision()
        if played.pending is not None:
            played.submit([])
    assert {p.name for p in games_of(B, tmp_path)} == {played.record_path.name}
    assert {p.name for p in games_of(A, tmp_path)} == {
        solo.record_path.name,
        played.record_path.name,
    }


# -- memory ----------------------------------------------------------------------------------------
def test_finished_games_leave_memory_and_come_back_from_their_record(tmp_path: Path) -> None:
    """Once over and no page holds it, a game is freed; opening it again rebuilds it."""
    session = start_session(Setup(years=0.1), tmp_path)
    code, ref = session.code, weakref.ref(session)
    model = weakref.ref(session.game.model)
    session.run_to_decision()
    assert session.over and code not in games.kept_games()
    assert open_session(code, tmp_path) is session  # while a page holds it: the same object
    weeks = session.game.week
    del session
    gc.collect()
    assert ref() is None and model() is None  # freed, its model too (Mesa kept every model)
    again = open_session(code, tmp_path)
    assert again.over and again.game.week == weeks


def test_the_registry_keeps_a_bounded_number_of_games(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most MAX_KEPT unfinished games without a page; idle ones are let go."""
    monkeypatch.setattr(games, "MAX_KEPT", 3)
    refs = []
    for _ in range(5):
        refs.append(weakref.ref(start_session(Setup(years=0.5), tmp_path)))
    assert len(games.kept_games()) == 3
    gc.collect()
    assert sum(r() is None for r in refs) == 2  # the two oldest are freed
    monkeypatch.setattr(games, "IDLE_S", 0.0)
    start_session(Setup(years=0.5), tmp_path)
    time.sleep(0.01)
    start_session(Setup(years=0.5), tmp_path)
    assert len(games.kept_games()) == 1  # every idle one let go, the newest kept


# -- the server: cookie, Origin, Host, password, --host ----------------------------------------------
def test_exposure_warning_names_the_lan_address() -> None:
    """--host 0.0.0.0 warns and gives the address students type; loopback says nothing."""
    from wargame.cli.serve import exposure_warning, lan_address

    assert exposure_warning("127.0.0.1", 8765, None) is None
    assert exposure_warning("localhost", 8765, None) is None
    text = exposure_warning("0.0.0.0", 8765, None) or ""
    assert "WARNING" in text and f"http://{lan_address()}:8765" in text and "--password" in text
    assert "--password" not in (exposure_warning("0.0.0.0", 8765, "pw") or "x").split("no ")[-1]


def test_serve_takes_password_and_origins() -> None:
    """`wargame serve --password P --allow-origin URL` parses."""
    from wargame.cli.main import _parser

    args = _parser().parse_args(["serve", "--password", "pw", "--allow-origin", "https://x.org"])
    assert args.password == "pw" and args.allow_origin == ["https://x.org"]


def test_origin_matching() -> None:
    """Same host and port pass (default ports too); another site, 'null' or a bad port fail."""
    from wargame.ui.guard import origin_allowed

    none: frozenset[str] = frozenset()
    assert origin_allowed(None, "h:8765", "http", none)
    assert origin_allowed("http://h:8765", "h:8765", "http", none)
    assert origin_allowed("http://h", "h:80", "http", none)
    assert not origin_allowed("http://evil.org:8765", "h:8765", "http", none)
    assert not origin_allowed("http://h:8766", "h:8765", "http", none)
    assert not origin_allowed("null", "h:8765", "http", none)
    assert not origin_allowed("http://h:99999", "h:8765", "http", none)
    assert origin_allowed("https://proxy.org", "h:8765", "http", frozenset({"https://proxy.org"}))


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A `wargame serve` on this machine."""
    from conftest import Server

    srv = Server(tmp_path_factory.mktemp("access") / "games").start()
    yield srv
    srv.stop()


def http(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> Any:
    """(status, headers, body) of a request; errors are answers too."""
    request = urllib.request.Request(url, headers=headers or {}, data=data)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


def ws_status(port: int, origin: str | None, cookie: str | None = None) -> int:
    """The HTTP status a raw WebSocket handshake to Solara's kernel channel gets (101: open)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidStatus

    url = (
        f"ws://127.0.0.1:{port}/jupyter/api/kernels/{uuid.uuid4()}/channels"
        f"?session_id={uuid.uuid4()}"
    )
    extra = {"Cookie": cookie} if cookie else None

    async def attempt() -> int:
        try:
            async with connect(url, origin=origin, additional_headers=extra, open_timeout=20):
                return 101
        except InvalidStatus as exc:
            return exc.response.status_code

    return asyncio.run(attempt())


def test_the_token_cookie_is_httponly_lax_and_short_lived(plain_server: Any) -> None:
    """The page sets a random HttpOnly SameSite=Lax wargame-browser cookie for a week; Solara's
    session id is HttpOnly too and no longer lives until 2038."""
    status, headers, _ = http(plain_server.url + "/")
    assert status == 200
    cookies = headers.get_all("set-cookie")
    ours = [c for c in cookies if c.startswith("wargame-browser=")]
    assert len(ours) == 1
    attrs = ours[0].lower()
    assert "httponly" in attrs and "samesite=lax" in attrs
    age = int(re.search(r"max-age=(\d+)", attrs).group(1))
    assert 12 * 3600 <= age <= 7 * 24 * 3600
    assert access.good_token(ours[0].split(";")[0].split("=", 1)[1])
    solara_cookie = [c for c in cookies if c.startswith("solara-session-id=")]
    assert solara_cookie and all("httponly" in c.lower() for c in solara_cookie)
    assert not any("2038" in c for c in solara_cookie)
    token = ours[0].split(";")[0]
    _, again, _ = http(plain_server.url + "/", {"Cookie": token})
    renewed = [c for c in again.get_all("set-cookie") if c.startswith("wargame-browser=")]
    assert renewed[0].split(";")[0] == token  # the same browser keeps its token


def test_a_foreign_origin_is_refused(plain_server: Any) -> None:
    """A raw WebSocket (and a request) from another site's page gets 403; our own is let in."""
    port = plain_server.port
    assert ws_status(port, "http://evil.example") == 403
    assert ws_status(port, f"http://127.0.0.1:{port}") == 101
    assert http(plain_server.url + "/", {"Origin": "http://evil.example"})[0] == 403
    assert http(plain_server.url + "/", {"Host": f"evil.example:{port}"})[0] == 403  # rebinding


def test_password_gates_pages_and_websockets(tmp_path: Path) -> None:
    """With --password: a login form until the right password is given, then the game."""
    from conftest import ROOT, Server

    srv = Server(tmp_path / "games")
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "WARGAME_PASSWORD": "open sesame"}
    import subprocess

    cmd = [sys.executable, str(ROOT / "run.py"), "serve", "--port", str(srv.port)]
    with open(srv.log, "wb") as log:
        srv.proc = subprocess.Popen(
            [*cmd, "--games-dir", str(srv.games_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
    try:
        deadline = time.monotonic() + 90
        status = 0
        while time.monotonic() < deadline and status == 0:
            try:
                status = http(srv.url + "/")[0]
            except OSError:
                time.sleep(0.3)
        assert status == 401, srv.log.read_text()
        status, _, body = http(srv.url + "/")
        assert "password" in body and "wg-" not in body
        assert ws_status(srv.port, srv.url) == 403
        wrong = http(srv.url + "/wargame-login", data=b"password=nope")
        assert wrong[0] == 401 and "Wrong password" in wrong[2]
        status, headers, _ = http(srv.url + "/wargame-login", data=b"password=open+sesame")
        assert status == 303
        jar = "; ".join(c.split(";")[0] for c in headers.get_all("set-cookie"))
        assert "wargame-pass=" in jar and "open" not in jar
        assert http(srv.url + "/", {"Cookie": jar})[0] == 200
        assert ws_status(srv.port, srv.url, jar) == 101
        assert seat_token("x")  # the module is importable beside the server
    finally:
        srv.stop()
