"""Every string a page shows is escaped: hostile names in maps, scenarios and records stay text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hostile import PAYLOADS, write_hostile
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("solara")

import solara

from wargame.engine.events import Event
from wargame.play.session import new_game
from wargame.ui import safe
from wargame.ui.card import Names
from wargame.ui.charts import line_chart_svg
from wargame.ui.games import PlaySession, Setup
from wargame.ui.map_picture import MapPicture, SectorPicture, umpire_picture
from wargame.ui.map_svg import map_svg
from wargame.ui.panels import (
    actor_states_html,
    feed_html,
    nations_html,
    turning_points_html,
)
from wargame.ui.play import GameView, IncidentAnswer, IntelligencePicture, orders_html
from wargame.ui.replay import decisions_html

# The only elements and attributes our HTML and SVG builders write.
TAGS = frozenset(
    [
        "table",
        "br",
        "ol",
        "tr",
        "th",
        "td",
        "ul",
        "li",
        "b",
        "div",
        "span",
        "svg",
        "g",
        "text",
        "title",
        "rect",
        "circle",
        "line",
        "polyline",
        "polygon",
        "details",  # the glossary (ui/glossary.py)
        "summary",
        "a",  # only links to a glossary term: see GLOSSARY_REF
    ]
)
ATTRS = frozenset(
    [
        "class",
        "data-incidents",
        "tabindex",
        "role",
        "style",
        "xmlns",
        "viewbox",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "cx",
        "cy",
        "r",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "stroke-opacity",
        "fill-opacity",
        "opacity",
        "points",
        "font-size",
        "font-weight",
        "font-family",
        "text-anchor",
        "paint-order",
        "data-week",
        "data-viewer",
        "data-sector",
        "data-state",
        "id",
        "href",
        "data-term",
    ]
)
# The only links and ids our markup has: a glossary term's definition and the links to it.
GLOSSARY_REF = re.compile(r"#?wg-term-[a-z0-9_]+")
GLOSSARY_KEY = re.compile(r"[a-z0-9_]+")


class _Markup(HTMLParser):
    """Collects the elements, attributes and text a browser would see in a piece of markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Markup:
    """The markup as a browser's parser reads it."""
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    return parser


def assert_inert(markup: str, shown: list[str] = ()) -> None:
    """No element or attribute beyond our own, and every string in `shown` reads as text."""
    found = parse(markup)
    assert set(found.tags) <= TAGS, set(found.tags) - TAGS
    names = {k for k, _ in found.attrs}
    assert names <= ATTRS, names - ATTRS
    for name, value in found.attrs:
        if name in ("href", "id"):
            assert GLOSSARY_REF.fullmatch(value), (name, value)
        if name == "data-term":
            assert GLOSSARY_KEY.fullmatch(value), value
    text = "".join(found.text)
    for value in shown:
        assert " ".join(value.split()) in " ".join(text.split()), value


@pytest.fixture(scope="module")
def hostile_scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario file on a map whose sector ids, sector and hub names, nations are payloads."""
    return write_hostile(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_game(hostile_scenario: Path) -> Any:
    """A year played on the hostile scenario."""
    return new_game(str(hostile_scenario), seed=3, overrides=["years=1"]).run()


def test_the_old_way_would_have_injected() -> None:
    """The checker is not a tautology: an unescaped payload is caught."""
    with pytest.raises(AssertionError):
        assert_inert(f"<li>{PAYLOADS[0]}</li>")
    with pytest.raises(AssertionError):
        assert_inert(f'<g data-sector="{PAYLOADS[1]}"></g>')
    with pytest.raises(AssertionError):
        assert_inert(f"<li style='{PAYLOADS[3]}'></li>")


@pytest.mark.parametrize("value", PAYLOADS)
def test_text_escapes_content_and_attributes(value: str) -> None:
    """`safe.text` keeps a payload inert in element content and in either kind of quotes."""
    assert_inert(f"<li>{safe.text(value)}</li>", [value])
    found = parse(f"<g data-sector=\"{safe.text(value)}\" class='{safe.text(value)}'></g>")
    assert found.tags == ["g"]
    assert dict(found.attrs) == {"data-sector": value, "class": value}


@pytest.mark.parametrize("value", PAYLOADS)
def test_markdown_shows_payloads_as_text(value: str) -> None:
    """Through Python-Markdown (as solara.Markdown): no link, image, heading, list, script."""
    markdown = pytest.importorskip("markdown")
    html = markdown.Markdown(extensions=["toc", "tables"]).convert(safe.markdown(value))
    found = parse(html)
    assert set(found.tags) <= {"p", "span"}, found.tags
    assert {k for k, _ in found.attrs} <= {"v-pre"}
    assert " ".join("".join(found.text).split()) == " ".join(value.split())
    assert html.startswith("<p><span v-pre>")  # Vue leaves {{ ... }} inside alone


def test_feed_states_nations_turning_points_escape_hostile_names(hostile_game: Any) -> None:
    """Event feed, actor states, nations table and debrief show every payload as text."""
    model = hostile_game.model
    feed = feed_html(model, None, model.week)
    assert_inert(feed)
    assert "&lt;img src=x id=pwn-img" in feed
    assert_inert(actor_states_html(model))
    nations = nations_html(model)
    shown = [n.name for n in model.nations if n.brigades > 0]
    assert_inert(nations, shown)
    assert_inert(turning_points_html(model))
    for viewer in ("russia", "ukraine", "monitor", "gb"):
        assert_inert(feed_html(model, viewer))


def test_map_escapes_sector_ids_names_and_hub_names(hostile_game: Any) -> None:
    """The umpire's map: ids in data-sector, names in titles and labels stay text."""
    model = hostile_game.model
    svg = map_svg(umpire_picture(model))
    assert_inert(svg)
    found = parse(svg)
    sectors = [v for k, v in found.attrs if k == "data-sector"]
    assert sectors == model.map.sector_ids  # ids read back exactly, attributes unbroken
    text = "".join(found.text)
    assert all(s.name in text for s in model.map.sectors)


def test_decisions_of_a_recorded_week_escape_actor_and_values() -> None:
    """The replay's week of decisions: hostile actor ids and action values stay text."""
    line = {
        "humans": [PAYLOADS[0]],
        "actions": {
            PAYLOADS[0]: [{"type": "violate", "sector": PAYLOADS[1], "level": 3}],
            PAYLOADS[2]: [{"type": PAYLOADS[5], "x": PAYLOADS[6]}],
        },
    }
    html = decisions_html(line)
    assert_inert(html, [PAYLOADS[0], PAYLOADS[1]])


def test_the_play_page_of_a_hostile_game_renders_no_markup(tmp_path: Path) -> None:
    """Every HTML block of a student's game view (map, charts, feed, why now, intelligence)."""
    # The server plays maps that are shipped or in its games folder: the hostile one is there.
    scenario = write_hostile(tmp_path)
    session = PlaySession.start(Setup(str(scenario), 3, ("russia",), {}, 1.0), tmp_path)
    session.take_seat("russia", "token")
    session.step()
    assert session.pending is not None  # the intelligence picture is on the page
    _box, rc = solara.render(GameView(session, "russia", 1, lambda: None), handle_error=False)
    try:
        blocks = [w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets]
    finally:
        rc.close()
    intelligence = [b for b in blocks if "Your troops on the line" in b]
    assert intelligence, blocks
    for block in blocks:
        assert_inert(block)
    assert "pwn-img" in intelligence[0]  # the payload is there, as text


# Any text, with the characters markup is made of drawn often enough to matter, and payloads
# inside any text.
_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from("<>\"'&=/ ab"), st.characters()), min_size=1, max_size=40
)
NAMES = st.one_of(
    _TEXT,
    st.builds(lambda a, p, b: a + p + b, _TEXT, st.sampled_from(PAYLOADS), _TEXT),
)


@settings(max_examples=60, deadline=None)
@given(sector_id=NAMES, sector_name=NAMES, hub_name=NAMES, viewer=NAMES)
def test_any_text_in_a_name_renders_escaped_in_the_map(
    sector_id: str, sector_name: str, hub_name: str, viewer: str
) -> None:
    """Whatever a map calls its sectors and hubs, the SVG holds only our own elements."""
    sectors = [
        SectorPicture(
            id=f"{sector_id}{i}",
            number=i + 1,
            name=sector_name,
            oblast="Donetsk",
            lon=37.0 + 0.3 * i,
            lat=48.0 + 0.2 * i,
            ru_hub=(39.0, 48.5),
            state="incident",
            presence=900,
            ru_troops=1000,
            ua_troops=800,
            patrolled=True,
        )
        for i in range(3)
    ]
    hubs = [{"id": "h", "name": hub_name, "side": "ru", "lon": 38.0, "lat": 48.3}]
    units = [{"id": sector_name, "location": "h", "troops": 500, "mobile": True}]
    svg = map_svg(MapPicture(week=4, viewer=viewer, sectors=sectors, hubs=hubs, units=units))
    assert_inert(svg)
    found = parse(svg)
    assert [v for k, v in found.attrs if k == "data-sector"] == [s.id for s in sectors]
    assert ("data-viewer", viewer) in found.attrs


@settings(max_examples=60, deadline=None)
@given(title=NAMES, series=NAMES, event_text=NAMES, nation=NAMES)
def test_any_text_renders_escaped_in_charts_and_panels(
    title: str, series: str, event_text: str, nation: str
) -> None:
    """Chart titles and legends, event texts and nation names never become markup."""
    svg = line_chart_svg(title, [0, 1, 2], {series: [0.0, 1.0, 2.0]})
    assert_inert(svg, [title, series])
    events = [Event(week=1, kind="nation_left", actor="gb", text=event_text)]
    model = SimpleNamespace(log=SimpleNamespace(events=events))
    assert_inert(feed_html(model, "russia", 1), [event_text[1:]])
    nations = [
        SimpleNamespace(
            name=nation,
            troops=10,
            will=0.5,
            settings={"public_support": 0.4},
            casualties=0.0,
            in_coalition=True,
            left_week=None,
            brigades=1,
        )
    ]
    assert_inert(nations_html(SimpleNamespace(nations=nations)), [nation])


@settings(max_examples=30, deadline=None)
@given(key=NAMES, value=NAMES)
def test_any_text_in_an_observation_renders_escaped(key: str, value: str) -> None:
    """The intelligence picture: keys, values, dict and list items, sector and nation names of
    any text stay text."""
    observation = {
        key: value,
        "sectors": [value],
        "seen": {value: 3},
        "reports": [{key: value}],
        "coalition_presence": {"s1": 5},
        "nations_in_coalition": ["gb"],
        "known_incidents": [{"id": 1, "week": 1, "sector": "s1", "level": 2}],
    }
    names = Names(sectors={"s1": value}, nations={"gb": value})
    _box, rc = solara.render(IntelligencePicture(observation, names), handle_error=False)
    try:
        (table,) = [w.unsafe_innerHTML for w in rc.find(solara.widgets.HTML).widgets]
    finally:
        rc.close()
    assert_inert(table, [value])


@settings(max_examples=15, deadline=None)
@given(sector_name=NAMES, nation_name=NAMES, perpetrator=NAMES)
def test_incident_cards_and_orders_render_escaped(
    sector_name: str, nation_name: str, perpetrator: str
) -> None:
    """An incident's sentence, its mode lines and the orders read back, with names of any text."""
    names = Names(sectors={"s1": sector_name}, nations={"gb": nation_name})
    incident = {"id": 1, "week": 2, "sector": "s1", "level": 2, "modes": ["none", "signal"]}
    incident["assessed_perpetrator"] = perpetrator
    observation = {"known_incidents": [incident], "delegated_authority": False}
    legal = {"respond": {"incident": [1], "mode": ["none", "signal"]}}
    _box, rc = solara.render(
        IncidentAnswer(incident, observation, legal, names, lambda a: None, lambda m: None),
        handle_error=False,
    )
    try:
        blocks = [w.unsafe_innerHTML or "" for w in rc.find(solara.widgets.HTML).widgets]
    finally:
        rc.close()
    assert_inert(blocks[0], [sector_name, names.actor(perpetrator)])
    assert_inert(blocks[1])
    orders = [
        {"type": "respond", "incident": 1, "mode": "signal"},
        {"type": "hybrid", "target": "gb"},
        {"type": "patrol", "sector": "s1"},
    ]
    assert_inert(orders_html(orders, names, observation), [sector_name, nation_name])


def test_the_clickable_map_and_its_hover_titles_stay_text(hostile_game: Any) -> None:
    """The Play page's clickable map: the same escaping, sectors as focusable buttons."""
    svg = map_svg(umpire_picture(hostile_game.model), clickable=True)
    assert_inert(svg)
    assert 'role="button"' in svg
