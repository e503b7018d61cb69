"""A class of rooms: the store (create, load, refusals, ids), the dashboard's rows, the zip."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from wargame.ui.classes import (
    ClassError,
    RoomRow,
    class_path,
    classes_of,
    create_class,
    debrief_zip,
    load_class,
    no_class,
    room_key,
    room_rows,
)
from wargame.ui.games import live_session, open_session, seat_token

TEACHER = "t" * 40
STUDENTS = ("a" * 40, "b" * 40)


def test_create_and_load(tmp_path: Path) -> None:
    made, key = create_class(tmp_path, "default", 3, "force_commander,russia", years=0.2)
    path = class_path(tmp_path, made.id)
    text = path.read_text()
    assert key not in text and json.loads(text)["key_hash"] == seat_token(key)
    assert len(made.rooms) == len(set(made.rooms)) == 3
    for code in made.rooms:
        assert (tmp_path / f"{code}.wgr.jsonl").is_file()
        setup = json.loads((tmp_path / f"{code}.setup.json").read_text())
        assert setup["umpire_key"] == seat_token(room_key(tmp_path, made.id, code))
        assert setup["seats"] == {} and len(setup["invite"]) == 6
    again = load_class(tmp_path, made.id, key=key, token=TEACHER)
    assert again.rooms == made.rooms and again.seats == ("force_commander", "russia")
    # the browser that brought the key is remembered: it opens the class without the key
    assert load_class(tmp_path, made.id, token=TEACHER).id == made.id
    assert [c.id for c in classes_of(tmp_path, TEACHER)] == [made.id]
    assert classes_of(tmp_path, "x" * 40) == []


def test_refusals_say_the_same_thing(tmp_path: Path) -> None:
    made, key = create_class(tmp_path, "default", 1, ["russia"], years=0.1)
    for attempt in (
        {"key": key[:-1] + ("A" if key[-1] != "A" else "B")},  # a wrong key
        {"token": "s" * 40},  # a browser that never used the key
        {},
        {"key": "k" * 5000},
    ):
        with pytest.raises(ClassError) as refused:
            load_class(tmp_path, made.id, **attempt)
        assert str(refused.value) == no_class(made.id)
    missing = "ABCDEFGH" if made.id != "ABCDEFGH" else "HGFEDCBA"
    with pytest.raises(ClassError, match="no class"):
        load_class(tmp_path, missing, key=key)


@pytest.mark.parametrize(
    "bad", ["../../etc/passwd", "..", "ABCDEFG/", "abcdefgh", "ABCDEFGHI", "", "ABC.EFGH", "A\x00"]
)
def test_no_path_in_a_class_id(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ClassError):
        class_path(tmp_path, bad)
    with pytest.raises(ClassError):
        load_class(tmp_path, bad, key="whatever")


@pytest.mark.parametrize(
    ("rooms", "seats", "why"),
    [
        (0, "russia", "outside 1 to"),
        (41, "russia", "outside 1 to"),
        ("x", "russia", "not a whole number"),
        (2, "", "at least one seat"),
        (2, "russia,russia", "named twice"),
        (2, "russia,../x", "not an actor"),
        (2, "gb", "not an actor"),
    ],
)
def test_bad_classes_are_refused(tmp_path: Path, rooms: object, seats: str, why: str) -> None:
    with pytest.raises(ClassError, match=why):
        create_class(tmp_path, "default", rooms, seats)
    assert not (tmp_path / "classes").exists() and not list(tmp_path.glob("*.wgr.jsonl"))


def _play_room(code: str, folder: Path) -> None:
    """Two students take the seats and answer every decision with no orders to the end."""
    session = open_session(code, folder)
    for actor, token in zip(("force_commander", "russia"), STUDENTS, strict=True):
        assert session.take_seat(actor, token, session.invite) is None
    for _ in range(200):
        if session.over:
            return
        if session.pending is not None:
            assert session.submit([]) is None
        else:
            session.run_to_decision()
    raise AssertionError("the room did not end")


def test_dashboard_rows(tmp_path: Path) -> None:
    made, _ = create_class(tmp_path, "default", 3, "force_commander,russia", years=0.3)
    first, second, third = made.rooms
    session = open_session(first, tmp_path)
    session.take_seat("force_commander", STUDENTS[0], session.invite)
    session.take_seat("russia", STUDENTS[1], session.invite)  # full: plays on to week 1
    assert session.pending is not None and session.pending.actor_id == "russia"
    since = session.open_decision["since"]
    half = open_session(second, tmp_path)
    half.take_seat("russia", STUDENTS[0], half.invite)
    _play_room(third, tmp_path)

    rows = {r.code: r for r in room_rows(made, tmp_path, now=since + 150)}
    one, two, three = rows[first], rows[second], rows[third]
    assert one.week == 1 and one.waiting_for == "russia" and one.waiting_s == pytest.approx(150)
    assert one.status == "Russia to decide, for 2 min" and not one.over
    assert one.outcome.startswith("running")
    assert one.join == f"{first}-{session.invite}"
    assert one.umpire_link == f"/?game={first}&umpire={room_key(tmp_path, made.id, first)}"
    assert two.seats == (("force_commander", False), ("russia", True))
    assert two.status == "waiting for students to join (1/2)" and two.week == 0
    assert three.over and three.status == "game over" and three.week >= 15
    assert not three.outcome.startswith("running")
    # the same rows from the files alone (another worker's view, or after a restart)
    del session, half
    import gc

    gc.collect()
    assert live_session(first) is None or live_session(first).code == first
    cold = {r.code: r for r in room_rows(made, tmp_path, now=since + 150)}
    assert cold[first].waiting_for == "russia" and cold[first].waiting_s == pytest.approx(150)
    assert cold[third].over and cold[third].outcome == three.outcome


def test_dashboard_html_escapes() -> None:
    from wargame.ui.classroom import dashboard_html

    payload = '<img src=x onerror="alert(1)">'
    row = RoomRow(
        code="ABCDEF",
        join="ABCDEF-GHJKLM",
        seats=(("russia", True),),
        week=3,
        waiting_for=None,
        waiting_s=None,
        outcome=payload,
        over=False,
        umpire_link='/?game=ABCDEF&umpire="><script>x</script>',
    )
    html = dashboard_html(None, [row])  # type: ignore[arg-type]
    assert "<img" not in html and "<script" not in html and "&lt;img" in html


def test_zip_of_debrief_packs(tmp_path: Path) -> None:
    made, key = create_class(tmp_path, "default", 2, "force_commander,russia", years=0.2)
    played, untouched = made.rooms
    _play_room(played, tmp_path)
    data = debrief_zip(load_class(tmp_path, made.id, key=key), tmp_path, charts=False)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert {
            f"{played}-debrief.html",
            f"{played}-force_commander-debrief.html",
            f"{played}-russia-debrief.html",
            "README.txt",
        } <= names
        room = zf.read(f"{played}-debrief.html").decode()
        russia = zf.read(f"{played}-russia-debrief.html").decode()
        readme = zf.read("README.txt").decode()
    assert "<script" not in room.lower() and played in room
    assert russia != room
    assert untouched in readme


def test_cli_create_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from wargame.cli.main import main

    games = tmp_path / "games"
    assert (
        main(["class", "create", "--rooms", "2", "--years", "0.1", "--games-dir", str(games)]) == 0
    )
    out = capsys.readouterr().out
    class_id, key = re.search(r"class=([A-Z0-9]{8})&key=(\S+)", out).groups()
    codes = re.findall(r"join code ([A-Z0-9]{6})-[A-Z0-9]{6}", out)
    assert len(codes) == 2 and load_class(games, class_id, key=key).rooms == codes
    zipped = tmp_path / "all.zip"
    args = ["class", "export", class_id, "--key", key, "--games-dir", str(games)]
    assert main([*args, "--out", str(zipped)]) == 0
    assert "README.txt" in zipfile.ZipFile(zipped).namelist()
    assert main([*args[:3], "--key", "wrong", "--games-dir", str(games)]) == 2
    assert "no class" in capsys.readouterr().err
