"""Who may open a game in the browser, and as what: a seat, the umpire, a watcher, or nobody.

Every browser carries a `wargame-browser` cookie: a random token the server sets (HttpOnly,
SameSite=Lax, a week long; see `guard.py`), never readable by the page's scripts. A game or room
opens only for a browser that holds a right in it, checked against the hashes in its set-up file
before anything is rebuilt:

- a seat: the actor it commands (the creator's first seat, or a free seat taken with the room's
  invite, which the creator reads out);
- the umpire: the all-knowing view, for the creator of a game nobody plays, or for a browser
  that opened the umpire link (its key is shown once to the creator and kept only as a hash);
- a watcher: the public view only, when the game's set-up allows watchers (off by default).

Stepping or running a game needs a seat or the umpire. A code nobody may open and a code that
does not exist get the same message, without any path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from wargame.ui.games import PlaySession

BROWSER_COOKIE = "wargame-browser"
PASSWORD_COOKIE = "wargame-pass"
COOKIE_MAX_AGE_S = 7 * 24 * 3600  # a week: a course's sessions, not forever
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{32,64}")

UMPIRE = "umpire"
WATCH = "watch"


def good_token(token: str | None) -> TypeGuard[str]:
    """Whether a cookie value looks like a token the server made (random, 32 to 64 characters)."""
    return bool(token) and TOKEN_PATTERN.fullmatch(token or "") is not None


def browser_token() -> str | None:
    """This browser's token, from the cookie sent with the page's WebSocket (None if absent)."""
    try:
        import solara.lab

        # solara.lab re-exports the `cookies` Reactive under the name of its own submodule,
        # so mypy sees the module: the Reactive has `.value`.
        cookies = solara.lab.cookies.value or {}  # type: ignore[attr-defined]
    except Exception:  # outside a server
        return None
    token = cookies.get(BROWSER_COOKIE)
    return token if good_token(token) else None


def no_game(code: str | None) -> str:
    """The one message for a code that does not exist and a game this browser may not open."""
    return (
        f"There is no game {code or 'with that code'} this browser may open. Check the code; to join a room, type "
        "the code with its invite (as 'CODE-INVITE') under 'Join a game or room'; to watch as "
        "umpire, open the umpire link its creator got."
    )


NO_COOKIE = (
    "This browser sent no wargame cookie, so it cannot hold a seat: allow cookies for this site "
    "and reload the page."
)


@dataclass(frozen=True)
class View:
    """What a browser sees of a game: its role, the actor it commands, or why not."""

    role: str | None  # "seat", UMPIRE, WATCH, "pick" (choose a free seat) or None (refused)
    actor: str | None = None
    problem: str = ""

    @property
    def acts(self) -> bool:
        """Whether this browser may step, run and play the game."""
        return self.role in ("seat", UMPIRE)


def may_open(code: str, token: str | None, invite: str | None, folder: Path) -> bool:
    """Whether this browser holds any right in the game (from its set-up file or live game)."""
    from wargame.ui.games import live_session, normal_invite, read_rights, seat_token, valid_code

    if not valid_code(code):
        return False
    live = live_session(code)
    if live is not None:
        mine = seat_token(token) if token else None
        return bool(
            live.setup.watchers
            or (mine and (mine in live.seats.values() or mine in live.umpires))
            or (token and invite and live.invited(invite))
        )
    try:
        rights = read_rights(folder, code)
    except (OSError, ValueError):
        return False
    if not rights:
        return False
    mine = seat_token(token) if token else None
    return bool(
        rights["watchers"]
        or (mine and (mine in rights["seats"].values() or mine in rights["umpires"]))
        or (token and invite and rights["invite"] and normal_invite(invite) == rights["invite"])
    )


def umpire_key_ok(code: str, key: str, folder: Path) -> bool:
    """Whether a key is this game's umpire link key (checked before the game is rebuilt)."""
    import secrets

    from wargame.ui.games import live_session, read_rights, seat_token, valid_code

    if not valid_code(code) or not key or len(key) > 100:
        return False
    live = live_session(code)
    try:
        stored = (
            live.umpire_key if live is not None else read_rights(folder, code).get("umpire_key")
        )
    except (OSError, ValueError):
        return False
    if not stored:
        return False
    return secrets.compare_digest(seat_token(key), stored)


def hide_paths(message: str, folder: Path) -> str:
    """A message with the games folder's location taken out (a browser learns no paths)."""
    for place in sorted({str(folder.resolve()), str(folder)}, key=len, reverse=True):
        if place and place != ".":
            message = message.replace(place, "the games folder")
    return message


def view_of(session: PlaySession, token: str | None, asked: str | None, invite: str | None) -> View:
    """The view this browser gets of an open game, given the role its URL asks for."""
    code = session.code
    seat = session.seat_of(token)
    umpire = session.is_umpire(token)
    watchers = session.setup.watchers
    humans = session.setup.humans
    if asked == UMPIRE:
        return View(UMPIRE) if umpire else View(None, problem=no_game(code))
    if asked == WATCH:
        if watchers or seat or umpire:
            return View(WATCH)
        return View(None, problem=f"Game {code} does not allow watchers.")
    if asked in humans:
        if seat == asked:
            return View("seat", asked)
        if seat is not None:
            return View("seat", seat, f"This browser commands {seat} in game {code}.")
        if token and session.invited(invite):
            return View("pick", asked)
        return View(None, problem=no_game(code))
    if seat is not None:
        return View("seat", seat)
    if umpire:
        return View(UMPIRE)
    if token and invite and session.invited(invite):
        return View("pick")
    if watchers:
        return View(WATCH)
    return View(None, problem=no_game(code) if token else NO_COOKIE)
