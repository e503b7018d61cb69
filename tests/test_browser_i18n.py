"""The interface in English and Dutch in real browsers, and the map linked to the card.

A Dutch browser (locale nl-NL: `Accept-Language: nl-NL`) sees Dutch while an English one, at the
same time, sees English; the EN/NL switch changes one browser only and is kept for that browser;
a sector clicked on the Play map shows its incidents in the card, and its hover says which
incidents the Force Commander knows of there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

expect = pytest.importorskip("playwright.sync_api").expect
expect.set_options(timeout=30_000)

SEAT = {"en": "Force Commander", "nl": "Commandant van de troepenmacht"}
YEARS = {"en": "Years (empty: the scenario's)", "nl": "Jaren (leeg: die van het scenario)"}


@pytest.fixture
def contexts(browser: Any, server: Any) -> Iterator[dict[str, Any]]:
    """Two browsers at once: one Dutch, one English (each its own cookies)."""
    made = {
        lang: browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
        for lang, locale in (("nl", "nl-NL"), ("en", "en-US"))
    }
    for context in made.values():
        context.set_default_timeout(30_000)
    yield made
    for context in made.values():
        context.close()


def start_as_force_commander(page: Any, url: str, lang: str) -> None:
    """Start a one-year game of the default scenario commanding the Force Commander."""
    page.goto(url + "/")
    page.locator(".wg-start").wait_for()
    page.locator(".wg-humans").get_by_role("button", name=SEAT[lang], exact=True).click()
    page.get_by_label(YEARS[lang]).fill("1")
    page.locator(".wg-start").click()
    page.locator(".wg-map").wait_for()


def test_a_dutch_and_an_english_browser_at_the_same_time(contexts: Any, server: Any) -> None:
    nl, en = contexts["nl"].new_page(), contexts["en"].new_page()
    nl.goto(server.url + "/")
    en.goto(server.url + "/")
    expect(nl.locator(".wg-start")).to_contain_text("Spel starten")
    expect(en.locator(".wg-start")).to_contain_text("Start game")
    expect(nl.locator(".wg-tab-play")).to_contain_text("Spelen")
    expect(nl.locator(".wg-tab-replay")).to_contain_text("Terugkijken")
    expect(en.locator(".wg-tab-replay")).to_contain_text("Replay")
    expect(nl.get_by_text("Garandeer het staakt-het-vuren")).to_be_visible()
    expect(nl.locator(".wg-lang-nl.wg-lang-on")).to_be_visible()
    expect(en.locator(".wg-lang-en.wg-lang-on")).to_be_visible()

    # The Dutch decision card, while the English browser still reads English.
    start_as_force_commander(nl, server.url, "nl")
    nl.locator(".wg-run-decision").click()
    decision = nl.locator(".wg-decision")
    expect(decision).to_contain_text(
        "Uw beslissing: week 1 (4–10 jan 2027), Commandant van de troepenmacht"
    )
    expect(nl.locator(".wg-incident-text").first).to_contain_text(re.compile(r"een niveau \d"))
    expect(decision).to_contain_text("Incidenten beantwoorden")
    expect(decision.locator(".wg-submit")).to_contain_text("Beslissing indienen")
    expect(nl.locator(".wg-status")).to_contain_text("u voert het bevel over")
    expect(nl.locator(".wg-feed")).to_contain_text("Wat er gebeurde")
    expect(nl.locator(".wg-map title").first).to_contain_text("Kaart van de bestandslijn")
    en.reload()
    expect(en.locator(".wg-start")).to_contain_text("Start game")


def test_the_switch_changes_one_browser_and_is_kept(contexts: Any, server: Any) -> None:
    en, other = contexts["en"].new_page(), contexts["nl"].new_page()
    en.goto(server.url + "/")
    other.goto(server.url + "/")
    expect(en.locator(".wg-start")).to_contain_text("Start game")
    en.locator(".wg-lang-nl").click()
    expect(en.locator(".wg-start")).to_contain_text("Spel starten")
    expect(en.locator(".wg-tab-play")).to_contain_text("Spelen")
    # Kept for this browser: a second tab of it opens in Dutch too.
    second = contexts["en"].new_page()
    second.goto(server.url + "/")
    expect(second.locator(".wg-start")).to_contain_text("Spel starten")
    # The Dutch browser switches to English: the first browser stays Dutch.
    other.locator(".wg-lang-en").click()
    expect(other.locator(".wg-start")).to_contain_text("Start game")
    en.reload()
    expect(en.locator(".wg-start")).to_contain_text("Spel starten")
    en.locator(".wg-lang-en").click()
    expect(en.locator(".wg-start")).to_contain_text("Start game")


def test_clicking_a_sector_on_the_map_picks_its_incidents(page: Any, server: Any) -> None:
    start_as_force_commander(page, server.url, "en")
    page.locator(".wg-run-decision").click()
    page.locator(".wg-decision").wait_for()
    expect(page.locator(".wg-incident-text").first).to_contain_text("Incident")
    ident = page.locator(".wg-incident").first.get_attribute("class")
    number = re.search(r"wg-incident-(\d+)", ident or "").group(1)
    # The map is redrawn after the card arrives: wait for it to carry the incident.
    sector = page.wait_for_function(
        """n => [...document.querySelectorAll('.wg-map g.wg-sector')]
               .find(g => (g.getAttribute('data-incidents') || '').split(' ').includes(n))
               ?.getAttribute('data-sector')""",
        arg=number,
    ).json_value()
    assert sector, f"incident {number} is on no sector of the map"
    group = page.locator(f'.wg-map g.wg-sector[data-sector="{sector}"]')
    # The hover: what the Force Commander knows there, from its own picture.
    expect(group.locator("> title")).to_contain_text(f"Incident {number} (level")
    total = page.locator(".wg-incident").count()
    group.locator("circle").last.click(force=True)
    expect(page.locator(".wg-picked")).to_contain_text("Picked on the map: sector")
    expect(page.locator(f".wg-incident-{number}")).to_be_visible()
    shown = page.locator(".wg-incident")
    name = page.locator(".wg-picked-text").inner_text().split("Picked on the map: ")[1][:-1]
    for text in page.locator(".wg-incident-text").all_inner_texts():
        assert f" in {name}" in text, (name, text)
    assert shown.count() <= total
    page.locator(".wg-unpick").click()
    expect(page.locator(".wg-picked")).to_have_count(0)
    expect(shown).to_have_count(total)


def test_a_dutch_browser_sees_objectives_advisor_charts_and_tutorial_in_dutch(
    contexts: Any, server: Any
) -> None:
    nl = contexts["nl"].new_page()
    start_as_force_commander(nl, server.url, "nl")
    expect(nl.locator(".wg-objectives")).to_contain_text("Uw doelen (De coalitie)")
    expect(nl.locator(".wg-objectives")).to_contain_text("Het staakt-het-vuren houdt stand")
    expect(nl.locator(".wg-charts")).to_contain_text("Escalatieniveau")
    expect(nl.locator(".wg-charts")).to_contain_text("Verliezen")
    nl.locator(".wg-run-decision").click()
    nl.locator(".wg-decision").wait_for()
    advise = nl.locator(".wg-advise")
    expect(advise).to_contain_text("Wat zou de strategie doen?")
    advise.click()
    expect(nl.locator(".wg-advice")).to_contain_text("De strategie (")
    expect(nl.locator(".wg-hand-until")).to_contain_text("Overlaten tot er iets met mij gebeurt")
    # The tutorial's first step, in a new game of the same browser.
    tutorial = contexts["nl"].new_page()
    tutorial.goto(server.url + "/")
    tutorial.locator(".wg-tutorial-btn").click()
    tutorial.locator(".wg-tutorial").wait_for()
    expect(tutorial.locator(".wg-tutorial")).to_contain_text("Rondleiding, stap 1 van 9")
    expect(tutorial.locator(".wg-tutorial-text")).to_contain_text(
        "U bent de Commandant van de troepenmacht van de coalitie"
    )
    expect(tutorial.locator(".wg-tutorial-terms")).to_contain_text("Begrippenlijst:")


def test_a_sector_clicked_on_the_map_is_pre_selected_in_russia_s_orders(
    page: Any, server: Any
) -> None:
    """Not only the Force Commander's card: an order form that takes a sector (here Russia's
    violation) pre-selects the sector clicked on the map."""
    page.goto(server.url + "/")
    page.locator(".wg-start").wait_for()
    humans = page.locator(".wg-humans")
    for actor in ("Force Commander", "Russia"):
        button = humans.get_by_role("button", name=actor, exact=True)
        pressed = "v-btn--active" in (button.get_attribute("class") or "")
        if pressed != (actor == "Russia"):
            button.click()
    page.get_by_label("Years (empty: the scenario's)").fill("1")
    page.locator(".wg-start").click()
    page.locator(".wg-map").wait_for()
    page.locator(".wg-step").click()
    page.locator(".wg-decision").wait_for()
    violate = page.locator(".wg-action-violate")
    expect(violate.locator(".wg-param-sector")).to_contain_text("sector 1 ")
    group = page.locator('.wg-map g.wg-sector[data-sector="s07"]')
    group.locator("circle").last.click(force=True)
    expect(violate.locator(".wg-param-sector")).to_contain_text("sector 7 ")
    violate.locator(".wg-add-violate").click()
    expect(page.locator(".wg-orders")).to_contain_text("sector 7 ")


def test_a_dutch_browser_sees_the_replay_lab_and_class_pages_in_dutch(
    contexts: Any, server: Any, tmp_path: Any
) -> None:
    """The pages beyond Play: a record replayed (verified, its timeline, the what-if panel), the
    Lab's set-up and screening, a class created and its dashboard, all in Dutch."""
    from wargame.cli import main

    record = tmp_path / "les.wgr.jsonl"
    argv = ["run", "--scenario", "default", "--seed", "2", "--years", "0.2"]
    assert main([*argv, "--record", str(record)]) == 0
    nl = contexts["nl"].new_page()

    nl.goto(server.url + "/replay")
    expect(nl.locator(".wg-records")).to_contain_text("Kies een verslag")
    expect(nl.get_by_text("Kies links een vastgelegd spel, of upload er een.")).to_be_visible()
    nl.locator(".wg-upload-input").set_input_files(str(record))
    expect(nl.locator(".wg-verified")).to_contain_text("Geverifieerd: alle")
    expect(nl.locator(".wg-replay-week")).to_contain_text(re.compile(r"week \d+ van \d+"))
    expect(nl.locator(".wg-back")).to_contain_text("Terug")
    expect(nl.locator(".wg-takeaway")).to_contain_text("Nabesprekingspakket (HTML)")
    nl.locator(".wg-start-week").click()
    expect(nl.locator(".wg-what-if")).to_contain_text("Aftakken vanaf week 1")
    expect(nl.locator(".wg-fork")).to_contain_text("Aftakken vanaf deze week")

    nl.goto(server.url + "/lab")
    expect(nl.get_by_text("Lab: veel spellen, een of twee instellingen")).to_be_visible()
    expect(nl.get_by_label("Strategieën van Rusland")).to_have_count(1)
    nl.locator(".wg-drives-open").click()
    drives = nl.locator(".wg-drives")
    expect(drives).to_contain_text("Wat bepaalt dit? Een Morris-screening")
    expect(drives.locator(".wg-drives-size")).to_contain_text("spellen, elk 1 jaar")
    expect(drives.locator(".wg-drives-run")).to_contain_text("Screenen")

    nl.goto(server.url + "/class")
    create = nl.locator(".wg-class-create")
    expect(create).to_contain_text("Een klas aanmaken")
    nl.get_by_label(re.compile("Kamers")).fill("1")
    nl.get_by_label("Jaren").fill("0.2")
    nl.locator(".wg-class-go").click()
    expect(nl.locator(".wg-class-table")).to_contain_text("Uitkomst tot nu toe")
    room = nl.locator(".wg-class-table .wg-class-room").first
    expect(room).to_contain_text("wacht tot de studenten deelnemen (0/2)")
    expect(room).to_contain_text("spelleidersbeeld")
    expect(nl.get_by_text("Alle nabesprekingspakketten (zip)")).to_be_visible()
