"""Games being played in the browser: start, resume from the games folder, step, decide.

A `PlaySession` wraps one session-API `Game` with what the browser needs around it: an id
(also the room code a second student joins with), its record file in the games folder, the
set-up it was started with, a lock (two browsers may act on one game), a version number the
pages watch, and the last error in words. No game logic lives here.

Beside each record `CODE.wgr.jsonl` lies `CODE.setup.json` (written atomically): the set-up a
reset starts again from, and the seats of a room (which browser commands which actor, as a
hash of its session cookie), so a server restart finds every student in their seat. Which
actors people play is read from the record's header, not duplicated there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..decision_points import is_decision_point
from ..errors import WargameError
from ..files import write_atomic
from ..policy import DECISION_SECONDS

RECORD_SUFFIX = ".wgr.jsonl"
SETUP_SUFFIX = ".setup.json"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read out
MAX_RUN_WEEKS = 1040


def games_dir() -> Path:
    """The games folder `wargame serve --games-dir` chose (default ./games)."""
    folder = Path(os.environ.get("WARGAME_GAMES_DIR", "games"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Setup:
    """How a game was started: scenario, seed, people's actors, other actors' policies, years."""

    scenario: str = "default"
    seed: int = 1
    humans: tuple[str, ...] = ()
    policies: dict[str, str] = field(default_factory=dict)
    years: float | None = None

    def overrides(self) -> list[str]:
        """The `--set` style overrides this set-up implies."""
        return [] if self.years is None else [f"years={self.years}"]


def new_code() -> str:
    """A fresh six-letter game id / room code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def valid_code(code: str) -> bool:
    """Whether a string looks like a game id (so it is safe as a file name)."""
    return bool(re.fullmatch(f"[{CODE_ALPHABET}]{{6}}", code or ""))


class PlaySession:
    """One game in the browser: the Game, its record, its set-up, a lock and a version."""

    def __init__(self, code: str, setup: Setup, game: Any, folder: Path) -> None:
        self.code = code
        self.setup = setup
        self.game = game
        self.folder = folder
        self.lock = threading.RLock()
        self.version = 0
        self.error: str | None = None
        self.failed_actor: str | None = None
        self.seats: dict[str, str] = {}  # actor id -> hash of the browser token that took it
        # The person's decision open now ({"week", "actor"}), kept beside the record so that a
        # server restart asks it again: records hold only completed weeks.
        self.open_decision: dict[str, Any] | None = None

    # -- files ------------------------------------------------------------------------------------
    @property
    def record_path(self) -> Path:
        """The record this game is written to."""
        return self.folder / f"{self.code}{RECORD_SUFFIX}"

    @staticmethod
    def setup_path(folder: Path, code: str) -> Path:
        """The small file holding a game's set-up beside its record."""
        return folder / f"{code}{SETUP_SUFFIX}"

    # -- creating ---------------------------------------------------------------------------------
    @classmethod
    def start(cls, setup: Setup, folder: Path | None = None) -> PlaySession:
        """Start a new game, recorded into the games folder."""
        from ..session import new_game

        folder = folder or games_dir()
        code = new_code()
        while (folder / f"{code}{RECORD_SUFFIX}").exists():
            code = new_code()
        game = new_game(
            setup.scenario,
            seed=setup.seed,
            overrides=setup.overrides(),
            policies=setup.policies,
            humans=setup.humans,
            ask=is_decision_point,
            record=folder / f"{code}{RECORD_SUFFIX}",
            maps_root=folder,
        )
        game.decision_timeout = DECISION_SECONDS
        session = cls(code, setup, game, folder)
        session.save()
        return session

    @classmethod
    def resume(cls, code: str, folder: Path | None = None) -> PlaySession:
        """Resume a recorded game at its last complete week (after a refresh or a restart)."""
        from ..record import resume_game

        folder = folder or games_dir()
        if not valid_code(code):
            raise WargameError(f"'{code}' is not a game code (six letters and digits)")
        record = folder / f"{code}{RECORD_SUFFIX}"
        if not record.exists():
            raise WargameError(f"no game {code} in {folder}")
        setup, seats = read_setup(folder, code)
        game = resume_game(record, ask=is_decision_point)  # people's actors: the record's header
        game.decision_timeout = DECISION_SECONDS
        setup.humans = _ordered(game.humans, setup.humans)
        session = cls(code, setup, game, folder)
        session.seats = {a: h for a, h in seats.items() if a in game.humans}
        session.open_decision = read_open_decision(folder, code)
        if session.open_decision and session.open_decision.get("week") == game.week + 1:
            session.step()  # the same policies play up to the same decision again
        session.start_room()
        return session

    def save(self) -> None:
        """Write the set-up and the seats beside the record (atomically)."""
        data = {k: v for k, v in asdict(self.setup).items() if k != "humans"}
        data["seats"] = dict(sorted(self.seats.items()))
        if self.open_decision:
            data["open_decision"] = self.open_decision
        write_atomic(self.setup_path(self.folder, self.code), json.dumps(data, indent=1) + "\n")

    # -- playing ----------------------------------------------------------------------------------
    @property
    def pending(self) -> Any:
        """The decision a person must take now, if any."""
        return self.game.pending

    @property
    def over(self) -> bool:
        """Whether the game has ended."""
        return bool(self.game.over)

    def _changed(self) -> None:
        self.version += 1
        pending = self.pending
        mark = None if pending is None else {"week": pending.week, "actor": pending.actor_id}
        if mark != self.open_decision:
            self.open_decision = mark
            self.save()

    def _guard(self, action: Any) -> Any:
        """Run one game action; a failing policy becomes a message, the game stays as it was."""
        try:
            result = action()
        except WargameError as exc:
            self.error = str(exc)
            waiting = getattr(self.game, "waiting", None)  # the decision the failure holds up
            self.failed_actor = getattr(exc, "actor_id", None) or (
                waiting.actor_id if waiting is not None and self.pending is None else None
            )
            return None
        else:
            self.error = None
            self.failed_actor = None
            return result
        finally:
            self._changed()

    def step(self) -> None:
        """Play to the end of this week, or until a person must decide."""
        with self.lock:
            if self.pending is None and not self.over:
                self._guard(self.game.advance)

    def run_weeks(self, weeks: int, stop_at_decision: bool = True) -> None:
        """Play up to `weeks` weeks; stop at a person's decision or an error."""
        with self.lock:
            self._guard(lambda: self._run(weeks))

    def _run(self, weeks: int) -> None:
        target = self.game.week + weeks
        while not self.over and self.game.week < target and self.pending is None:
            self.game.advance()

    def run_to_decision(self) -> None:
        """Play until a person must decide, or the game ends."""
        self.run_weeks(MAX_RUN_WEEKS)

    def submit(self, actions: list[dict[str, Any]]) -> str | None:
        """Give the pending decision's actions; returns the refusal in words if illegal."""
        with self.lock:
            try:
                self.game.submit(actions)
            except WargameError as exc:
                return str(exc)
            self._guard(self.game.advance)  # the policies play the rest of the week
            return None

    def switch_policy(self, actor_id: str, name: str) -> None:
        """Let another registered policy play an actor (e.g. after its policy failed)."""
        with self.lock:
            self._guard(lambda: self.game.set_policy(actor_id, name))

    @property
    def is_room(self) -> bool:
        """Whether two or more people play this game (each from their own browser)."""
        return len(self.setup.humans) > 1

    def take_seat(self, actor_id: str, token: str) -> str | None:
        """A browser takes an actor's seat; returns why not, if it cannot.

        Seats are saved beside the record. When the last free seat of a room is taken at the
        start, the game plays on to the first decision, so nobody has to press a button first.
        """
        with self.lock:
            if actor_id not in self.setup.humans:
                return f"{actor_id} is not played by a person in game {self.code}"
            holder = self.seats.get(actor_id)
            mine = seat_token(token)
            if holder not in (None, mine):
                return f"{actor_id} is already taken in game {self.code}"
            if holder is None:
                self.seats[actor_id] = mine
                self.save()
                self._changed()
                self.start_room()
            return None

    def start_room(self) -> None:
        """A room at its start with every seat taken plays on to the first person's decision."""
        with self.lock:
            full = self.is_room and not self.free_seats()
            if full and self.game.model.week == 0 and self.pending is None and not self.error:
                self.step()

    def holds_seat(self, actor_id: str, token: str) -> bool:
        """Whether this browser holds (or may take) the seat of this actor."""
        return self.seats.get(actor_id) in (None, seat_token(token))

    def free_seats(self) -> list[str]:
        """Human actors no browser has taken yet."""
        return [a for a in self.setup.humans if a not in self.seats]


def seat_token(token: str) -> str:
    """What is stored of a browser's session token: a hash (the cookie itself stays secret)."""
    return hashlib.sha256(f"wargame-seat:{token}".encode()).hexdigest()[:32]


def _ordered(humans: Any, preferred: tuple[str, ...]) -> tuple[str, ...]:
    """The people's actors, in the set-up's order where it gives one, else sorted."""
    rest = sorted(set(humans) - set(preferred))
    return tuple(a for a in preferred if a in humans) + tuple(rest)


def read_setup(folder: Path, code: str) -> tuple[Setup, dict[str, str]]:
    """A game's set-up and seats from the games folder (defaults if its file is missing)."""
    path = PlaySession.setup_path(folder, code)
    if not path.exists():
        return Setup(), {}
    data = json.loads(path.read_text(encoding="utf-8"))
    seats = {str(a): str(h) for a, h in (data.pop("seats", None) or {}).items()}
    data.pop("open_decision", None)
    data["humans"] = tuple(data.get("humans", ()))  # older set-up files held them
    known = {f for f in Setup.__dataclass_fields__}
    return Setup(**{k: v for k, v in data.items() if k in known}), seats


def read_open_decision(folder: Path, code: str) -> dict[str, Any] | None:
    """The person's decision that was open when the set-up file was last saved, if any."""
    path = PlaySession.setup_path(folder, code)
    if not path.exists():
        return None
    mark = json.loads(path.read_text(encoding="utf-8")).get("open_decision")
    return mark if isinstance(mark, dict) else None


# Every game of this server process, by code: a refresh or a second browser finds it here; after
# a restart it is resumed from its record.
_SESSIONS: dict[str, PlaySession] = {}
_SESSIONS_LOCK = threading.Lock()


def open_session(code: str, folder: Path | None = None) -> PlaySession:
    """The game with this code: the live one, or resumed from the games folder."""
    with _SESSIONS_LOCK:
        session = _SESSIONS.get(code)
        if session is None:
            session = PlaySession.resume(code, folder)
            _SESSIONS[code] = session
        return session


def start_session(setup: Setup, folder: Path | None = None) -> PlaySession:
    """Start a game and keep it for refreshes and room-mates."""
    session = PlaySession.start(setup, folder)
    with _SESSIONS_LOCK:
        _SESSIONS[session.code] = session
    return session


def recorded_games(folder: Path | None = None) -> list[Path]:
    """Record files in the games folder, newest first."""
    folder = folder or games_dir()
    return sorted(folder.glob(f"*{RECORD_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
