"""The phone page's survey forms (a RATER survey, a pulse check) in a real browser: Debian's
chromium, headless, at 390x844, against a real room server on 127.0.0.1, as a person in
the room fills them in (the harness of tests/test_phone_browser.py).

Set CXDESK_PHONE_SHOTS=/some/folder to save each form at 390 and 320 px, light and dark.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cxdesk.models.servqual import DIMENSIONS, RespondentSide, ScoringMode
from cxdesk.room.pulse import PulseRoom
from cxdesk.room.rater import RaterRoom
from cxdesk.store import pulse, rater
from cxdesk.store.database import Database
from tests.survey_helpers import open_survey
from tests.test_phone_browser import (  # the harness: one chromium, a phone's viewport
    CHROMEDRIVER,
    CHROMIUM,
    _emulate,
    browser,
    console_problems,
    join,
    phone,
    shoot,
    shown_page,
    text,
    wait_page,
    wait_until,
)

__all__ = ["browser", "phone"]  # fixtures this module uses from the harness

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
    reason="Debian's chromium and chromium-driver are not installed",
)
DAY = date(2026, 3, 12)


def row_buttons(driver: WebDriver, key: str) -> dict[int, Any]:
    return {
        int(b.get_attribute("data-score") or "-1"): b
        for b in driver.find_elements(By.CSS_SELECTOR, f'[data-key="{key}"] button')
    }


def picked(driver: WebDriver, key: str) -> list[int]:
    return [
        s for s, b in row_buttons(driver, key).items() if b.get_attribute("aria-pressed") == "true"
    ]


def saved_state(driver: WebDriver, key: str) -> tuple[str, str]:
    line = driver.find_element(By.CSS_SELECTOR, f'[data-saved="{key}"]')
    return line.text, line.get_attribute("class") or ""


def tap(driver: WebDriver, key: str, score: int, saved_key: str) -> None:
    """Tap a score and wait for "Saved", shown once the server replied (after its commit)."""
    row_buttons(driver, key)[score].click()
    wait_until(
        driver,
        lambda: picked(driver, key) == [score] and saved_state(driver, saved_key)[0] == "Saved",
        f"{key} = {score} saved",
    )


def shoot_whole(driver: WebDriver, name: str) -> None:
    """The whole form at 390 px, light and dark (a form is longer than a screen), when
    CXDESK_PHONE_SHOTS is set; then the phone's own viewport again."""
    folder = os.environ.get("CXDESK_PHONE_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    for scheme in ("light", "dark"):
        _emulate(driver, 390, height, scheme)
        driver.save_screenshot(str(Path(folder) / f"{name}-whole-{scheme}.png"))
    _emulate(driver, 390, 844, "light")


def scroll_to(driver: WebDriver, css: str) -> None:
    driver.execute_script(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});", css
    )


def test_a_rater_survey_on_a_phone_scores_each_dimension_and_splits_the_points(
    db: Database, engagement_id: int, phone: WebDriver
) -> None:
    assessment = rater.add_assessment(db, engagement_id, "Q1 review")
    with open_survey(db, RaterRoom(assessment.id, RespondentSide.CLIENT)) as room:
        phone.get(room.server.url)
        join(phone, "Zoë")
        wait_page(phone, "survey")
        [row] = rater.list_respondents(db, assessment.id)
        assert (row.name, row.side) == ("Zoë", "client")
        assert text(phone, "title") == "Q1 review"
        assert text(phone, "survey-progress") == "0 of 10 answered"
        assert text(phone, "survey-name") == "Answering as Zoë"
        headings = [h.text for h in phone.find_elements(By.CSS_SELECTOR, ".item h2")]
        assert headings == [d.label for d in DIMENSIONS] + ["Importance (optional)"]
        assert sorted(row_buttons(phone, "reliability:expectation")) == list(range(1, 8))
        shoot(phone, "rater-start")

        tap(phone, "reliability:expectation", 6, "reliability")
        tap(phone, "reliability:perception", 3, "reliability")
        stored = rater.list_respondents(db, assessment.id)[0]
        assert (stored.reliability_expectation, stored.reliability_perception) == (6, 3)
        tap(phone, "reliability:perception", 4, "reliability")  # a change of mind
        tap(phone, "empathy:expectation", 7, "empathy")
        assert text(phone, "survey-progress") == "3 of 10 answered"
        shoot(phone, "rater-scored")
        shoot_whole(phone, "rater-scored")

        # The reload of a locked phone: back with every answer.
        phone.refresh()
        wait_page(phone, "survey")
        assert picked(phone, "reliability:perception") == [4]
        assert picked(phone, "empathy:expectation") == [7]
        assert text(phone, "survey-progress") == "3 of 10 answered"

        # The points: the total is checked as it is typed; 100 or nothing is saved.
        scroll_to(phone, ".points")
        save = phone.find_element(By.ID, "points-save")
        assert not save.is_enabled()
        fields = {
            f.get_attribute("data-dimension"): f
            for f in phone.find_elements(By.CSS_SELECTOR, ".split-field")
        }
        for dimension, points in (
            ("reliability", "30"),
            ("assurance", "20"),
            ("tangibles", "10"),
            ("empathy", "25"),
            ("responsiveness", "5"),
        ):
            fields[dimension].send_keys(points)
        assert text(phone, "points-total") == "Total: 90 of 100 – 10 to go"
        assert not save.is_enabled()
        shoot(phone, "rater-points-short")
        scroll_to(phone, ".points")
        plus = phone.find_elements(By.CSS_SELECTOR, '.split .step[data-step="5"]')[-1]
        plus.click()
        plus.click()
        plus.click()
        assert text(phone, "points-total") == "Total: 105 of 100 – 5 too many"
        assert not save.is_enabled()
        phone.find_elements(By.CSS_SELECTOR, '.split .step[data-step="-5"]')[-1].click()
        assert text(phone, "points-total") == "Total: 100 of 100"
        assert save.is_enabled()
        save.click()
        wait_until(phone, lambda: saved_state(phone, "points")[0] == "Saved", "points saved")
        stored = rater.list_respondents(db, assessment.id)[0]
        assert {d.value: n for d, n in (stored.points or {}).items()} == {
            "reliability": 30,
            "assurance": 20,
            "tangibles": 10,
            "empathy": 25,
            "responsiveness": 15,
        }
        shoot(phone, "rater-points-saved")
        shoot_whole(phone, "rater-points-saved")

        # Closed on the laptop: the answers stay in view, nothing more can be tapped.
        room.server.set_voting(False)
        wait_until(
            phone, lambda: phone.find_element(By.ID, "survey-closed").is_displayed(), "closed"
        )
        assert not row_buttons(phone, "assurance:expectation")[3].is_enabled()
        assert picked(phone, "reliability:perception") == [4]
        room.server.stop()
        wait_page(phone, "thanks")
        assert text(phone, "thanks-text") == "Your answers are saved."
        shoot(phone, "rater-thanks")
    assert console_problems(phone) == []


def test_a_rater_survey_by_statements_on_a_narrow_dark_phone(
    db: Database, engagement_id: int, phone: WebDriver
) -> None:
    assessment = rater.add_assessment(
        db, engagement_id, "Statements <b>round</b>", scoring=ScoringMode.STATEMENTS
    )
    statements = rater.list_statements(db, assessment.id)
    rater.update_statement(db, statements[0].id, "نلتزم بما وعدنا به <img src=x id=injected>")
    with open_survey(db, RaterRoom(assessment.id, RespondentSide.TEAM)) as room:
        phone.get(room.server.url)
        join(phone, "")
        wait_page(phone, "survey")
        assert text(phone, "survey-progress") == f"0 of {2 * len(statements)} answered"
        texts = [t.text for t in phone.find_elements(By.CSS_SELECTOR, ".item .item-text")]
        assert texts[0] == "نلتزم بما وعدنا به <img src=x id=injected>"
        assert phone.find_elements(By.ID, "injected") == []
        assert text(phone, "title") == "Statements <b>round</b>"
        first = statements[0].id
        tap(phone, f"{first}:expectation", 5, str(first))
        tap(phone, f"{first}:perception", 2, str(first))
        assert rater.list_statement_scores(db, assessment.id) == {
            rater.list_respondents(db, assessment.id)[0].id: {first: (5, 2)}
        }
        assert rater.list_respondents(db, assessment.id)[0].side == "team"
        shoot(phone, "rater-statements")
        shoot_whole(phone, "rater-statements")
        # Nothing sticks out sideways at 320 px; every score is a thumb-sized target.
        phone.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 320, "height": 640, "deviceScaleFactor": 2, "mobile": True},
        )
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 320
        for button in row_buttons(phone, f"{first}:perception").values():
            assert button.size["height"] >= 44
            assert button.size["width"] >= 34
    assert console_problems(phone) == []


def test_a_pulse_check_on_a_phone(db: Database, engagement_id: int, phone: WebDriver) -> None:
    with open_survey(db, PulseRoom(engagement_id, RespondentSide.CLIENT, DAY)) as room:
        phone.get(room.server.url)
        join(phone, "Ana")
        wait_page(phone, "survey")
        assert text(phone, "title") == "Pulse check"
        assert text(phone, "survey-progress") == "0 of 4 answered"
        assert sorted(row_buttons(phone, "confidence")) == list(range(1, 11))
        assert sorted(row_buttons(phone, "csat")) == list(range(1, 6))
        shoot(phone, "pulse-start")

        tap(phone, "confidence", 8, "confidence")
        [row] = pulse.list_pulses(db, engagement_id)
        assert (row.respondent, row.confidence, row.side, row.taken_on) == ("Ana", 8, "client", DAY)
        tap(phone, "csat", 4, "csat")
        area = phone.find_element(By.CSS_SELECTOR, 'textarea[data-key="working"]')
        scroll_to(phone, 'textarea[data-key="working"]')
        area.send_keys("Weekly demos <3")
        counter = phone.find_element(By.CSS_SELECTOR, '[data-counter="working"]')
        assert counter.text == "15 / 800"
        assert saved_state(phone, "working")[0] == "Not saved yet…"
        # Saved after a pause in typing, without leaving the field.
        wait_until(phone, lambda: saved_state(phone, "working")[0] == "Saved", "text saved")
        assert pulse.list_pulses(db, engagement_id)[0].working == "Weekly demos <3"
        other = phone.find_element(By.CSS_SELECTOR, 'textarea[data-key="not_working"]')
        other.send_keys("Too many status meetings")
        area.click()  # leaving the field saves it at once
        wait_until(phone, lambda: saved_state(phone, "not_working")[0] == "Saved", "saved")
        assert pulse.list_pulses(db, engagement_id)[0].not_working == "Too many status meetings"
        assert text(phone, "survey-progress") == "4 of 4 answered"
        shoot(phone, "pulse-answered")
        shoot_whole(phone, "pulse-answered")

        phone.refresh()
        wait_page(phone, "survey")
        assert picked(phone, "confidence") == [8]
        shown = phone.find_element(By.CSS_SELECTOR, 'textarea[data-key="not_working"]')
        assert shown.get_attribute("value") == "Too many status meetings"
        # The length is capped where it is typed.
        assert shown.get_attribute("maxlength") == "800"
        room.server.stop()
        wait_page(phone, "thanks")
    assert shown_page(phone) == "thanks"
    assert console_problems(phone) == []
