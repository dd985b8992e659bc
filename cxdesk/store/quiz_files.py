"""Quiz files: export a quiz to, and import one from, a small documented JSON file.

Quiz files (:func:`export_quiz`, :func:`import_quiz`) are small UTF-8 JSON documents::

    {
      "format": "cxdesk-quiz",
      "version": 1,
      "title": "CX Self-Assessment",
      "scale": {"min": 1, "max": 5},
      "statements": ["We co-create success definitions with the customer", "..."],
      "bands": [{"low": 21, "high": 25, "label": "Experience-first delivery pro",
                 "advice": "Keep it up..."}, "..."]
    }

Every key is required except a band's ``advice`` (default empty); unknown keys are
refused, so a typo ("statments") is not silently dropped. Bands must cover every
possible total exactly once. A file of a newer ``version`` is refused, not guessed at.
The file is treated as hostile: size-limited, strictly typed, nothing half-imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from cxdesk.models.quiz import Band
from cxdesk.models.records import QuizRecord
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.quizzes import QuizContent, check_quiz, get_quiz, insert_quiz, is_whole_number

QUIZ_FILE_FORMAT = "cxdesk-quiz"
QUIZ_FILE_VERSION = 1
QUIZ_FILE_MAX_BYTES = 256 * 1024


# --- quiz files ----------------------------------------------------------------------


def export_quiz(db: Database, quiz_id: int) -> dict[str, Any]:
    """The quiz as a quiz file's content (``json.dumps`` it to save)."""
    quiz = get_quiz(db, quiz_id)
    if quiz is None:
        raise EditRefused("That quiz no longer exists (it may have been deleted).")
    return {
        "format": QUIZ_FILE_FORMAT,
        "version": QUIZ_FILE_VERSION,
        "title": quiz.title,
        "scale": {"min": quiz.scale_min, "max": quiz.scale_max},
        "statements": [st.text for st in quiz.statements],
        "bands": [
            {"low": b.low, "high": b.high, "label": b.label, "advice": b.advice} for b in quiz.bands
        ],
    }


def _file_problem(message: str) -> EditRefused:
    return EditRefused(f"This quiz file cannot be imported: {message}")


def _check_keys(
    value: Any, required: Iterable[str], optional: Iterable[str], where: str
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _file_problem(f"{where} must be an object ({{...}}).")
    required = list(required)
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        names = ", ".join(f"“{k}”" for k in unknown)
        raise _file_problem(f"{where} has keys CX Desk does not know: {names}.")
    missing = [k for k in required if k not in value]
    if missing:
        names = ", ".join(f"“{k}”" for k in missing)
        raise _file_problem(f"{where} is missing {names}.")
    return value


def _whole(value: Any, where: str) -> int:
    if not is_whole_number(value):
        raise _file_problem(f"{where} must be a whole number.")
    return int(value)


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise _file_problem(f"{where} must be text.")
    return value


def read_quiz_file(data: bytes | str) -> QuizContent:
    """A quiz file's content, checked as strictly as the quiz editor checks, or refused."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > QUIZ_FILE_MAX_BYTES:
        raise _file_problem(
            f"it is {len(raw) / 1024:,.0f} KB, larger than a quiz file can be "
            f"({QUIZ_FILE_MAX_BYTES // 1024} KB)."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_problem("it is not a text file (UTF-8).") from exc
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = (
            f" (line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise _file_problem(f"it is not valid JSON{where}.") from exc
    if not isinstance(document, dict) or document.get("format") != QUIZ_FILE_FORMAT:
        raise _file_problem(f"it is not a CX Desk quiz file (no “format”: “{QUIZ_FILE_FORMAT}”).")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _file_problem("its “version” must be a whole number, 1 or more.")
    if version > QUIZ_FILE_VERSION:
        raise _file_problem(
            f"it was made by a newer CX Desk (quiz file version {version}; this one reads "
            f"version {QUIZ_FILE_VERSION}). Update CX Desk to import it."
        )
    _check_keys(
        document,
        ("format", "version", "title", "scale", "statements", "bands"),
        (),
        "The file",
    )
    title = _text(document["title"], "“title”")
    scale = _check_keys(document["scale"], ("min", "max"), (), "“scale”")
    scale_min = _whole(scale["min"], "“scale” “min”")
    scale_max = _whole(scale["max"], "“scale” “max”")
    statements = document["statements"]
    if not isinstance(statements, list):
        raise _file_problem("“statements” must be a list of texts.")
    texts = [_text(st, f"Statement {i}") for i, st in enumerate(statements, start=1)]
    bands_given = document["bands"]
    if not isinstance(bands_given, list):
        raise _file_problem("“bands” must be a list.")
    bands = []
    for i, entry in enumerate(bands_given, start=1):
        where = f"Band {i}"
        band = _check_keys(entry, ("low", "high", "label"), ("advice",), where)
        bands.append(
            Band(
                _whole(band["low"], f"{where} “low”"),
                _whole(band["high"], f"{where} “high”"),
                _text(band["label"], f"{where} “label”"),
                _text(band.get("advice", ""), f"{where} “advice”"),
            )
        )
    try:
        return check_quiz(title, scale_min, scale_max, texts, bands)
    except EditRefused as refusal:
        raise _file_problem(refusal.message) from refusal


def import_quiz(db: Database, data: bytes | str) -> QuizRecord:
    """Add the quiz in a quiz file as a new quiz; a bad file is refused whole."""
    content = read_quiz_file(data)
    with db.transaction() as s:
        return insert_quiz(s, content, copied_from_id=None)
