"""Operations on workshop quizzes: the built-in one, custom ones, copies.

A quiz whose sessions exist, and the built-in quiz, are not changed in place: their
results would silently change meaning. Edit a copy instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from cxdesk.language import DEFAULT_LANGUAGE, available_languages, translator
from cxdesk.models.base import table_of
from cxdesk.models.constraints import storable
from cxdesk.models.quiz import (
    BUILT_IN_QUIZ,
    Band,
    band_problems,
    built_in_quiz_in,
    scale_problem,
    total_range,
)
from cxdesk.models.records import (
    QuizRecord,
    QuizStatementRecord,
)
from cxdesk.models.workshop_entities import (
    Quiz,
    QuizBand,
    QuizStatement,
    WorkshopSession,
)
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.workspace import clean_name, get_or_refuse

STATEMENT_MAX = 1000
STATEMENTS_MAX = 100
BANDS_MAX = 50
ADVICE_MAX = 2000

BUILT_IN_UNCHANGEABLE = "The built-in quiz cannot be changed: edit a copy."
BUILT_IN_UNDELETABLE = "The built-in quiz cannot be deleted."


# --- records -------------------------------------------------------------------------


def quiz_record(s: Session, quiz: Quiz) -> QuizRecord:
    return quiz_records(s, [quiz])[0]


def quiz_records(s: Session, quizzes: Sequence[Quiz]) -> list[QuizRecord]:
    ids = [q.id for q in quizzes]
    statements: dict[int, list[QuizStatementRecord]] = defaultdict(list)
    # Plain columns, not ORM objects: the results are re-read after every answer.
    for quiz_id, statement_id, position, text in s.execute(
        select(QuizStatement.quiz_id, QuizStatement.id, QuizStatement.position, QuizStatement.text)
        .where(QuizStatement.quiz_id.in_(ids))
        .order_by(QuizStatement.position, QuizStatement.id)
    ):
        statements[quiz_id].append(QuizStatementRecord(statement_id, position, text))
    bands: dict[int, list[Band]] = defaultdict(list)
    for quiz_id, low, high, label, advice in s.execute(
        select(QuizBand.quiz_id, QuizBand.low, QuizBand.high, QuizBand.label, QuizBand.advice)
        .where(QuizBand.quiz_id.in_(ids))
        .order_by(QuizBand.low, QuizBand.id)
    ):
        bands[quiz_id].append(Band(low, high, label, advice))
    return [
        QuizRecord(
            id=q.id,
            title=q.title,
            scale_min=q.scale_min,
            scale_max=q.scale_max,
            built_in=q.built_in,
            copied_from_id=q.copied_from_id,
            created_at=q.created_at,
            statements=tuple(statements[q.id]),
            bands=tuple(bands[q.id]),
        )
        for q in quizzes
    ]


# --- validating a quiz's content -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuizContent:
    """A quiz's content, checked: what :func:`add_quiz` and :func:`update_quiz` store."""

    title: str
    scale_min: int
    scale_max: int
    statements: tuple[str, ...]
    bands: tuple[Band, ...]


def is_whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


BAND_LIMIT = 1_000_000  # far beyond any total (100 statements x 10), within SQLite's int


def check_quiz(
    title: str,
    scale_min: int,
    scale_max: int,
    statements: Sequence[str],
    bands: Sequence[Band],
) -> QuizContent:
    """The content tidied, or :class:`EditRefused` naming every problem (one per line).

    The quiz editor calls this as the consultant types, to explain what to fix in place.
    """
    title = clean_name(title, "quiz")
    texts = [title, *statements, *(b.label for b in bands if isinstance(b, Band))]
    texts += [b.advice for b in bands if isinstance(b, Band)]
    if not all(storable(t) for t in texts if isinstance(t, str)):
        raise EditRefused(
            "The quiz contains characters that cannot be stored (a broken character or "
            "a NUL): retype that text."
        )
    if not (is_whole_number(scale_min) and is_whole_number(scale_max)):
        raise EditRefused("The scale runs between two whole numbers, for example 1 to 5.")
    problems: list[str] = []
    problem = scale_problem(scale_min, scale_max)
    if problem:
        problems.append(problem)
    cleaned: list[str] = []
    for number, text in enumerate(statements, start=1):
        if not isinstance(text, str):
            raise EditRefused(f"Statement {number} is not text.")
        text = " ".join(text.split())
        if not text:
            problems.append(f"Statement {number} is empty: write it, or delete it.")
        elif len(text) > STATEMENT_MAX:
            problems.append(
                f"Statement {number} is too long (at most {STATEMENT_MAX:,} characters)."
            )
        cleaned.append(text)
    if not cleaned:
        problems.append("A quiz needs at least one statement.")
    elif len(cleaned) > STATEMENTS_MAX:
        problems.append(f"A quiz has at most {STATEMENTS_MAX} statements.")
    if len(bands) > BANDS_MAX:
        problems.append(f"A quiz has at most {BANDS_MAX} bands.")
    tidy_bands: list[Band] = []
    for band in bands:
        if not isinstance(band, Band) or not (
            is_whole_number(band.low) and is_whole_number(band.high)
        ):
            raise EditRefused("A band runs between two whole-number totals.")
        if not (-BAND_LIMIT <= band.low <= BAND_LIMIT and -BAND_LIMIT <= band.high <= BAND_LIMIT):
            raise EditRefused(
                f"A band's totals lie within ±{BAND_LIMIT:,}; {band.low} to {band.high} does not."
            )
        if not isinstance(band.label, str) or not isinstance(band.advice, str):
            raise EditRefused("A band's label and advice are text.")
        label = " ".join(band.label.split())
        if len(label) > 200:
            problems.append(f"The band label “{label[:40]}…” is too long (at most 200 characters).")
        if len(band.advice) > ADVICE_MAX:
            problems.append(
                f"The advice of “{label}” is too long (at most {ADVICE_MAX:,} characters)."
            )
        tidy_bands.append(Band(band.low, band.high, label, band.advice.strip()))
    if not problem and cleaned and len(cleaned) <= STATEMENTS_MAX and len(bands) <= BANDS_MAX:
        problems.extend(band_problems(tidy_bands, *total_range(len(cleaned), scale_min, scale_max)))
    if problems:
        raise EditRefused("\n".join(problems))
    return QuizContent(
        title,
        scale_min,
        scale_max,
        tuple(cleaned),
        tuple(sorted(tidy_bands, key=lambda b: b.low)),
    )


def _write_content(s: Session, quiz_id: int, content: QuizContent) -> None:
    s.add_all(
        QuizStatement(quiz_id=quiz_id, position=i, text=text)
        for i, text in enumerate(content.statements)
    )
    s.add_all(
        QuizBand(quiz_id=quiz_id, low=b.low, high=b.high, label=b.label, advice=b.advice)
        for b in content.bands
    )


def _session_count(s: Session, quiz_id: int) -> int:
    return int(s.scalar(select(func.count()).where(WorkshopSession.quiz_id == quiz_id)) or 0)


def _sessions_phrase(n: int) -> str:
    return f"{n} session" if n == 1 else f"{n} sessions"


# --- quizzes -------------------------------------------------------------------------


def ensure_built_in_quiz(db: Database) -> QuizRecord:
    """The built-in CX Self-Assessment, created the first time it is asked for."""
    with db.transaction() as s:
        return quiz_record(s, built_in_quiz(s))


def built_in_quiz(s: Session) -> Quiz:
    """The built-in quiz's row, written within the caller's transaction if missing."""
    quiz = s.scalars(select(Quiz).where(Quiz.built_in.is_(True)).order_by(Quiz.id)).first()
    if quiz is None:
        quiz = Quiz(
            title=BUILT_IN_QUIZ.title,
            scale_min=BUILT_IN_QUIZ.scale_min,
            scale_max=BUILT_IN_QUIZ.scale_max,
            built_in=True,
        )
        s.add(quiz)
        s.flush()
        content = QuizContent(
            BUILT_IN_QUIZ.title,
            BUILT_IN_QUIZ.scale_min,
            BUILT_IN_QUIZ.scale_max,
            BUILT_IN_QUIZ.statements,
            BUILT_IN_QUIZ.bands,
        )
        _write_content(s, quiz.id, content)
        s.flush()
    return quiz


def list_quizzes(db: Database) -> list[QuizRecord]:
    """The built-in quiz first, then the others by title."""
    with db.reading() as s:
        quizzes = s.scalars(
            select(Quiz).order_by(Quiz.built_in.desc(), func.lower(Quiz.title), Quiz.id)
        ).all()
        return quiz_records(s, quizzes)


def get_quiz(db: Database, quiz_id: int) -> QuizRecord | None:
    with db.reading() as s:
        quiz = s.get(Quiz, quiz_id)
        return quiz_record(s, quiz) if quiz else None


def add_quiz(
    db: Database,
    title: str,
    scale_min: int,
    scale_max: int,
    statements: Sequence[str],
    bands: Sequence[Band],
) -> QuizRecord:
    content = check_quiz(title, scale_min, scale_max, statements, bands)
    with db.transaction() as s:
        return insert_quiz(s, content, copied_from_id=None)


def insert_quiz(s: Session, content: QuizContent, copied_from_id: int | None) -> QuizRecord:
    quiz = Quiz(
        title=content.title,
        scale_min=content.scale_min,
        scale_max=content.scale_max,
        copied_from_id=copied_from_id,
    )
    s.add(quiz)
    s.flush()
    _write_content(s, quiz.id, content)
    s.flush()
    return quiz_record(s, quiz)


def copy_quiz(
    db: Database, quiz_id: int, title: str | None = None, language: str | None = None
) -> QuizRecord:
    """A copy to edit (of the built-in quiz, or of one already used in sessions).

    A copy of the built-in quiz made in ``language`` (a toolkit language code other than
    English) has its statements, band labels and advice in that language, from the
    toolkit catalogues; what is stored is the quiz's own text from then on, never
    translated again. The language is implied by that text (:func:`quiz_language`): no
    column records it. For any other quiz ``language`` is ignored: user text is never
    translated.
    """
    tr = translator(language) if language else None  # UnknownLanguage before writing
    with db.transaction() as s:
        original = quiz_record(s, get_or_refuse(s, Quiz, quiz_id, "quiz"))
        if original.built_in and tr is not None and tr.code != DEFAULT_LANGUAGE:
            said = built_in_quiz_in(tr)
            content = QuizContent(
                clean_name(title if title is not None else said.title, "quiz"),
                said.scale_min,
                said.scale_max,
                said.statements,
                said.bands,
            )
            return insert_quiz(s, content, copied_from_id=quiz_id)
        if title is None:
            title = f"{original.title} (copy)"[:200]
        content = QuizContent(
            clean_name(title, "quiz"),
            original.scale_min,
            original.scale_max,
            tuple(st.text for st in original.statements),
            original.bands,
        )
        return insert_quiz(s, content, copied_from_id=quiz_id)


def quiz_language(quiz: QuizRecord) -> str | None:
    """The toolkit language whose built-in quiz this quiz's statements are, word for word
    (English for the built-in quiz itself); None for a quiz of the consultant's own words.
    A quiz keeps the language it was made in through its stored text."""
    statements = tuple(st.text for st in quiz.statements)
    for code in available_languages():
        if built_in_quiz_in(translator(code)).statements == statements:
            return code
    return None


def update_quiz(
    db: Database,
    quiz_id: int,
    title: str,
    scale_min: int,
    scale_max: int,
    statements: Sequence[str],
    bands: Sequence[Band],
    shown: QuizRecord | None = None,
) -> QuizRecord:
    """Replace a quiz's title, scale, statements and bands, all at once.

    Refused for the built-in quiz, and for a quiz with sessions unless only its title
    changes (renaming does not change what their results mean). Given ``shown`` (the
    quiz as the editor showed it), refused (:class:`StaleRow`) when somebody changed it
    since: its statements and bands are rewritten whole, so they are compared, not the
    quiz row's version (which an edit of only its statements leaves as it was).
    """
    content = check_quiz(title, scale_min, scale_max, statements, bands)
    with db.transaction() as s:
        # Held to the commit when checked: a colleague's save not committed yet is waited
        # for, then compared with (see get_or_refuse).
        quiz = get_or_refuse(s, Quiz, quiz_id, "quiz", lock=shown is not None)
        if quiz.built_in:
            raise EditRefused(BUILT_IN_UNCHANGEABLE)
        current = quiz_record(s, quiz)
        if shown is not None and quiz_content(current) != quiz_content(shown):
            raise StaleRow("quiz")
        same_questions = (
            (current.scale_min, current.scale_max) == (content.scale_min, content.scale_max)
            and tuple(st.text for st in current.statements) == content.statements
            and current.bands == content.bands
        )
        sessions = _session_count(s, quiz_id)
        if sessions and not same_questions:
            raise EditRefused(
                f"“{current.title}” has {_sessions_phrase(sessions)}: edit a copy so their "
                "results keep their meaning."
            )
        quiz.title = content.title
        if not same_questions:
            quiz.scale_min, quiz.scale_max = content.scale_min, content.scale_max
            s.execute(delete(QuizStatement).where(QuizStatement.quiz_id == quiz_id))
            s.execute(delete(QuizBand).where(QuizBand.quiz_id == quiz_id))
            _write_content(s, quiz_id, content)
        s.flush()
        return quiz_record(s, quiz)


def quiz_content(quiz: QuizRecord) -> dict[str, Any]:
    """What a person edits of a quiz, by field: title, scale, statements and bands."""
    return {
        "title": quiz.title,
        "scale": f"{quiz.scale_min}–{quiz.scale_max}",
        "statements": "\n".join(st.text for st in quiz.statements),
        "bands": "\n".join(f"{b.low}–{b.high} {b.label}: {b.advice}" for b in quiz.bands),
    }


def delete_quiz(db: Database, quiz_id: int) -> None:
    with db.transaction() as s:
        quiz = get_or_refuse(s, Quiz, quiz_id, "quiz")
        if quiz.built_in:
            raise EditRefused(BUILT_IN_UNDELETABLE)
        sessions = _session_count(s, quiz_id)
        if sessions:
            raise EditRefused(
                f"“{quiz.title}” has {_sessions_phrase(sessions)}: delete them first, "
                "or keep the quiz."
            )
        table = table_of(Quiz)  # its statements and bands go with it (ON DELETE CASCADE)
        s.execute(delete(table).where(table.c.id == quiz_id))
