"""One meaning per colour: the palette's meanings never share a colour, and the map and the
charts draw only with the palette's colours."""

from __future__ import annotations

import re

from wargame.ui.palette import MEANINGS, NEUTRALS, OKABE_ITO

HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def test_no_two_meanings_share_a_colour() -> None:
    """Every meaning has its own colour, and no neutral grey is one of them."""
    colours = [c.upper() for c in MEANINGS.values()]
    assert len(set(colours)) == len(colours), MEANINGS
    assert not {c.upper() for c in NEUTRALS.values()} & set(colours)
    hues = {c.upper() for c in OKABE_ITO.values()}
    assert {"russia", "ukraine", "coalition", "level 3"} <= set(MEANINGS)
    assert all(MEANINGS[m].upper() in hues for m in ("russia", "ukraine", "coalition", "level 3"))


def _picture():
    from wargame.play.session import new_game
    from wargame.ui.map_picture import umpire_picture

    game = new_game("default", seed=1, overrides=["years=0.3"])
    game.run()
    return umpire_picture(game.model)


def test_the_map_and_charts_use_only_palette_colours_and_mark_every_state() -> None:
    """A played game's map and charts: every colour from the palette; each non-quiet sector
    carries a mark besides its colour."""
    from wargame.ui.map_svg import STATE_MARKS, map_svg
    from wargame.ui.panels import SERIES_STYLES

    allowed = {c.upper() for c in (*MEANINGS.values(), *NEUTRALS.values())}
    picture = _picture()
    for sector, state in zip(picture.sectors, ("under_attack", "lost", "incident"), strict=False):
        sector.state = state  # every state drawn at least once
    svg = map_svg(picture)
    used = {c.upper() for c in HEX.findall(svg)}
    assert used and used <= allowed, used - allowed
    assert {c.upper() for c, _ in SERIES_STYLES.values()} <= allowed
    states = re.findall(r'data-state="(\w+)"', svg)
    marks = svg.count('class="wg-state-mark"')
    assert marks == sum(1 for s in states if STATE_MARKS[s]), (states, marks)
    assert {"under_attack", "lost", "incident", "quiet"} <= set(states)
    assert len(set(STATE_MARKS.values())) == len(STATE_MARKS)
