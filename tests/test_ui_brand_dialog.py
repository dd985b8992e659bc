"""The Brand settings dialog driven as a consultant would: typed fields, colour picker and
hex codes, page size, a logo chosen from a file (and bad ones refused); OK saves as one undo
step, Cancel keeps the stored brand; the preview follows every change."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QColorDialog, QDialog, QDialogButtonBox, QFileDialog
from pytestqt.qtbot import QtBot

from cxdesk.models.brand import DEFAULT_BRAND, LOGO_MAX_BYTES, Brand, LogoKind, PageSize
from cxdesk.store import brand as store
from cxdesk.store.database import Database
from cxdesk.ui.brand_dialog import BrandDialog
from cxdesk.ui.workspace import Workspace
from tests.ui_helpers import when_dialog_opens

OK = QDialogButtonBox.StandardButton.Ok


@pytest.fixture
def ws(db: Database, qtbot: QtBot) -> Workspace:
    return Workspace(db)


def open_dialog(qtbot: QtBot, source: Workspace | Database) -> BrandDialog:
    dialog = BrandDialog(source)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


@pytest.fixture
def dialog(ws: Workspace, qtbot: QtBot) -> BrandDialog:
    return open_dialog(qtbot, ws)


def png(width: int = 120, height: int = 40) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (11, 110, 79)).save(out, "PNG")
    return out.getvalue()


def jpeg() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 60), (242, 165, 65)).save(out, "JPEG")
    return out.getvalue()


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
    b'<circle cx="50" cy="50" r="45" fill="#F2A541"/></svg>'
)


def retype(qtbot: QtBot, line: object, text: str) -> None:
    """Select what a field holds and type over it, as a person does (ASCII only)."""
    line.setFocus()  # type: ignore[attr-defined]
    line.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(line, text)


def press_ok(qtbot: QtBot, dialog: BrandDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(OK), Qt.MouseButton.LeftButton)


def test_it_opens_on_the_default_brand_and_ok_without_changes_writes_nothing(
    dialog: BrandDialog, db: Database, ws: Workspace, qtbot: QtBot
) -> None:
    assert dialog.brand() == DEFAULT_BRAND
    assert dialog.firm_name.text() == DEFAULT_BRAND.firm_name
    assert dialog.primary.value() == DEFAULT_BRAND.primary
    assert dialog.page_size.currentText() == "A4"
    assert dialog.logo_view.text() == "No logo"
    assert not dialog.clear_logo_button.isEnabled()
    press_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert store.stored_brand(db) is None
    assert not ws.undo_stack.canUndo()


def test_typed_settings_are_saved_on_ok_as_one_undo_step(
    dialog: BrandDialog, db: Database, ws: Workspace, qtbot: QtBot
) -> None:
    retype(qtbot, dialog.firm_name, "Northwind Advisory")
    retype(qtbot, dialog.consultant, "Dana Smith")
    retype(qtbot, dialog.primary.hex, "0b6e4f")  # the "#" is optional, any case
    retype(qtbot, dialog.footer, "Confidential - prepared for the client")
    retype(qtbot, dialog.contact, "dana@northwind.example")
    dialog.page_size.setFocus()
    qtbot.keyClick(dialog.page_size, Qt.Key.Key_Down)
    assert dialog.page_size.currentText() == "US Letter"
    assert store.stored_brand(db) is None  # nothing is saved before OK
    press_ok(qtbot, dialog)

    saved = Brand(
        firm_name="Northwind Advisory",
        consultant="Dana Smith",
        primary="#0B6E4F",
        accent=DEFAULT_BRAND.accent,
        footer="Confidential - prepared for the client",
        contact="dana@northwind.example",
        page_size=PageSize.LETTER,
    )
    assert store.load_brand(db) == saved
    assert ws.undo_stack.undoText() == "Change brand settings"
    ws.undo_stack.undo()
    assert store.stored_brand(db) is None  # back to the default, as before
    ws.undo_stack.redo()
    assert store.load_brand(db) == saved


def test_the_tricky_strings_are_kept(dialog: BrandDialog, db: Database, qtbot: QtBot) -> None:
    dialog.firm_name.setText("  Zoë   Łukasiewicz & Partners <R&D>  ")
    dialog.consultant.setText("Ελένη")
    dialog.footer.setText('<img src="http://x/y.png"/>')
    dialog.contact.setText("Фёдор · +48 22 555 0100")
    press_ok(qtbot, dialog)
    brand = store.load_brand(db)
    assert brand.firm_name == "Zoë Łukasiewicz & Partners <R&D>"  # spaces tidied
    assert (brand.consultant, brand.footer, brand.contact) == (
        "Ελένη",
        '<img src="http://x/y.png"/>',
        "Фёдор · +48 22 555 0100",
    )


def test_cancel_keeps_the_stored_brand(ws: Workspace, db: Database, qtbot: QtBot) -> None:
    store.save_brand(db, Brand(firm_name="Kept", primary="#123456"))
    dialog = open_dialog(qtbot, ws)
    assert dialog.firm_name.text() == "Kept"
    assert dialog.primary.value() == "#123456"
    retype(qtbot, dialog.firm_name, "Changed")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert store.load_brand(db).firm_name == "Kept"
    assert not ws.undo_stack.canUndo()


def test_a_second_change_undoes_to_the_first(ws: Workspace, db: Database, qtbot: QtBot) -> None:
    for name in ("First", "Second"):
        dialog = open_dialog(qtbot, ws)
        dialog.firm_name.setText(name)
        press_ok(qtbot, dialog)
    ws.undo_stack.undo()
    assert store.load_brand(db).firm_name == "First"


def test_colours_come_from_the_picker_or_the_hex_code(
    dialog: BrandDialog, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def pick(start: QColor, _parent: object, title: str) -> QColor:
        asked.append(f"{title}: {start.name()}")
        return QColor("#aa3377")

    monkeypatch.setattr(QColorDialog, "getColor", pick)
    qtbot.mouseClick(dialog.accent.swatch, Qt.MouseButton.LeftButton)
    assert asked == ["Choose the accent colour: #e07a1f"]
    assert dialog.accent.hex.text() == "#AA3377"
    assert dialog.preview.brand.accent == "#AA3377"  # the preview follows at once
    # A cancelled picker changes nothing.
    monkeypatch.setattr(QColorDialog, "getColor", lambda *_args: QColor())
    qtbot.mouseClick(dialog.accent.swatch, Qt.MouseButton.LeftButton)
    assert dialog.accent.value() == "#AA3377"
    press_ok(qtbot, dialog)
    assert store.load_brand(db).accent == "#AA3377"


def test_a_half_typed_colour_or_a_blank_name_cannot_be_saved(
    dialog: BrandDialog, db: Database, qtbot: QtBot
) -> None:
    ok = dialog.buttons.button(OK)
    retype(qtbot, dialog.primary.hex, "#12")
    assert not ok.isEnabled()
    assert dialog.problem.text() == "⚠ The primary colour must look like #1F4E79."
    retype(qtbot, dialog.primary.hex, "zz")  # not hex: the field does not take it
    assert dialog.primary.hex.text() == "#12"
    retype(qtbot, dialog.primary.hex, "#1f4e79")
    assert ok.isEnabled()
    assert not dialog.problem.isVisible()
    retype(qtbot, dialog.firm_name, " ")
    assert dialog.problem.text() == "⚠ The firm needs a name."
    qtbot.keyClick(dialog.firm_name, Qt.Key.Key_Return)  # Enter does not get past it
    assert dialog.isVisible()
    assert store.stored_brand(db) is None


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("logo.png", png(), LogoKind.PNG),
        ("logo.jpg", jpeg(), LogoKind.JPEG),
        ("logo.svg", SVG, LogoKind.SVG),
    ],
)
def test_a_logo_is_chosen_shown_and_saved(
    dialog: BrandDialog,
    db: Database,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    data: bytes,
    kind: LogoKind,
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(path), ""))
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.logo_message.text().startswith(f"{name} ({kind.value.upper()},")
    pixmap = dialog.logo_view.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= dialog.logo_view.width()
    assert pixmap.height() <= dialog.logo_view.height()
    assert dialog.clear_logo_button.isEnabled()
    press_ok(qtbot, dialog)
    brand = store.load_brand(db)
    assert (brand.logo, brand.logo_kind) == (data, kind)


def test_a_stored_logo_is_shown_and_can_be_cleared(
    ws: Workspace, db: Database, qtbot: QtBot
) -> None:
    store.save_brand(db, Brand(logo=png(), logo_kind=LogoKind.PNG))
    dialog = open_dialog(qtbot, ws)
    assert not dialog.logo_view.pixmap().isNull()
    qtbot.mouseClick(dialog.clear_logo_button, Qt.MouseButton.LeftButton)
    assert dialog.logo_view.text() == "No logo"
    press_ok(qtbot, dialog)
    assert store.load_brand(db).logo is None
    ws.undo_stack.undo()
    assert store.load_brand(db).logo == png()


def truncated_png() -> bytes:
    return png(400, 400)[:200]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.txt", b"Just some text", "This file is not a PNG, JPEG or SVG image."),
        ("cut.png", truncated_png(), "damaged or incomplete"),
        (
            "linked.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<image xlink:href="http://example.com/logo.png" width="10" height="10"/></svg>',
            "refers to other files or web addresses",
        ),
        ("huge.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * LOGO_MAX_BYTES, "larger than 2 MB"),
    ],
)
def test_a_bad_logo_is_refused_and_the_old_one_kept(
    dialog: BrandDialog, db: Database, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    good = tmp_path / "good.png"
    good.write_bytes(png())
    assert dialog.load_logo_file(good)
    bad = tmp_path / name
    bad.write_bytes(data)
    assert not dialog.load_logo_file(bad)
    assert dialog.logo_message.text().startswith(f"⚠ “{name}”")
    assert message in dialog.logo_message.text()
    assert dialog.brand().logo == png()  # the logo chosen before is still there


def test_an_unreadable_logo_file_is_refused(dialog: BrandDialog, tmp_path: Path) -> None:
    assert not dialog.load_logo_file(tmp_path / "gone.png")
    assert "could not be read" in dialog.logo_message.text()
    assert dialog.brand().logo is None


def test_restore_defaults_resets_the_fields_until_ok(
    ws: Workspace, db: Database, qtbot: QtBot
) -> None:
    store.save_brand(
        db, Brand(firm_name="Mine", page_size=PageSize.LETTER, logo=SVG, logo_kind=LogoKind.SVG)
    )
    dialog = open_dialog(qtbot, ws)
    restore = dialog.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert dialog.brand() == DEFAULT_BRAND
    assert store.load_brand(db).firm_name == "Mine"  # not saved yet
    press_ok(qtbot, dialog)
    assert store.load_brand(db) == DEFAULT_BRAND


def test_the_preview_follows_the_brand_and_the_page_size(dialog: BrandDialog, qtbot: QtBot) -> None:
    a4 = dialog.preview.sizeHint()
    dialog.firm_name.setText("Ελένη & Co")
    dialog.page_size.setCurrentIndex(dialog.page_size.findData(PageSize.LETTER.value))
    assert dialog.preview.brand == dialog.brand()
    letter = dialog.preview.sizeHint()
    assert letter.width() == a4.width()
    assert letter.height() < a4.height()  # US Letter is wider for its height than A4
    image = dialog.preview.grab().toImage()
    band = image.pixelColor(image.width() // 2, 8)
    assert band.name().upper() == DEFAULT_BRAND.primary  # the header band, in the brand


def test_on_a_bare_database_ok_saves_without_undo(db: Database, qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, db)
    assert dialog.ws is None
    dialog.contact.setText("Фёдор")
    press_ok(qtbot, dialog)
    assert store.load_brand(db).contact == "Фёдор"


def test_it_opens_modally_with_exec(ws: Workspace, db: Database, qtbot: QtBot) -> None:
    def act(found: QDialog) -> None:
        assert isinstance(found, BrandDialog)
        found.firm_name.setText("Through exec")
        found.accept()

    when_dialog_opens(qtbot, act)
    dialog = BrandDialog(ws)
    qtbot.addWidget(dialog)
    assert dialog.exec() == QDialog.DialogCode.Accepted
    assert store.load_brand(db).firm_name == "Through exec"


def test_a_refused_save_keeps_the_dialog_open_with_the_edits(
    dialog: BrandDialog, ws: Workspace, db: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxdesk.store.errors import EditRefused

    def full_disk(_db: Database, _brand: Brand, _shown: Brand | None = None) -> Brand:
        raise EditRefused("The edit could not be saved: database or disk is full.")

    dialog.firm_name.setText("Will not fit")
    monkeypatch.setattr(store, "save_brand", full_disk)
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.problem.text() == "⚠ The edit could not be saved: database or disk is full."
    assert dialog.firm_name.text() == "Will not fit"
    assert not ws.undo_stack.canUndo()
    monkeypatch.undo()
    press_ok(qtbot, dialog)
    assert store.load_brand(db).firm_name == "Will not fit"


def test_the_preview_shows_the_logo_on_the_cover_where_it_prints(
    dialog: BrandDialog, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The preview was a body page alone, where no logo prints: a logo chosen showed
    nowhere in it. Now the cover is beside it, the logo top left as the PDF's cover has it."""
    logo_green = QColor(11, 110, 79)  # png()'s colour

    def logo_pixels() -> list[tuple[int, int]]:
        image = dialog.cover_preview.grab().toImage()
        return [
            (x, y)
            for y in range(image.height())
            for x in range(image.width())
            if image.pixelColor(x, y) == logo_green
        ]

    assert logo_pixels() == []  # no logo yet: the firm's name stands in its place
    path = tmp_path / "logo.png"
    path.write_bytes(png(120, 40))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: (str(path), ""))
    qtbot.mouseClick(dialog.choose_logo_button, Qt.MouseButton.LeftButton)
    shown = logo_pixels()
    assert shown
    page = dialog.cover_preview.sizeHint()
    xs, ys = [x for x, _y in shown], [y for _x, y in shown]
    # Top left, inside the page's margins, at most 70 x 24 mm of a 210 mm wide page, its
    # proportions (3:1) kept.
    mm = (page.width() - 8) / 210
    assert 20 * mm < min(xs) < 24 * mm + 4
    assert 20 * mm < min(ys) < 24 * mm + 4
    width, height = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
    assert width <= 70 * mm + 1
    assert height <= 24 * mm + 1
    assert abs(width / height - 3) < 0.3
    assert dialog.cover_preview.logo_shown() is not None
    # The page beside it is a body page: no logo there, as printed.
    page_image = dialog.preview.grab().toImage()
    assert all(
        page_image.pixelColor(x, y) != logo_green
        for y in range(0, page_image.height(), 2)
        for x in range(0, page_image.width(), 2)
    )
    qtbot.mouseClick(dialog.clear_logo_button, Qt.MouseButton.LeftButton)
    assert logo_pixels() == []
