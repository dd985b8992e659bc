"""The phone page in a real browser: Debian's chromium, headless, at a phone's size, against
a real room server on 127.0.0.1, as a person in the room uses it.

Set CXDESK_PHONE_SHOTS=/some/folder to save each page at 390 and 320 px, light and dark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from cxdesk.models.quiz import Band, SessionMode
from cxdesk.ops import perform
from cxdesk.ops import quizzes as ops
from cxdesk.room.events import AnswersSaved, ParticipantJoined
from cxdesk.store import quizzes, workshop
from cxdesk.store.database import Database
from tests.room_helpers import open_room, stored_answers, stored_names

# Debian's packages (.ci/run installs them): never a browser some tool downloads.
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
PHONE = {"width": 390, "height": 844}
WAIT = 10.0

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
    reason="Debian's chromium and chromium-driver are not installed "
    "(apt-get install chromium chromium-driver; .ci/run does it)",
)

# Selenium Manager downloads a browser or driver it cannot find; it must find ours or fail.
os.environ["SE_OFFLINE"] = "true"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    """One headless chromium for the module (starting one costs a second); each test
    clears what a phone keeps (cookies; local storage is per server, so per test).

    Its profile and its temporary files (the org.chromium.Chromium.* folder of its
    single-instance socket, left behind on quit) go under pytest's temporary folder,
    which pytest prunes, not into /tmp, a folder per run."""
    own = tmp_path_factory.mktemp("chromium")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    options.add_argument(f"--user-data-dir={own / 'profile'}")
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where chromium's sandbox will not start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
    ):
        options.add_argument(argument)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {**PHONE, "pixelRatio": 2}}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    (own / "tmp").mkdir()
    service = Service(
        executable_path=str(CHROMEDRIVER), env={**os.environ, "TMPDIR": str(own / "tmp")}
    )
    driver = webdriver.Chrome(options=options, service=service)
    try:
        yield driver
    finally:
        driver.quit()
    assert service.process is None or service.process.poll() is not None


@pytest.fixture
def phone(browser: WebDriver) -> WebDriver:
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    _emulate(browser, PHONE["width"], PHONE["height"], "light")
    _network(browser, online=True)
    console(browser)  # forget the last test's console
    return browser


# -- what the phone shows ---------------------------------------------------------------


def _emulate(driver: WebDriver, width: int, height: int, scheme: str) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
    )
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )


def _network(driver: WebDriver, *, online: bool) -> None:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": not online, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def shown_page(driver: WebDriver) -> str:
    """The page the phone shows: "pin", "name", "waiting", "statement", "closed"..."""
    found: str = driver.execute_script(
        "var p = document.querySelector('.page:not([hidden])');"
        "return p ? p.id.replace('page-', '') : '';"
    )
    return found


def wait_until(driver: WebDriver, ready: Callable[[], Any], what: str) -> None:
    WebDriverWait(driver, WAIT, poll_frequency=0.02).until(
        lambda _d: ready(), f"the phone never showed {what} (it shows {shown_page(driver)!r})"
    )


def wait_page(driver: WebDriver, page: str) -> None:
    wait_until(driver, lambda: shown_page(driver) == page, f"the {page} page")


def text(driver: WebDriver, element_id: str) -> str:
    found: str = driver.find_element(By.ID, element_id).text
    return found


def wait_text(driver: WebDriver, element_id: str, expected: str) -> None:
    wait_until(driver, lambda: text(driver, element_id) == expected, repr(expected))


def score_buttons(driver: WebDriver) -> dict[int, Any]:
    return {
        int(b.get_attribute("data-score") or "-1"): b
        for b in driver.find_elements(By.CSS_SELECTOR, "#scale button")
    }


def chosen(driver: WebDriver) -> list[int]:
    return [
        s for s, b in score_buttons(driver).items() if b.get_attribute("aria-pressed") == "true"
    ]


def saved_line(driver: WebDriver) -> tuple[str, str]:
    line = driver.find_element(By.ID, "saved")
    return line.text, line.get_attribute("class") or ""


def tap_score(driver: WebDriver, score: int) -> None:
    """Tap a score and wait for "Answer saved", which the page shows after the server's 200."""
    score_buttons(driver)[score].click()
    wait_until(
        driver,
        lambda: chosen(driver) == [score] and saved_line(driver) == ("Answer saved", "saved ok"),
        f"{score} saved",
    )


def join(driver: WebDriver, name: str) -> None:
    wait_page(driver, "name")
    field = driver.find_element(By.ID, "name")
    field.clear()
    field.send_keys(name)
    driver.find_element(By.ID, "join").click()


def shoot(driver: WebDriver, name: str) -> None:
    """Save the page at 390 and 320 px wide, light and dark, when CXDESK_PHONE_SHOTS is set."""
    folder = os.environ.get("CXDESK_PHONE_SHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width, height in ((390, 844), (320, 640)):
        for scheme in ("light", "dark"):
            _emulate(driver, width, height, scheme)
            driver.save_screenshot(str(Path(folder) / f"{name}-{width}-{scheme}.png"))
    _emulate(driver, PHONE["width"], PHONE["height"], "light")


def console(driver: WebDriver) -> list[dict[str, Any]]:
    """The page's console since the last call (selenium leaves get_log untyped)."""
    entries: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return entries


def console_problems(driver: WebDriver) -> list[str]:
    """What the page's console said went wrong, less the refusals the test provoked
    (the browser logs every 4xx reply as a failed resource)."""
    return [
        entry["message"]
        for entry in console(driver)
        if entry["level"] == "SEVERE"
        and "the server responded with a status of" not in entry["message"]
    ]


# -- a workshop, phone in hand --------------------------------------------------------


def test_a_phone_joins_by_the_qr_code_answers_every_statement_resumes_and_changes_an_answer(
    db: Database, phone: WebDriver
) -> None:
    with open_room(db) as room:
        statements = room.quiz.statements
        phone.get(room.server.url)  # what the QR code says: the address and the PIN
        join(phone, "Zoë")
        wait_page(phone, "waiting")
        assert text(phone, "waiting-heading") == "You’re in"
        assert text(phone, "waiting-name") == "Joined as Zoë"
        assert stored_names(db, room.session.id) == ["Zoë"]
        shoot(phone, "waiting")

        given: dict[int, int] = {}
        for number, (statement, score) in enumerate(
            zip(statements, (4, 2, 5, 3, 1), strict=True), start=1
        ):
            room.server.show_statement(statement.id)
            wait_text(phone, "progress", f"Statement {number} of 5")
            assert text(phone, "statement") == statement.text
            assert sorted(score_buttons(phone)) == [1, 2, 3, 4, 5]
            assert chosen(phone) == []
            if number == 1:
                shoot(phone, "statement")
            tap_score(phone, score)
            given[statement.id] = score
            # "Answer saved" came after the server's reply, which came after the commit.
            assert stored_answers(db, room.session.id) == {("Zoë", k): v for k, v in given.items()}
            if number == 1:
                shoot(phone, "saved")
            if number == 3:
                # The phone reloads (a lock screen, a closed tab), and its browser lost the
                # cookie as the iOS captive-portal browser may: back where it was, with its
                # answer, as the same participant (the token kept in local storage).
                phone.execute_cdp_cmd("Network.clearBrowserCookies", {})
                phone.refresh()
                wait_page(phone, "statement")
                assert text(phone, "progress") == "Statement 3 of 5"
                assert chosen(phone) == [5]
                assert saved_line(phone) == ("Answer saved", "saved ok")
                # ... and changes its mind: the database holds the last answer.
                tap_score(phone, 2)
                given[statement.id] = 2
                assert stored_answers(db, room.session.id)[("Zoë", statement.id)] == 2
                assert stored_names(db, room.session.id) == ["Zoë"]

        room.server.set_voting(False)
        wait_page(phone, "closed")
        assert text(phone, "closed-progress") == "Statement 5 of 5"
        assert text(phone, "closed-answer").split() == ["1", "Strongly", "disagree"]
        shoot(phone, "closed")

        # The desktop side: one participant, her five answers, the results they make.
        room.wait_for(ParticipantJoined)
        saved = room.wait_for(AnswersSaved, 6)
        assert saved[-1].answered == {s.id: 1 for s in statements}
        results = workshop.load_session_results(db, room.session.id)
        assert results is not None
        assert [p.name for p in results.participants] == ["Zoë"]
        assert results.answers == ((4, 2, 2, 3, 1),)
        assert results.results.totals == (12,)
        assert [d[2] for d in results.results.distributions] == [0, 1, 1, 0, 0]

        room.server.stop()  # the presenter ends the session: the phone thanks them
        wait_page(phone, "thanks")
        assert text(phone, "thanks-text") == "Your answers are saved."
        shoot(phone, "thanks")
    assert console_problems(phone) == []


def test_a_phone_without_the_pin_types_it_and_a_wrong_pin_is_refused_in_words(
    db: Database, phone: WebDriver
) -> None:
    with open_room(db) as room:
        phone.get(f"{room.base}/")
        wait_page(phone, "pin")
        shoot(phone, "pin")
        wrong = "0000" if room.server.pin != "0000" else "1111"
        phone.find_element(By.ID, "pin").send_keys(wrong)
        phone.find_element(By.CSS_SELECTOR, "#pin-form button").click()
        join(phone, "")
        wait_page(phone, "pin")
        assert text(phone, "pin-error").startswith("That PIN is not right.")
        assert stored_names(db, room.session.id) == []
        shoot(phone, "pin-wrong")

        field = phone.find_element(By.ID, "pin")
        field.clear()
        field.send_keys(room.server.pin)
        phone.find_element(By.CSS_SELECTOR, "#pin-form button").click()
        wait_page(phone, "name")
        shoot(phone, "name")
        join(phone, "")  # no name: anonymous
        wait_page(phone, "waiting")
        assert text(phone, "waiting-name") == ""
        assert stored_names(db, room.session.id) == [""]
    assert console_problems(phone) == []


def test_a_locked_lobby_turns_a_newcomer_away_in_words(db: Database, phone: WebDriver) -> None:
    with open_room(db) as room:
        room.server.set_lobby_locked(True)
        phone.get(room.server.url)
        join(phone, "Late Larry")
        wait_page(phone, "error")
        assert text(phone, "error-text").startswith("The room is closed to newcomers.")
        assert stored_names(db, room.session.id) == []
        shoot(phone, "error")


def test_a_phone_that_did_not_answer_sees_voting_closed_then_removed_and_back_by_undo(
    db: Database, phone: WebDriver
) -> None:
    with open_room(db) as room:
        phone.get(room.server.url)
        join(phone, "Spam <b>Bot</b>")
        wait_page(phone, "waiting")
        room.server.show_statement(room.statements[1])
        wait_page(phone, "statement")
        room.server.set_voting(False)
        wait_page(phone, "closed")
        assert text(phone, "closed-answer") == "You did not answer this one."

        joined = room.wait_for(ParticipantJoined)[0]
        room.server.remove_participant(joined.participant_id)
        wait_page(phone, "removed")
        assert text(phone, "removed-heading") == "You were removed"
        # The server's words ("You were removed from this room...") repeat the heading.
        assert text(phone, "removed-text") == ""
        shoot(phone, "removed")
        # The consultant undoes the deletion: the page shows the room again, as it was.
        room.server.restore_participant(joined.participant_id)
        wait_page(phone, "closed")
        assert text(phone, "closed-answer") == "You did not answer this one."
        room.server.remove_participant(joined.participant_id)
        wait_page(phone, "removed")
        phone.refresh()  # coming back does not let them in again
        wait_page(phone, "removed")
        assert text(phone, "removed-heading") == "You were removed"
        assert stored_answers(db, room.session.id) == {}
    assert console_problems(phone) == []


def test_the_page_shows_any_text_as_text_fits_320_px_and_follows_the_dark_scheme(
    db: Database, phone: WebDriver
) -> None:
    hostile = "نقيس تجربة العميل في كل مرحلة <img src=x id=injected>"
    quiz = quizzes.add_quiz(
        db,
        "Équipe <script>alert(1)</script>",
        0,
        10,
        (hostile, "We share bad news early."),
        (Band(0, 10, "Early", "Start small."), Band(11, 20, "Settled", "Keep going.")),
    )
    day = date(2026, 3, 12)
    session = perform(db, ops.add_session(quiz.id, None, "Retro", day, SessionMode.PHONES)).value
    with open_room(db, session) as room:
        _emulate(phone, 320, 640, "light")
        phone.get(room.server.url)
        join(phone, "عائشة")
        wait_page(phone, "waiting")
        room.server.show_statement(room.statements[0])
        wait_page(phone, "statement")
        assert text(phone, "statement") == hostile
        assert text(phone, "title") == "Équipe <script>alert(1)</script>"
        assert phone.find_elements(By.ID, "injected") == []
        # dir="auto": a statement in Arabic reads right to left.
        assert _style(phone, "statement", "direction") == "rtl"
        assert sorted(score_buttons(phone)) == list(range(11))
        assert phone.find_element(By.CSS_SELECTOR, "#scale .ends").text.split("\n") == [
            "0 – Strongly disagree",
            "10 – Strongly agree",
        ]
        tap_score(phone, 8)
        assert stored_answers(db, room.session.id) == {("عائشة", room.statements[0]): 8}
        shoot(phone, "wide-scale")
        _emulate(phone, 320, 640, "light")

        # Nothing sticks out sideways at 320 px, and every score is a thumb-sized target.
        assert phone.execute_script("return document.documentElement.scrollWidth") <= 320
        for button in score_buttons(phone).values():
            assert button.size["height"] >= 48
            assert button.size["width"] >= 40
        light = _style(phone, "page-statement", "color")
        _emulate(phone, 320, 640, "dark")
        assert _luminance(_style_of_body(phone)) < 0.1
        assert _style(phone, "page-statement", "color") != light
    assert console_problems(phone) == []


def _style(driver: WebDriver, element_id: str, prop: str) -> str:
    found: str = driver.execute_script(
        "return getComputedStyle(document.getElementById(arguments[0]))[arguments[1]];",
        element_id,
        prop,
    )
    return found


def _style_of_body(driver: WebDriver) -> str:
    found: str = driver.execute_script("return getComputedStyle(document.body).backgroundColor;")
    return found


def _luminance(css: str) -> float:
    """Relative brightness 0..1 of an rgb(...) colour (rough: no gamma)."""
    red, green, blue = (int(part) for part in css[css.index("(") + 1 : -1].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_a_phone_that_goes_offline_says_so_keeps_its_tap_and_catches_up_when_back(
    db: Database, phone: WebDriver
) -> None:
    with open_room(db) as room:
        first, second = room.statements[:2]
        phone.get(room.server.url)
        join(phone, "Ana")
        room.server.show_statement(first)
        wait_page(phone, "statement")
        assert not _reconnecting(phone)

        _network(phone, online=False)  # the phone leaves the Wi-Fi (or sleeps)
        wait_until(phone, lambda: _reconnecting(phone), "reconnecting")
        assert text(phone, "connection") == "Reconnecting…"
        # A tap meanwhile is kept, and said to be on its way, not saved.
        score_buttons(phone)[4].click()
        assert saved_line(phone) == ("Saving…", "saved pending")
        assert stored_answers(db, room.session.id) == {}
        shoot(phone, "reconnecting")
        _network(phone, online=True)
        wait_until(phone, lambda: saved_line(phone)[0] == "Answer saved", "the tap saved")
        assert stored_answers(db, room.session.id) == {("Ana", first): 4}
        wait_until(phone, lambda: not _reconnecting(phone), "online")

        _network(phone, online=False)
        wait_until(phone, lambda: _reconnecting(phone), "reconnecting")
        room.server.show_statement(second)  # the room moves on meanwhile
        assert text(phone, "progress") == "Statement 1 of 5"  # it cannot know yet
        _network(phone, online=True)
        wait_text(phone, "progress", "Statement 2 of 5")
        wait_until(phone, lambda: not _reconnecting(phone), "online")
        tap_score(phone, 3)
        assert stored_answers(db, room.session.id) == {("Ana", first): 4, ("Ana", second): 3}


def _reconnecting(driver: WebDriver) -> bool:
    shown: bool = driver.find_element(By.ID, "connection").is_displayed()
    return shown
