"""The decision card in a real browser: names, incident sentences, only allowed modes, no
preselected seat, browser-worded errors, the Monitor's empty week, no CDN request for mermaid."""

from __future__ import annotations

import re
from typing import Any

import pytest

from wargame.engine.roster import TURN_ORDER, display_name

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)

LEVEL_1_MODES = ["none", "signal"]  # force_commander.response_modes: level 1 never more


def seat_buttons(page: Any) -> dict[str, Any]:
    """The 'You command' toggles by actor id."""
    toggles = page.locator(".wg-humans")
    return {a: toggles.get_by_role("button", name=display_name(a), exact=True) for a in TURN_ORDER}


def pressed(button: Any) -> bool:
    """Whether a toggle button is on."""
    return "v-btn--active" in (button.get_attribute("class") or "")


def start(page: Any, url: str, humans: list[str], years: str = "1", seed: int = 1) -> None:
    """Open the Play page and start a game of the default scenario with these human actors."""
    page.goto(url + "/")
    page.locator(".wg-start").wait_for()
    for actor, button in seat_buttons(page).items():
        if pressed(button) != (actor in humans):
            button.click()
    page.get_by_label("Seed").fill(str(seed))
    page.get_by_label("Years (empty: the scenario's)").fill(years)
    page.locator(".wg-start").click()
    page.locator(".wg-map").wait_for()


def test_no_seat_is_preselected_and_errors_speak_the_page_s_words(page: Any, server: Any) -> None:
    """Nothing is pressed at first; a bad Years says so in the form's words, and the message
    goes once the game starts; watching needs no deselect."""
    page.goto(server.url + "/")
    page.locator(".wg-start").wait_for()
    buttons = seat_buttons(page)
    assert [a for a, b in buttons.items() if pressed(b)] == []
    page.get_by_text("Policies of the other actors").click()
    russia = page.locator(".wg-policy-russia input")
    expect(russia).to_have_value(re.compile(r"^the scenario's default \(\w+\)$"))
    page.get_by_label("Years (empty: the scenario's)").fill("-1")
    page.locator(".wg-start").click()
    problem = page.locator(".wg-setup-problem")
    expect(problem).to_contain_text("Years: -1 is not above 0")
    assert "--set" not in problem.inner_text()
    page.get_by_label("Years (empty: the scenario's)").fill("1")
    page.locator(".wg-start").click()
    page.locator(".wg-map").wait_for()
    expect(page.locator(".wg-status")).to_contain_text("you are the umpire")
    expect(page.locator(".wg-status")).to_contain_text("week 1 is 4–10 Jan 2027")
    assert page.locator(".wg-setup-problem, .wg-problem").count() == 0


def test_the_force_commander_reads_named_incidents_and_only_their_modes(
    page: Any, server: Any
) -> None:
    """Week 1 as Force Commander: sectors by name, each incident a sentence with its own modes
    (a level-1 incident offers none and signal only), an order read back as a sentence."""
    start(page, server.url, ["force_commander"])
    page.locator(".wg-run-decision").click()
    decision = page.locator(".wg-decision")
    expect(decision).to_contain_text("Your decision: week 1 (4–10 Jan 2027), Force Commander")
    incidents = page.locator(".wg-incident")
    expect(incidents.first).to_be_visible()
    # Each card's sentence is drawn after the card itself: wait for the first one's words.
    expect(page.locator(".wg-incident-text").first).to_contain_text("Incident")
    texts = [t.strip() for t in page.locator(".wg-incident-text").all_inner_texts()]
    sentence = re.compile(
        r"^Incident \d+: a level [123] \([a-z /-]+\) in sector \d+ [A-Z][^()]*.*\(\w[\w ]*\), "
        r"week \d+ \([^)]*\); .+\.$"
    )
    assert texts and all(sentence.match(t) for t in texts), texts
    assert not any(re.search(r"\bs\d\d\b", t) for t in texts), texts  # no sector ids
    level_1 = 0
    for i in range(incidents.count()):
        card = incidents.nth(i)
        modes = card.locator(".wg-incident-modes").get_by_role("button").all_inner_texts()
        modes = [m.strip().lower() for m in modes]
        lines = card.locator(".wg-mode-lines li").all_inner_texts()
        assert [line.split(":")[0].strip() for line in lines] == modes
        if "a level 1 " in card.locator(".wg-incident-text").inner_text():
            level_1 += 1
            assert modes == LEVEL_1_MODES, modes
        assert set(modes) <= {"none", "signal", "denial", "punishment"}
    assert level_1 >= 1  # seed 1 opens with level-1 incidents: the filter was exercised
    first = incidents.first
    number = re.match(r"Incident (\d+)", texts[0]).group(1)
    first.locator(".wg-incident-modes").get_by_role("button", name="signal").click()
    first.locator(".wg-add-respond").click()
    orders = page.locator(".wg-orders")
    expect(orders).to_contain_text(f"Answer incident {number} with signal (in sector ")
    assert "{" not in orders.inner_text()  # a sentence, not JSON
    page.get_by_role("button", name="Your intelligence picture").click()
    expect(decision.locator(".wg-intel")).to_contain_text("Nations in the coalition")
    expect(decision.locator(".wg-intel")).to_contain_text("United Kingdom")
    page.locator(".wg-submit").click()
    expect(page.locator(".wg-status")).to_contain_text(re.compile(r"week 1 of \d+ played"))


def test_the_monitor_is_told_what_no_patrol_means(page: Any, server: Any) -> None:
    """Commanding the Monitor: the card says plainly that no patrol keeps every team in."""
    start(page, server.url, ["monitor"])
    page.locator(".wg-run-decision").click()
    page.locator(".wg-decision").wait_for()
    expect(page.locator(".wg-no-patrol")).to_contain_text("no patrols this week")
    sector = page.locator(".wg-action-patrol .v-field")
    sector.click()
    option = page.get_by_role("option").first
    label = option.inner_text().strip()
    assert re.match(r"sector 1 \S", label), label
    option.click()
    page.locator(".wg-add-patrol").click()
    expect(page.locator(".wg-orders")).to_contain_text(f"Send a monitoring team to {label}.")
    assert page.locator(".wg-no-patrol").count() == 0


def test_the_lab_asks_no_cdn_for_mermaid(page: Any, server: Any) -> None:
    """The Lab page loads no mermaid (nor KaTeX) from anywhere."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(server.url + "/lab")
    expect(page.get_by_text("Lab: many games, one or two dials")).to_be_visible()
    page.wait_for_timeout(1500)  # a Markdown component would ask for mermaid once mounted
    assert [u for u in asked if "mermaid" in u or "katex" in u] == []
