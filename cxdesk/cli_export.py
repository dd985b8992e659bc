"""``cxdesk export``: the Expectation Management Toolkit as a PDF, with no window at all.

    cxdesk export --engagement "Customer portal rollout" --out toolkit.pdf
    cxdesk export -e "Customer portal rollout" --edition internal --out ours.pdf
    cxdesk export --blank --out templates.pdf --sections kickoff,feedback
    cxdesk export --list-sections

The client edition is the default: no names, no internal notes, none of our team's own
scores (``cxdesk.models.client_edition``); the internal edition prints everything and is
marked "Internal — not for the client" on every page.

Everything a person can get wrong (an unknown or ambiguous engagement, a bad section name,
a folder that cannot be written, a database that is refused) ends with one clear message
on stderr and exit status 2; nothing is written then. So does a bug: one sentence, and
the traceback in the log file, never on the terminal. No Qt here: this runs on a server or
in a script, and ``cxdesk.app`` hands over to it before creating a QApplication.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from cxdesk.language import DEFAULT_LANGUAGE, UnknownLanguage, available_languages, translator
from cxdesk.models.brand import DEFAULT_BRAND, Brand, PageSize
from cxdesk.models.edition import CLIENT_EDITION, INTERNAL_MARK, Edition, EditionChoice
from cxdesk.models.records import ClientRecord, EngagementRecord
from cxdesk.models.template_layout import (
    DEFAULT_LAYOUT,
    KICKOFF_ROWS_DEFAULT,
    KICKOFF_ROWS_MAX,
    KICKOFF_ROWS_MIN,
    TemplateLayout,
    parse_kickoff_rows,
)
from cxdesk.models.wording import counted
from cxdesk.store.paths import database_path_argument, default_database_path

if TYPE_CHECKING:
    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.reports.document import ToolkitResult
    from cxdesk.store.database import Database

EXIT_OK = 0
EXIT_REFUSED = 2  # the same status the app uses for a refused database
EXIT_INTERRUPTED = 130  # the shell's own status for a Ctrl+C
TOOLKIT_TITLE = "Expectation Management Toolkit"
# Characters no file system we ship to accepts in a name (Windows is the strictest).
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
LISTED_MAX = 40  # engagements named in a message; a terminal screen, not a report
_NAME_MAX_BYTES = 200  # under the usual 255-byte limit, leaving room for " (2)" and ".pdf"


class ExportProblem(Exception):
    """Something the person asked for cannot be done; ``message`` says what and why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ExportRequest:
    """The command line, checked: everything needed to open the database and build."""

    db: Path | str  # a file, or a team workspace's address (text: Path folds its "//")
    out: Path
    engagement: str | None
    blank: bool
    sections: tuple[str, ...] | None  # None = every section that applies
    page_size: PageSize | None  # None = the brand's
    layout: TemplateLayout = DEFAULT_LAYOUT  # the blank templates' rows
    edition: EditionChoice = CLIENT_EDITION
    # A code of cxdesk.language.available_languages(); None: the engagement's own (chosen
    # for it in the app, schema 0015), English when none was chosen and for blank templates.
    language: str | None = None


# -- names ----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf", "Cs"})
    return re.sub(r"\s+", " ", _FORBIDDEN.sub(" ", text)).strip()


def safe_file_name(stem: str, suffix: str = ".pdf") -> str:
    """``stem`` made fit for any file system: forbidden characters out, length bounded."""
    text = _clean(stem).strip(" .")  # Windows drops trailing dots and spaces
    while len(text.encode("utf-8")) > _NAME_MAX_BYTES:
        text = text[:-1].rstrip(" .")
    return (text or TOOLKIT_TITLE) + suffix


def toolkit_file_name(
    client: ClientRecord | None,
    engagement: EngagementRecord | None,
    edition: Edition = Edition.CLIENT,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """The default name: "<Client> – <Engagement> – Expectation Management Toolkit.pdf",
    with " (internal)" for the internal edition: a file attached to an email says it.
    The toolkit's title is said in the toolkit's language, as on its pages: the client
    sees the file's name first ("… – Toolkit für Erwartungsmanagement.pdf"). " (internal)"
    stays English: that file is for our team, never the client's inbox."""
    tr = translator(language)
    toolkit = tr.gettext(TOOLKIT_TITLE)
    if client is None or engagement is None:
        return safe_file_name(f"{toolkit} – {tr.gettext('blank templates')}")
    # Bound each name on its own so a very long client name still leaves the engagement.
    parts = [_clean(client.name)[:60].strip(), _clean(engagement.name)[:80].strip()]
    title = toolkit + (" (internal)" if edition is Edition.INTERNAL else "")
    return safe_file_name(" – ".join([*(p for p in parts if p), title]))


# -- the command line -----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cxdesk export",
        description="Write the branded Expectation Management Toolkit as a PDF, without "
        "opening a window. The brand (firm, logo, colours, footer, page size) is the one "
        "set in the app under File > Brand settings.",
        epilog="Sections print in toolkit order whatever order they are given in. "
        "Exit status: 0 written, 2 refused (the message says why; nothing is written).",
    )
    parser.add_argument(
        "--engagement",
        "-e",
        metavar="NAME_OR_ID",
        help="the engagement: its id, its name, 'Client / Engagement', or a unique part "
        "of the name (case does not matter)",
    )
    parser.add_argument(
        "--out",
        "-o",
        type=Path,
        metavar="FILE.pdf",
        help="where to write the PDF; a folder gets the usual "
        "'<Client> – <Engagement> – Expectation Management Toolkit.pdf' inside it",
    )
    parser.add_argument(
        "--sections",
        "-s",
        action="append",
        metavar="A,B,C",
        help="only these sections (comma-separated, or the option repeated); "
        "default: every section that applies",
    )
    parser.add_argument(
        "--blank",
        action="store_true",
        help="blank printable templates, no engagement (only the sections that need none)",
    )
    parser.add_argument(
        "--language",
        type=language_argument,
        metavar="CODE",
        help="the language the toolkit prints in (words, dates, numbers): "
        + ", ".join(f"{code} ({name})" for code, name in available_languages().items())
        + "; when not given, the language chosen for the engagement in CX Desk (English "
        "when none was, and for --blank)",
    )
    parser.add_argument(
        "--edition",
        type=edition_argument,
        metavar="client|internal",
        help="client (the default): the room's results without names, no internal notes, "
        "none of our team's own scores; internal: everything, marked "
        f"'{INTERNAL_MARK}' on every page",
    )
    parser.add_argument(
        "--participant-rows",
        action="store_true",
        help="client edition: also print each workshop participant's answers and total, "
        "unnamed (Participant 1, 2, ...)",
    )
    parser.add_argument(
        "--team-vs-client",
        action="store_true",
        help="client edition: also print our team's gap beside the client's for each RATER "
        "dimension",
    )
    parser.add_argument(
        "--db",
        type=database_path_argument,
        metavar="PATH_OR_URL",
        help=f"the database file (default: {default_database_path()}), or a team "
        "workspace's address: postgresql+psycopg://user@server/dbname",
    )
    parser.add_argument(
        "--page-size",
        type=str.casefold,
        choices=["a4", "letter"],
        help="A4 or Letter, instead of the brand's page size",
    )
    parser.add_argument(
        "--kickoff-rows",
        type=kickoff_rows_argument,
        metavar="N",
        help="empty rows to write in, in the kickoff template's expectations and "
        f"revalidation dates when nothing is recorded yet ({KICKOFF_ROWS_MIN} to "
        f"{KICKOFF_ROWS_MAX}; default {KICKOFF_ROWS_DEFAULT})",
    )
    parser.add_argument(
        "--list-sections", action="store_true", help="list the section names and stop"
    )
    return parser


def language_argument(value: str) -> str:
    """``--language``'s code; an unknown one is refused in words naming those there are."""
    try:
        return translator(value).code
    except UnknownLanguage as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def edition_argument(value: str) -> Edition:
    """``--edition``'s value; anything else is refused in words (argparse prints them
    after the usage line, no traceback)."""
    try:
        return Edition(value.strip().casefold())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{value}” is not an edition. Choose client (for the client: no names, no "
            "internal notes, none of our team's own scores) or internal (everything, "
            f"marked “{INTERNAL_MARK}” on every page)."
        ) from None


def kickoff_rows_argument(value: str) -> int:
    """``--kickoff-rows``'s value; anything else is refused in words (argparse prints them
    after the usage line, no traceback)."""
    try:
        return parse_kickoff_rows(value)
    except ValueError as problem:
        raise argparse.ArgumentTypeError(str(problem)) from None


def section_listing() -> str:
    from cxdesk.reports.sections import SECTIONS

    width = max(len(spec.key) for spec in SECTIONS)
    lines = []
    for spec in SECTIONS:
        if spec.worksheet:
            note = "blank worksheet; in an engagement's toolkit when named"
        elif spec.needs_engagement:
            note = "needs an engagement"
        else:
            note = "blank template too"
        lines.append(f"{spec.key:<{width}}  {spec.title} ({note})")
    return "\n".join(lines)


def pick_sections(values: Sequence[str] | None, *, blank: bool) -> tuple[str, ...] | None:
    """The sections asked for, in toolkit order; None when none were named."""
    from cxdesk.reports.sections import SECTIONS

    if not values:
        return None
    wanted = {name.strip().casefold() for value in values for name in value.split(",")}
    wanted.discard("")
    if not wanted:
        raise ExportProblem("--sections names no section. " + _known_sections())
    known = {spec.key for spec in SECTIONS}
    unknown = sorted(wanted - known)
    if unknown:
        raise ExportProblem(
            f"Unknown section{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            + _known_sections()
        )
    chosen = tuple(spec for spec in SECTIONS if spec.key in wanted)
    if blank:
        need = [spec.key for spec in chosen if spec.needs_engagement]
        if need:
            raise ExportProblem(
                f"{', '.join(need)} {'needs' if len(need) == 1 else 'need'} an engagement's "
                "data, so it cannot print as a blank template. Leave out --blank and give "
                "--engagement, or choose from: "
                + ", ".join(spec.key for spec in SECTIONS if spec.blank_ok)
                + "."
            )
    return tuple(spec.key for spec in chosen)


def _known_sections() -> str:
    from cxdesk.reports.sections import SECTIONS

    return "Known sections: " + ", ".join(spec.key for spec in SECTIONS) + "."


def _ticks(args: argparse.Namespace) -> tuple[tuple[str, bool], ...]:
    return (
        ("--participant-rows", args.participant_rows),
        ("--team-vs-client", args.team_vs_client),
    )


def check_request(args: argparse.Namespace) -> ExportRequest:
    if args.blank and args.engagement is not None:
        raise ExportProblem(
            "Give either --engagement (the toolkit for that engagement) or --blank "
            "(templates with nothing filled in), not both."
        )
    if args.out is None:
        raise ExportProblem("Say where to write the PDF: --out FILE.pdf")
    ticks = [name for name, on in _ticks(args) if on]
    if args.blank and (args.edition is not None or ticks):
        given = ", ".join(["--edition"] * (args.edition is not None) + ticks)
        raise ExportProblem(
            f"Blank templates have no edition: nothing of an engagement is printed on "
            f"them. Leave out {given}, or give --engagement instead of --blank."
        )
    edition = EditionChoice(
        args.edition or Edition.CLIENT,
        participant_rows=args.participant_rows,
        team_vs_client=args.team_vs_client,
    )
    sections = pick_sections(args.sections, blank=args.blank)
    page_size = {"a4": PageSize.A4, "letter": PageSize.LETTER}.get(args.page_size or "")
    db = args.db if args.db is not None else default_database_path()
    return ExportRequest(
        db=db if isinstance(db, str) else Path(db).expanduser(),
        out=Path(args.out).expanduser(),
        engagement=args.engagement,
        blank=args.blank,
        sections=sections,
        page_size=page_size,
        layout=TemplateLayout(kickoff_rows=args.kickoff_rows or KICKOFF_ROWS_DEFAULT),
        edition=edition,
        language=args.language,
    )


# -- finding the engagement -----------------------------------------------------------------

Candidate = tuple[ClientRecord, EngagementRecord]


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def match_engagement(candidates: Sequence[Candidate], wanted: str) -> Candidate:
    """The one engagement ``wanted`` names, trying the exact readings before a part-match.

    An id wins; then an exact engagement name; then "Client / Engagement"; then a unique
    part of either. Several at the same step is ambiguous: the message lists them.
    """
    text = _fold(wanted)
    if not text:
        raise ExportProblem("--engagement is empty. " + _listing(candidates))
    steps = []
    if text.isdigit():
        steps.append([c for c in candidates if c[1].id == int(text)])
    steps.append([c for c in candidates if _fold(c[1].name) == text])
    if "/" in text:
        client_part, _, engagement_part = (s.strip() for s in text.rpartition("/"))
        steps.append(
            [
                c
                for c in candidates
                if _fold(c[0].name) == client_part and _fold(c[1].name) == engagement_part
            ]
        )
    steps.append([c for c in candidates if text in _fold(c[1].name)])
    steps.append([c for c in candidates if text in _fold(f"{c[0].name} / {c[1].name}")])
    for found in steps:
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise ExportProblem(
                f"“{wanted}” matches {len(found)} engagements; give the id or the full "
                "name. " + _listing(found, heading="They are")
            )
    raise ExportProblem(f"No engagement matches “{wanted}”. " + _listing(candidates))


def _listing(candidates: Sequence[Candidate], heading: str = "Engagements in this database") -> str:
    if not candidates:
        return "This database has no engagements yet (--blank prints the templates)."
    rows = [f"  {e.id:>5}  {c.name} / {e.name}" for c, e in candidates[:LISTED_MAX]]
    if len(candidates) > LISTED_MAX:
        rows.append(f"  … and {len(candidates) - LISTED_MAX} more")
    return f"{heading} (id, client / engagement):\n" + "\n".join(rows)


def all_engagements(db: Database) -> list[Candidate]:
    from cxdesk.store.workspace import list_clients

    return [(client, e) for client, engagements in list_clients(db) for e in engagements]


# -- the output file ------------------------------------------------------------------------


def output_path(
    out: Path,
    client: ClientRecord | None,
    engagement: EngagementRecord | None,
    edition: Edition = Edition.CLIENT,
    language: str = DEFAULT_LANGUAGE,
) -> Path:
    """The file to write: a folder gets the default name (in the toolkit's language); a
    bare name gets ".pdf"."""
    if out.is_dir():
        return out / toolkit_file_name(client, engagement, edition, language)
    if not out.suffix:
        out = out.with_name(out.name + ".pdf")
    return out


def check_writable(target: Path) -> None:
    """Refuse early what would fail at the end, before any work is done."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        raise ExportProblem(f"Cannot write {target}: the folder {folder} does not exist.")
    if not folder.is_dir():
        raise ExportProblem(f"Cannot write {target}: {folder} is not a folder.")
    if target.is_dir():
        raise ExportProblem(f"Cannot write {target}: it is a folder.")
    # The PDF is written beside the target and renamed, so the folder must take new files.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportProblem(f"Cannot write {target}: the folder {folder} is read-only.")
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportProblem(f"Cannot write {target}: the file is read-only.")


# -- running it -----------------------------------------------------------------------------


def engagement_language(db: Database, engagement_id: int) -> str:
    """The language chosen for the engagement (by anyone on the workspace, or in the file
    it was imported from); English when none was, or when this CX Desk cannot print in it."""
    from cxdesk.store.workspace import toolkit_language

    chosen = toolkit_language(db, engagement_id)
    return chosen if chosen in available_languages() else DEFAULT_LANGUAGE


def export(request: ExportRequest) -> ToolkitResult:
    """Open the database, read what prints, close it, then build."""
    from cxdesk.store.errors import DatabaseRefused

    data: ToolkitData | None = None
    language = request.language
    client: ClientRecord | None = None
    engagement: EngagementRecord | None = None
    if isinstance(request.db, Path) and not request.db.exists():
        if not request.blank:
            raise ExportProblem(
                f"There is no CX Desk database at {request.db}. Give --db PATH, or --blank "
                "for the templates alone."
            )
        brand = DEFAULT_BRAND  # blank templates need no database: print the default brand
    else:
        from cxdesk.store.brand import load_brand
        from cxdesk.store.database import open_claimed
        from cxdesk.store.sqlite_file import claim

        try:
            backend, state = claim(request.db)
            if state.is_new and isinstance(request.db, str):
                # An export reads; it does not make a team workspace in an empty database.
                raise ExportProblem(
                    f"The database “{backend.display_name}” holds no CX Desk workspace yet: "
                    "open it once in CX Desk (cxdesk --db ADDRESS), which makes one. "
                    "Nothing was written."
                )
            db = open_claimed(backend, state)
        except DatabaseRefused as refusal:
            raise ExportProblem(refusal.message) from refusal
        try:
            brand = load_brand(db)
            if not request.blank:
                candidates = all_engagements(db)
                if request.engagement is None:
                    raise ExportProblem(
                        "Say which engagement (--engagement NAME_OR_ID), or ask for --blank "
                        "templates. " + _listing(candidates)
                    )
                client, engagement = match_engagement(candidates, request.engagement)
                from cxdesk.store.toolkit import load_toolkit_data

                data = load_toolkit_data(db, engagement.id, edition=request.edition)
                if language is None:
                    language = engagement_language(db, engagement.id)
        finally:
            db.close()  # the data is plain values now: let the app open the file again
    language = language or DEFAULT_LANGUAGE
    target = output_path(request.out, client, engagement, request.edition.edition, language)
    check_writable(target)
    if request.page_size is not None:
        brand = replace(brand, page_size=request.page_size)
    return build(data, brand, target, request.sections, request.layout, language)


def build(
    data: ToolkitData | None,
    brand: Brand,
    target: Path,
    sections: Sequence[str] | None,
    layout: TemplateLayout = DEFAULT_LAYOUT,
    language: str = DEFAULT_LANGUAGE,
) -> ToolkitResult:
    from cxdesk.reports.document import build_toolkit

    try:
        result = build_toolkit(
            data,
            brand,
            target,
            sections=sections,
            layout=layout,
            language=translator(language),
        )
    except OSError as error:
        reason = error.strerror or str(error)
        raise ExportProblem(f"Cannot write {target}: {reason}.") from error
    return result


def unexpected_failure(error: BaseException) -> str:
    """The sentence for a failure nobody foresaw (a bug): what happened, that nothing was
    written, and where the details went. The traceback goes to the log file, not the
    terminal: a script or a person reading the output gets one line."""
    import traceback
    from datetime import datetime

    from cxdesk.store.paths import data_dir

    what = " ".join(str(error).split())[:200] or type(error).__name__
    log = data_dir() / "cxdesk.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as file:
            stamp = datetime.now().isoformat(sep=" ", timespec="seconds")
            file.write(f"{stamp} ERROR cxdesk.export: unexpected failure\n")
            file.writelines(traceback.format_exception(error))
        where = f"the details are in {log}"
    except OSError:
        where = "no details could be written to the log"
    return (
        f"the toolkit could not be built because of an unexpected problem ({what}); "
        f"nothing was written. This is a bug in CX Desk: please report it; {where}."
    )


def main(
    argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[2:] if argv is None else argv))
    except SystemExit as stop:  # --help (0) or a usage error (2, already printed)
        return int(stop.code or 0)
    if args.list_sections:
        print(section_listing(), file=out)
        return EXIT_OK
    try:
        result = export(check_request(args))
    except ExportProblem as problem:
        print(f"cxdesk export: {problem.message}", file=err)
        return EXIT_REFUSED
    except Exception as error:  # a bug must still end in words, not a traceback
        print(f"cxdesk export: {unexpected_failure(error)}", file=err)
        return EXIT_REFUSED
    except KeyboardInterrupt:  # Ctrl+C: the temporary file is removed, the target untouched
        print("cxdesk export: interrupted; nothing was written.", file=err)
        return EXIT_INTERRUPTED
    pages = result.pages
    print(f"Wrote {result.path} ({counted(pages, 'page')})", file=out)
    if result.unprintable:  # boxes on paper are found too late: say so now
        from cxdesk.reports.fonts import unprintable_summary

        print(unprintable_summary(result.unprintable), file=out)
    return EXIT_OK
