"""Games being played in the browser: start, resume from the games folder, step, decide.

A `PlaySession` wraps one session-API `Game` with what the browser needs around it: an id
(also the room code a second student joins with), its record file in the games folder, the
set-up it was started with, a lock (two browsers may act on one game), a version number the
pages watch, and the last error in words. No game logic lives here.

Beside each record `CODE.wgr.jsonl` lies `CODE.setup.json` (written atomically): the set-up a
reset starts again from, and who may open the game: the seats of a room (which browser commands
which actor, as a hash of its `wargame-browser` cookie), the browsers holding the umpire's
all-knowing view (hashed), the umpire link's key (hashed), the room's invite (a short key the
creator reads out to the other students, needed to take a free seat) and whether watchers may see
the public view. A server restart finds every student in their seat. Which actors people play is
read from the record's header, not duplicated there.

Memory: the registry keeps a strong reference only to the `MAX_KEPT` most recently used games that
are not over and were used in the last `IDLE_S` seconds; any other game lives only while a page
holds it (a weak reference finds it again, so one game never has two copies), and is rebuilt
from its record when opened later.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from wargame.errors import WargameError
from wargame.files import write_atomic
from wargame.play.decision_points import is_decision_point
from wargame.play.standing_orders import order_from_decision
from wargame.policies.policy import DECISION_SECONDS

RECORD_SUFFIX = ".wgr.jsonl"
SETUP_SUFFIX = ".setup.json"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read out
MAX_RUN_WEEKS = 1040
MAX_KEPT = int(os.environ.get("WARGAME_MAX_GAMES", "32"))  # games kept in memory without a page
IDLE_S = float(os.environ.get("WARGAME_IDLE_S", "1800"))  # an unused game is let go after this
INVITE_LENGTH = 6


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
    watchers: bool = False  # may anyone with the code watch the public view (off: classroom-safe)

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
        self.umpires: set[str] = set()  # hashes of the browser tokens holding the umpire view
        self.umpire_key: str | None = None  # hash of the umpire link's key
        self.invite: str = ""  # the key a free seat needs (read out by the room's creator)
        self.last_used = time.monotonic()
        self.saved_over = False
        # The person's decision open now ({"week", "actor"}), kept beside the record so that a
        # server restart asks it again: records hold only completed weeks.
        self.open_decision: dict[str, Any] | None = None
        self.saved_hands: dict[str, dict[str, int | None]] = {}  # hand-backs as last saved
        self.last_act: dict[str, Any] | None = None  # the white cell's last act, as checked

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
        from wargame.play.session import new_game

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
        if setup.humans:
            session.invite = new_invite()
        session.save()
        return session

    def new_umpire_key(self) -> str:
        """A fresh key for the umpire link (only its hash is kept: show it once)."""
        key = secrets.token_urlsafe(18)
        with self.lock:
            self.umpire_key = seat_token(key)
            self.save()
        return key

    @classmethod
    def resume(cls, code: str, folder: Path | None = None) -> PlaySession:
        """Resume a recorded game at its last complete week (after a refresh or a restart)."""
        folder = folder or games_dir()
        if not valid_code(code):
            raise WargameError(f"'{code}' is not a game code (six letters and digits)")
        record = folder / f"{code}{RECORD_SUFFIX}"
        if not record.exists():
            raise WargameError(f"there is no game {code}")
        setup, seats = read_setup(folder, code)
        rights = read_rights(folder, code)
        game = _rebuild(record)  # people's actors: the record's header
        game.decision_timeout = DECISION_SECONDS
        setup.humans = _ordered(game.humans, setup.humans)
        session = cls(code, setup, game, folder)
        session.seats = {a: h for a, h in seats.items() if a in game.humans}
        session.umpires = set(rights.get("umpires", []))
        session.umpire_key = rights.get("umpire_key")
        session.invite = str(rights.get("invite", ""))
        session.open_decision = read_open_decision(folder, code)
        restore_hands(game, folder, code)
        if session.open_decision and session.open_decision.get("week") == game.week + 1:
            session.step()  # the same policies play up to the same decision again
        session.start_room()
        return session

    def save(self, durable: bool = True) -> None:
        """Write the set-up and the seats beside the record (atomically; `durable=False`: no
        fsync, for the open decision's mark, rewritten at every move)."""
        data = {k: v for k, v in asdict(self.setup).items() if k != "humans"}
        data["seats"] = dict(sorted(self.seats.items()))
        data["umpires"] = sorted(self.umpires)
        if self.umpire_key:
            data["umpire_key"] = self.umpire_key
        if self.invite:
            data["invite"] = self.invite
        data["over"] = self.saved_over = self.over
        if self.open_decision:
            data["open_decision"] = self.open_decision
        self.saved_hands = self.hands()
        if self.saved_hands:
            data["handed_back"] = self.saved_hands
        text = json.dumps(data, indent=1) + "\n"
        write_atomic(self.setup_path(self.folder, self.code), text, durable=durable)

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
        self.last_used = time.monotonic()
        pending = self.pending
        mark = None if pending is None else {"week": pending.week, "actor": pending.actor_id}
        if (
            mark != _without_since(self.open_decision)
            or self.over != self.saved_over
            or self.hands() != self.saved_hands
        ):
            if mark is not None and mark != _without_since(self.open_decision):
                mark["since"] = round(time.time(), 1)  # when it opened: a class dashboard's wait
            elif mark is not None and self.open_decision is not None:
                mark = self.open_decision
            # A killed process still finds a whole file (rename); only a power cut could lose
            # the last mark, and then the game is resumed at its last recorded week anyway.
            durable = self.over != self.saved_over
            self.open_decision = mark
            self.save(durable=durable)
        if self.over:
            _let_go(self)

    def hands(self) -> dict[str, dict[str, int | None]]:
        """The actors handed to their policy now, as saved beside the record."""
        handed = getattr(self.game, "handed_back", {})
        return {a: {"since": h.since, "through": h.through} for a, h in sorted(handed.items())}

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

    @property
    def paused(self) -> bool:
        """Whether the umpire has paused the game (it accepts no moves until resumed)."""
        return bool(getattr(self.game, "paused", False))

    def white_cell(self, act: dict[str, Any], token: str | None) -> str | None:
        """An umpire's act (an inject, an override, pause or resume), given only by a browser
        holding the umpire view; the refusal in words, or None once it is given and recorded."""
        if not self.is_umpire(token):
            return "Only this game's umpire may do that (open the umpire link its creator got)."
        with self.lock:
            try:
                self.last_act = self.game.white_cell(act)
            except WargameError as exc:
                return str(exc)
            self._changed()
        return None

    def fork_weeks(self) -> range:
        """The weeks this game may be forked at (its recorded weeks, and the next while it is on)."""
        with self.lock:  # as `wargame.play.fork.fork_weeks` says of its record
            return range(1, self.game.week + (0 if self.over else 1) + 1)

    def fork(
        self,
        token: str | None,
        week: int,
        policies: dict[str, str],
        hand_over: Collection[str] = (),
    ) -> PlaySession | str:
        """A new game forked from this one at the start of `week` (another policy for actors
        the policies play; `hand_over`: people's actors their own policy plays in the fork),
        recorded into the games folder under a new code and naming this game as its parent; or
        the refusal in words. Only a seat holder or the umpire may fork it, and a seat holder
        hands over only its own actor; the forking browser keeps its seat in the fork, or (its
        actor handed over, or the umpire) becomes the fork's umpire."""
        from wargame.play.fork import as_record, fork

        seat = self.seat_of(token)
        if token is None or (seat is None and not self.is_umpire(token)):
            return "Only this game's players and its umpire may fork it."
        people = set(self.game.humans)
        if any(actor in people for actor in policies):
            return "A fork gives other policies only to actors the policies play."
        handed = set(hand_over)
        mine = {seat} if seat is not None and not self.is_umpire(token) else people
        if handed - people or handed - mine:
            return "A fork hands to its policy only an actor a person plays: your own."
        with self.lock:  # no week is written while the record is read
            record = as_record(self.record_path)
            code = new_code()
            while (self.folder / f"{code}{RECORD_SUFFIX}").exists():
                code = new_code()
            try:
                game = fork(
                    record,
                    week,
                    policies=policies,
                    out=self.folder / f"{code}{RECORD_SUFFIX}",
                    files_root=self.folder,
                    hand_over=handed,
                )
            except WargameError as exc:
                return str(exc).replace(str(record.path), record.path.name)
        game.ask = is_decision_point
        game.decision_timeout = DECISION_SECONDS
        setup = Setup(
            self.setup.scenario,
            self.setup.seed,
            _ordered(game.humans, self.setup.humans),
            {**self.setup.policies, **policies},
            self.setup.years,
            self.setup.watchers,
        )
        branch = PlaySession(code, setup, game, self.folder)
        if setup.humans:
            branch.invite = new_invite()
        if seat is not None and seat in game.humans:
            branch.seats[seat] = seat_token(token)
        else:
            branch.umpires.add(seat_token(token))
        branch.save()
        _keep(branch)
        return branch

    def step(self) -> None:
        """Play to the end of this week, or until a person must decide."""
        with self.lock:
            if self.pending is None and not self.over and not self.paused:
                self._guard(self.game.advance)

    def run_weeks(self, weeks: int, stop_at_decision: bool = True) -> None:
        """Play up to `weeks` weeks; stop at a person's decision or an error."""
        with self.lock:
            if not self.paused:
                self._guard(lambda: self._run(weeks))

    def _run(self, weeks: int) -> None:
        target = self.game.week + weeks
        while not self.over and self.game.week < target and self.pending is None:
            self.game.advance()

    def run_to_decision(self) -> None:
        """Play until a person must decide, or the game ends."""
        self.run_weeks(MAX_RUN_WEEKS)

    def submit(self, actions: list[dict[str, Any]], keep: bool | None = None) -> str | None:
        """Give the pending decision's actions; returns the refusal in words if illegal.

        `keep` True keeps them as the actor's standing order, False clears its standing order.
        """
        with self.lock:
            if self.paused:
                return "The umpire has paused the game: no moves until it is resumed."
            decision = self.game.pending
            try:
                self.game.submit(actions)
            except WargameError as exc:
                return str(exc)
            if decision is not None and keep is not None:
                order = order_from_decision(decision, actions) if keep else None
                self.game.set_standing_order(decision.actor_id, order)
            self._guard(self.game.advance)  # the policies play the rest of the week
            return None

    def advice(self) -> tuple[list[dict[str, Any]], str] | str:
        """What the policy would do on the pending decision and why (orders, line), or why not."""
        with self.lock:
            try:
                advice = self.game.advice(self.pending)
            except WargameError as exc:
                return str(exc)
            return advice.actions, f"The policy ({advice.policy}) would: {advice.reason}"

    def hand_back(self, actor_id: str, weeks: int | None) -> str | None:
        """Hand a person's actor to its policy for `weeks` (None: until its next decision point);
        the week in progress plays on. Returns the refusal in words, if any."""
        with self.lock:
            try:
                self.game.hand_back(actor_id, weeks)
            except WargameError as exc:
                return str(exc)
            self._guard(self.game.advance)
            return None

    def take_back(self, actor_id: str) -> None:
        """The person takes the actor back at once: its next decision is the person's."""
        with self.lock:
            self._guard(lambda: self.game.take_back(actor_id))

    def switch_policy(self, actor_id: str, name: str) -> None:
        """Let another registered policy play an actor (e.g. after its policy failed)."""
        with self.lock:
            self._guard(lambda: self.game.set_policy(actor_id, name))

    @property
    def is_room(self) -> bool:
        """Whether two or more people play this game (each from their own browser)."""
        return len(self.setup.humans) > 1

    def take_seat(self, actor_id: str, token: str, invite: str | None = None) -> str | None:
        """A browser takes an actor's seat; returns why not, if it cannot.

        A free seat needs the room's invite (the creator's own first seat is given by
        `start_session`); a browser commands at most one actor of a game. Seats are saved beside
        the record. When the last free seat of a room is taken at the start, the game plays on
        to the first decision, so nobody has to press a button first.
        """
        with self.lock:
            if actor_id not in self.setup.humans:
                return f"{actor_id} is not played by a person in game {self.code}"
            holder = self.seats.get(actor_id)
            mine = seat_token(token)
            if holder == mine:
                return None
            if holder is not None:
                return f"{actor_id} is already taken in game {self.code}"
            if not self.invited(invite):
                return f"taking a seat in game {self.code} needs the room's invite"
            other = self.seat_of(token)
            if other is not None:
                return f"this browser already commands {other} in game {self.code}"
            self.seats[actor_id] = mine
            self.save()
            self._changed()
            self.start_room()
            return None

    def invited(self, invite: str | None) -> bool:
        """Whether this is the room's invite (compared in constant time)."""
        return bool(self.invite) and secrets.compare_digest(
            normal_invite(invite or ""), self.invite
        )

    def seat_of(self, token: str | None) -> str | None:
        """The actor this browser commands in this game, if any."""
        if not token:
            return None
        mine = seat_token(token)
        return next((a for a, h in self.seats.items() if h == mine), None)

    def is_umpire(self, token: str | None) -> bool:
        """Whether this browser holds the umpire's all-knowing view of this game."""
        if not token:
            return False
        return seat_token(token) in self.umpires

    def make_umpire(self, token: str, key: str | None = None) -> bool:
        """Give this browser the umpire view: the creator's (no key) or by the umpire link's key."""
        with self.lock:
            if key is not None:
                good = self.umpire_key is not None and secrets.compare_digest(
                    seat_token(key), self.umpire_key
                )
                if not good:
                    return False
            self.umpires.add(seat_token(token))
            self.save()
            return True

    def start_room(self) -> None:
        """A room at its start with every seat taken plays on to the first person's decision."""
        with self.lock:
            full = self.is_room and not self.free_seats()
            if full and self.game.model.week == 0 and self.pending is None and not self.error:
                self.step()

    def holds_seat(self, actor_id: str, token: str) -> bool:
        """Whether this browser holds (or may take, with the invite) the seat of this actor."""
        return self.seats.get(actor_id) in (None, seat_token(token))

    def free_seats(self) -> list[str]:
        """Human actors no browser has taken yet."""
        return [a for a in self.setup.humans if a not in self.seats]


def seat_token(token: str) -> str:
    """What is stored of a browser's token or a key: a hash (the secret itself stays secret)."""
    return hashlib.sha256(f"wargame-seat:{token}".encode()).hexdigest()[:32]


def new_invite() -> str:
    """A fresh room invite: six letters and digits, easy to read out."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(INVITE_LENGTH))


def normal_invite(text: str) -> str:
    """An invite as typed (any case, spaces) in the form it is stored."""
    return re.sub(r"[\s-]", "", text).upper()


def split_join_code(text: str) -> tuple[str, str]:
    """'ABCDEF-XYZ234' (code, invite) as typed under 'Join a game or room'."""
    clean = normal_invite(text)
    return clean[:6], clean[6:]


def _rebuild(path: Path) -> Any:
    """The game of a record: resumed to play on, or, once over, its final week to look at."""
    from wargame.play.record.reader import load_record
    from wargame.play.record.replay import Replay
    from wargame.play.resume import resume_game
    from wargame.play.session import Game

    record = load_record(path)
    if record.footer is None:
        return resume_game(record.path, ask=is_decision_point)
    replay = Replay(record)
    model = replay.model_at(record.last_week)
    humans = record.header.get("humans", [])
    return Game.from_model(model, record.seed, humans=humans, ask=is_decision_point)


def _without_since(mark: dict[str, Any] | None) -> dict[str, Any] | None:
    """An open decision's mark without the time it opened (to compare marks)."""
    return None if mark is None else {k: v for k, v in mark.items() if k != "since"}


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


def restore_hands(game: Any, folder: Path, code: str) -> None:
    """Hand back again the actors that were with their policy when the set-up was last saved
    (entries that are not a person's actor with whole-number weeks are ignored)."""
    from wargame.play.session import HandBack

    path = PlaySession.setup_path(folder, code)
    if not path.exists():
        return
    hands = json.loads(path.read_text(encoding="utf-8")).get("handed_back")
    if not isinstance(hands, dict):
        return
    for actor, hand in hands.items():
        if actor not in game.humans or not isinstance(hand, dict):
            continue
        since, through = hand.get("since"), hand.get("through")
        if not isinstance(since, int) or isinstance(since, bool):
            continue
        if through is None or (isinstance(through, int) and through >= since):
            game.handed_back[actor] = HandBack(since, through)


def read_rights(folder: Path, code: str) -> dict[str, Any]:
    """Who may open a game, from its set-up file alone (no game is rebuilt to know it)."""
    path = PlaySession.setup_path(folder, code)
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        "seats": {str(a): str(h) for a, h in (data.get("seats") or {}).items()},
        "umpires": [str(h) for h in data.get("umpires") or []],
        "umpire_key": data.get("umpire_key") if isinstance(data.get("umpire_key"), str) else None,
        "invite": str(data.get("invite") or ""),
        "watchers": data.get("watchers") is True,
        "over": data.get("over") is True,
    }


# The games of this server process, by code. `_LIVE` finds every game some page still holds (so
# a refresh or a room-mate gets the same object, never a second copy); `_KEPT` holds on to the
# few recently used games that are not over, so a refresh does not rebuild them from the record.
_LIVE: weakref.WeakValueDictionary[str, PlaySession] = weakref.WeakValueDictionary()
_KEPT: OrderedDict[str, PlaySession] = OrderedDict()
_SESSIONS_LOCK = threading.RLock()


def _keep(session: PlaySession) -> None:
    """Remember a game just used; let go of finished, idle and surplus ones."""
    with _SESSIONS_LOCK:
        _LIVE[session.code] = session
        session.last_used = time.monotonic()
        if session.over:
            _KEPT.pop(session.code, None)
        else:
            _KEPT[session.code] = session
            _KEPT.move_to_end(session.code)
        now = time.monotonic()
        idle = [c for c, s in _KEPT.items() if s is not session and now - s.last_used > IDLE_S]
        for code in idle:
            del _KEPT[code]
        while len(_KEPT) > MAX_KEPT:
            _KEPT.popitem(last=False)


def _let_go(session: PlaySession) -> None:
    """A game that is over stays only while a page shows it."""
    with _SESSIONS_LOCK:
        if _KEPT.get(session.code) is session:
            del _KEPT[session.code]


def kept_games() -> list[str]:
    """Codes of the games the registry keeps in memory without any page (for tests and stats)."""
    with _SESSIONS_LOCK:
        return list(_KEPT)


def live_session(code: str) -> PlaySession | None:
    """The game with this code if it is in memory now (nothing is rebuilt)."""
    with _SESSIONS_LOCK:
        return _LIVE.get(code)


def open_session(code: str, folder: Path | None = None) -> PlaySession:
    """The game with this code: the live one, or resumed from the games folder."""
    with _SESSIONS_LOCK:
        session = _LIVE.get(code)
        if session is None:
            session = PlaySession.resume(code, folder)
        _keep(session)
        return session


def start_session(setup: Setup, folder: Path | None = None) -> PlaySession:
    """Start a game and keep it for refreshes and room-mates."""
    session = PlaySession.start(setup, folder)
    _keep(session)
    return session


def recorded_games(folder: Path | None = None) -> list[Path]:
    """Record files in the games folder, newest first."""
    folder = folder or games_dir()
    return sorted(folder.glob(f"*{RECORD_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)


def games_of(token: str | None, folder: Path | None = None, limit: int = 20) -> list[Path]:
    """Records this browser may replay, newest first: games it umpires, and finished games it
    played in (a record holds everything, so a game still being played is not shown to players)."""
    if not token:
        return []
    mine = seat_token(token)
    folder = folder or games_dir()
    found = []
    for path in recorded_games(folder):
        code = path.name.removesuffix(RECORD_SUFFIX)
        if not valid_code(code):
            continue
        try:
            rights = read_rights(folder, code)
        except (OSError, ValueError):
            continue
        if mine in rights.get("umpires", []) or (
            rights.get("over") and mine in rights.get("seats", {}).values()
        ):
            found.append(path)
            if len(found) >= limit:
                break
    return found
