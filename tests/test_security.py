"""The trust boundary: where code is loaded from, what an upload may be, which widget values count."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from wargame.cli import main
from wargame.errors import WargameError
from wargame.play.record.replay import Replay
from wargame.play.session import new_game
from wargame.policies import registry

EVIL = """
from pathlib import Path
Path({marker!r}).write_text("imported")
from wargame.policies.policy import BasePolicy

class Evil(BasePolicy):
    name = "evil"
    actors = ("russia",)

    def decide(self, observation):
        return []
"""
SHORT = ["years=0.1"]


@pytest.fixture
def evil(tmp_path: Path) -> tuple[Path, Path]:
    """A policy file that leaves a marker file when imported, and that marker's path."""
    marker = tmp_path / "IMPORTED"
    path = tmp_path / "evil.py"
    path.write_text(EVIL.format(marker=str(marker)), encoding="utf-8")
    return path, marker


def test_an_untrusted_policy_file_is_refused_with_how_to_trust_it(evil: tuple) -> None:
    path, marker = evil
    with pytest.raises(registry.UntrustedCodeError) as info:
        registry.resolve_policy(f"{path}:Evil", "russia")
    assert "--policy-dir" in str(info.value) and "--policy ACTOR=" in str(info.value)
    assert not marker.exists()


def test_a_scenario_naming_a_policy_file_does_not_load_it(evil: tuple, tmp_path: Path) -> None:
    path, marker = evil
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: s\npolicies:\n  russia: {path}:Evil\n", encoding="utf-8")
    with pytest.raises(WargameError, match="not trusted"):
        new_game(str(scenario), seed=1, overrides=SHORT)
    assert not marker.exists()
    code = main(["run", "--scenario", str(scenario), "--years", "0.1"])
    assert code == 2 and not marker.exists()


def test_the_cli_trusts_what_it_is_given(evil: tuple, tmp_path: Path, capsys) -> None:
    path, marker = evil
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"name: s\npolicies:\n  russia: {path}:Evil\n", encoding="utf-8")
    assert (
        main(
            ["run", "--scenario", str(scenario), "--years", "0.1", "--policy-dir", str(path.parent)]
        )
        == 0
    )
    assert marker.exists()
    assert os.environ[registry.TRUST_ENV] == str(path.parent.resolve())


def test_the_cli_policy_option_trusts_that_file_only(evil: tuple, tmp_path: Path) -> None:
    path, marker = evil
    assert main(["run", "--years", "0.1", "--policy", f"russia={path}:Evil"]) == 0
    assert marker.exists()
    other = tmp_path / "other.py"
    other.write_text(EVIL.format(marker=str(tmp_path / "OTHER")), encoding="utf-8")
    with pytest.raises(registry.UntrustedCodeError):
        registry.resolve_policy(f"{other}:Evil", "russia")


def test_a_record_header_naming_a_policy_file_is_not_run(
    evil: tuple, tmp_path: Path, capsys
) -> None:
    """A record made elsewhere names evil.py: replay --policies refuses it, plain replay works."""
    path, marker = evil
    record = tmp_path / "r.wgr.jsonl"
    new_game("default", seed=2, overrides=SHORT, record=record).run()
    lines = [json.loads(t) for t in record.read_text().splitlines()]
    lines[0]["policies"]["russia"]["ref"] = f"{path}:Evil"
    record.write_text("".join(json.dumps(line) + "\n" for line in lines))
    with pytest.raises(WargameError, match="not trusted"):
        Replay(record, policies=True).verify()
    assert main(["replay", str(record), "--verify", "--policies"]) == 2
    assert "not trusted" in capsys.readouterr().err
    assert not marker.exists()
    Replay(record).verify()  # the recorded actions: no policy code at all
    assert not marker.exists()


@pytest.mark.parametrize(
    "ref",
    ["../evil.py", "/etc/passwd.py:X", "evil.py\x00:X", "~/evil.py", "games/uploads/x.py:Evil"],
)
def test_browser_values_naming_files_are_refused(ref: str, tmp_path: Path) -> None:
    registry.trust(tmp_path)  # trusting one folder opens no other
    with pytest.raises(registry.UntrustedCodeError):
        registry.make_policy(ref, "russia", 1)


def test_a_folder_trusts_what_is_inside_it_only(tmp_path: Path) -> None:
    inside = tmp_path / "pol"
    inside.mkdir()
    (inside / "a.py").write_text("")
    (tmp_path / "b.py").write_text("")
    registry.trust(inside)
    assert registry.is_trusted(inside / "a.py")
    assert not registry.is_trusted(tmp_path / "b.py")
    assert not registry.is_trusted(inside / ".." / "b.py")
    (inside / "link.py").symlink_to(tmp_path / "b.py")
    assert not registry.is_trusted(inside / "link.py")  # a link out of the folder


def test_serve_refuses_a_policy_dir_overlapping_the_games_folder(tmp_path: Path, capsys) -> None:
    games = tmp_path / "games"
    games.mkdir()
    assert main(["serve", "--games-dir", str(games), "--policy-dir", str(tmp_path)]) == 2
    assert "overlaps the games folder" in capsys.readouterr().err


# -- uploads ---------------------------------------------------------------------------------
upload = pytest.importorskip("wargame.ui.upload")


def _record_text(tmp_path: Path) -> str:
    path = tmp_path / "g.wgr.jsonl"
    new_game("default", seed=2, overrides=SHORT, record=path).run()
    return path.read_text()


def test_an_upload_gets_a_server_made_name_and_never_overwrites(tmp_path: Path) -> None:
    text = _record_text(tmp_path)
    folder = tmp_path / "uploads"
    first = upload.store_upload(folder, "../../evil.py", text)
    second = upload.store_upload(folder, "../../evil.py", text)
    assert first != second
    for path in (first, second):
        assert path.parent == folder and path.name.endswith(".wgr.jsonl")
        assert "evil" not in path.name and path.read_text() == text
    assert sorted(p.name for p in folder.iterdir()) == sorted([first.name, second.name])


@pytest.mark.parametrize(
    "text",
    [
        "import os\nos.system('touch x')\n",
        "",
        '{"type": "header"}\n',
        "[1, 2]\n",
        '{"type": "week", "format": "wargame-record"}\n',
    ],
)
def test_an_upload_that_is_not_a_record_is_refused(text: str, tmp_path: Path) -> None:
    folder = tmp_path / "uploads"
    with pytest.raises(upload.UploadError, match=r"evil\.py: not a game record"):
        upload.store_upload(folder, "evil.py", text)
    assert not folder.exists() or not any(folder.iterdir())


def test_a_too_big_upload_is_refused(tmp_path: Path) -> None:
    header = json.dumps({"type": "header", "format": "wargame-record"})
    text = header + "\n" + "x" * upload.MAX_UPLOAD_BYTES
    with pytest.raises(upload.UploadError, match="over the upload limit of 8 MiB"):
        upload.store_upload(tmp_path, "big.wgr.jsonl", text)


def test_old_uploads_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = _record_text(tmp_path)
    folder = tmp_path / "uploads"
    old = upload.store_upload(folder, "a", text)
    week_ago = old.stat().st_mtime - 8 * 86400
    os.utime(old, (week_ago, week_ago))
    keep = folder / "notes.txt"  # not an upload: left alone
    keep.write_text("mine")
    fresh = upload.store_upload(folder, "b", text)
    assert not old.exists() and fresh.exists() and keep.exists()
    monkeypatch.setenv(upload.UPLOAD_DAYS_ENV, "30")
    os.utime(fresh, (week_ago, week_ago))
    assert upload.prune_uploads(folder) == []


# -- widget values ---------------------------------------------------------------------------
choices = pytest.importorskip("wargame.ui.choices")


def test_checked_accepts_offered_values_only() -> None:
    assert choices.checked("policy", "prober", ["", "prober"]) == "prober"
    for forged in ("tests/evil.py:Evil", "PROBER", 1, None, ["prober"]):
        with pytest.raises(choices.ForgedChoice, match=r"policy: .* is not one of the offered"):
            choices.checked("policy", forged, ["", "prober"])
    assert choices.checked_many("x", ["a", "b"], "abc") == ["a", "b"]
    with pytest.raises(choices.ForgedChoice):
        choices.checked_many("x", "ab", "abc")  # a string is not a list of choices
    with pytest.raises(choices.ForgedChoice):
        choices.checked_many("x", ["a", "../d"], "abc")


def test_guarded_drops_a_forged_value_and_says_so() -> None:
    got, said = [], []
    handle = choices.guarded("Scenario", lambda: ["default"], got.append, said.append)
    handle("/etc/passwd")
    assert got == [] and "refused: Scenario" in said[0]
    handle("default")
    assert got == ["default"]


def test_lab_workers_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    background = pytest.importorskip("wargame.ui.background")
    monkeypatch.setattr(background, "default_workers", lambda: 64)
    assert background.lab_workers() == background.MAX_LAB_WORKERS == 2


def test_lab_sliders_forged_out_of_range_are_refused() -> None:
    lab = pytest.importorskip("wargame.ui.lab")
    assert lab.slider_problem(10, 10.0) == ""
    for games, years in ((10**9, 1.0), (0, 1.0), (True, 1.0), (5, 1e9), (5, float("nan"))):
        assert lab.slider_problem(games, years).startswith("refused:")


def test_an_upload_message_without_text_is_refused_in_words() -> None:
    assert "not a game record" in upload.refusal_text("x", {"text": {"a": 1}})
    assert "9.0 MiB is over" in upload.refusal_text("x", {"too_big": True, "size": 9 * 2**20})


def test_serve_start_removes_old_uploads(tmp_path: Path) -> None:
    from wargame.cli.main import _prune_uploads

    old = tmp_path / "uploads" / "upload-20200101-000000-abcd1234.wgr.jsonl"
    old.parent.mkdir()
    old.write_text("{}")
    os.utime(old, (0, 0))
    _prune_uploads(str(tmp_path))
    assert not old.exists()


def test_an_uploaded_record_naming_a_map_file_does_not_read_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record whose header points its map at another file: the page reads shipped maps only."""
    import wargame.play.record.replay as rec

    replay_page = pytest.importorskip("wargame.ui.replay")
    record = tmp_path / "r.wgr.jsonl"
    new_game("default", seed=2, overrides=SHORT, record=record).run()
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\n")
    opened: list[str] = []
    original = rec.load_map
    monkeypatch.setattr(rec, "load_map", lambda ref: opened.append(str(ref)) or original(ref))
    lines = [json.loads(t) for t in record.read_text().splitlines()]
    header_map = {k: v for k, v in lines[0]["map"].items() if k != "generated"}
    for forged in ({"file": str(secret)}, {"file": "/nowhere.yaml", "id": str(secret)}):
        lines[0]["map"] = {**header_map, **forged}
        record.write_text("".join(json.dumps(line) + "\n" for line in lines))
        replay_page.open_replay(record)  # may open (shipped map) or refuse: never reads it
        assert str(secret) not in opened, opened
