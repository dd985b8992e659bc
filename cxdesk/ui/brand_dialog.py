"""Brand settings: the firm's name, logo, colours, footer and page size for the PDF toolkit,
with a live preview of the cover (where the logo prints) and a printed page. OK saves (one
undo step when opened on a workspace), Cancel leaves the stored brand as it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRegularExpression, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.brand import (
    DEFAULT_BRAND,
    HEX_COLOUR,
    LOGO_MAX_BYTES,
    TEXT_MAX,
    Brand,
    LogoKind,
    PageSize,
    brand_problem,
)
from cxdesk.ops import toolkit as toolkit_ops
from cxdesk.store import brand as brand_store
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.ui.brand_preview import MUTED_INK, CoverPreview, PagePreview, logo_pixmap
from cxdesk.ui.recent_folders import FileKind, recent_folders_for
from cxdesk.ui.workspace import Workspace

LOGO_FILTER = "Logos (*.png *.jpg *.jpeg *.svg);;All files (*)"


class ColourField(QWidget):
    """A brand colour: a swatch button that opens the colour picker, and its hex code."""

    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.swatch = QPushButton("Choose…")
        self.swatch.setAutoDefault(False)
        self.swatch.setToolTip(f"Pick the {title.lower()} from a colour chart")
        self.swatch.clicked.connect(self.choose)
        self.hex = QLineEdit()
        self.hex.setMaxLength(7)
        self.hex.setFixedWidth(self.hex.fontMetrics().horizontalAdvance("#DDDDDD ") + 16)
        self.hex.setPlaceholderText("#1F4E79")
        self.hex.setToolTip("The colour as a hex code, like #1F4E79")
        self.hex.setValidator(
            QRegularExpressionValidator(QRegularExpression("#?[0-9A-Fa-f]{0,6}"), self.hex)
        )
        self.hex.textChanged.connect(self._typed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hex)
        layout.addWidget(self.swatch)
        layout.addStretch(1)

    def value(self) -> str:
        text = self.hex.text().strip()
        return ("#" + text.lstrip("#")).upper() if text else ""

    def set_value(self, colour: str) -> None:
        self.hex.setText(colour.upper())

    def choose(self) -> None:
        start = QColor(self.value()) if HEX_COLOUR.match(self.value()) else QColor("#1F4E79")
        picked = QColorDialog.getColor(start, self, f"Choose the {self.title.lower()}")
        if picked.isValid():
            self.set_value(picked.name())

    def _typed(self, _text: str) -> None:
        icon = QPixmap(28, 14)
        valid = bool(HEX_COLOUR.match(self.value()))
        icon.fill(QColor(self.value()) if valid else Qt.GlobalColor.transparent)
        if valid:
            with QPainter(icon) as painter:
                painter.setPen(QColor(0, 0, 0, 90))  # an edge, for white on a light theme
                painter.drawRect(0, 0, icon.width() - 1, icon.height() - 1)
        self.swatch.setIcon(QIcon(icon))
        self.swatch.setIconSize(icon.size())
        self.changed.emit()


class BrandDialog(QDialog):
    """Edit the brand the toolkit prints with. ``source`` is the open Workspace (OK is
    then one step on its undo stack) or a bare Database (OK saves, no undo)."""

    def __init__(self, source: Workspace | Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = source if isinstance(source, Workspace) else None
        self.db = source.db if isinstance(source, Workspace) else source
        self.setWindowTitle("Brand settings")
        self._logo: tuple[bytes, LogoKind] | None = None

        self.firm_name = self._line("firm_name", "Your consultancy's name")
        self.consultant = self._line("consultant", "Your name (blank: the firm)")
        self.primary = ColourField("Primary colour")
        self.accent = ColourField("Accent colour")
        self.footer = self._line("footer", "Printed at the foot of every page")
        self.contact = self._line("contact", "e.g. hello@firm.com · +44 20 7946 0000")
        self.page_size = QComboBox()
        for size in PageSize:
            self.page_size.addItem(size.label, size.value)
        self.logo_view = QLabel()
        self.logo_view.setFixedSize(180, 64)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setFrameShape(QLabel.Shape.StyledPanel)
        paper = self.logo_view.palette()  # white as the paper it prints on, in any theme
        paper.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.white)
        paper.setColor(QPalette.ColorRole.WindowText, MUTED_INK)
        self.logo_view.setPalette(paper)
        self.logo_view.setAutoFillBackground(True)
        self.choose_logo_button = QPushButton("Choose…")
        self.choose_logo_button.setToolTip("A PNG, JPEG or SVG file of at most 2 MB")
        self.choose_logo_button.clicked.connect(self.choose_logo)
        self.clear_logo_button = QPushButton("Clear")
        self.clear_logo_button.clicked.connect(self.clear_logo)
        for button in (self.choose_logo_button, self.clear_logo_button):
            button.setAutoDefault(False)
        self.logo_message = QLabel()
        self.logo_message.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.cover_preview = CoverPreview()  # where the logo prints
        self.preview = PagePreview()

        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_view)
        logo_row.addWidget(self.choose_logo_button, 0, Qt.AlignmentFlag.AlignTop)
        logo_row.addWidget(self.clear_logo_button, 0, Qt.AlignmentFlag.AlignTop)
        logo_row.addStretch(1)
        form = QFormLayout()
        form.addRow("&Firm name:", self.firm_name)
        form.addRow("&Prepared by:", self.consultant)
        form.addRow("P&rimary colour:", self.primary)
        form.addRow("&Accent colour:", self.accent)
        form.addRow("F&ooter text:", self.footer)
        form.addRow("&Contact line:", self.contact)
        form.addRow("Page &size:", self.page_size)
        form.addRow("Logo:", logo_row)
        form.addRow("", self.logo_message)
        form.addRow(self.problem)
        preview_column = QVBoxLayout()
        preview_column.addWidget(QLabel("Preview: the cover and a page"))
        pages = QHBoxLayout()
        pages.setSpacing(8)
        pages.addWidget(self.cover_preview)
        pages.addWidget(self.preview)
        preview_column.addLayout(pages)
        preview_column.addStretch(1)
        form_column = QVBoxLayout()
        form_column.addLayout(form)
        form_column.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(form_column, 1)
        columns.addSpacing(16)
        columns.addLayout(preview_column)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            lambda: self.set_brand(DEFAULT_BRAND)
        )
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

        for line in (self.firm_name, self.consultant, self.footer, self.contact):
            line.textChanged.connect(self._refresh)
        self.primary.changed.connect(self._refresh)
        self.accent.changed.connect(self._refresh)
        self.page_size.currentIndexChanged.connect(self._refresh)
        self.stored = brand_store.load_brand(self.db)
        self.set_brand(self.stored)
        # What the workspace says when it refuses a save (run() returns None then).
        self._refusal = ""
        self._listening = self.ws is not None
        if self.ws is not None:
            self.ws.editRefused.connect(self._refused)

    def _line(self, field: str, placeholder: str) -> QLineEdit:
        line = QLineEdit()
        line.setMaxLength(TEXT_MAX[field])
        line.setPlaceholderText(placeholder)
        line.setMinimumWidth(300)
        return line

    # -- the brand on screen -------------------------------------------------------

    def brand(self) -> Brand:
        """The brand as the fields say now (not yet saved)."""
        logo, kind = self._logo if self._logo else (None, None)
        return Brand(
            firm_name=" ".join(self.firm_name.text().split()),
            consultant=" ".join(self.consultant.text().split()),
            primary=self.primary.value(),
            accent=self.accent.value(),
            footer=self.footer.text().strip(),
            contact=self.contact.text().strip(),
            page_size=PageSize(self.page_size.currentData()),
            logo=logo,
            logo_kind=kind,
        )

    def set_brand(self, brand: Brand) -> None:
        self.firm_name.setText(brand.firm_name)
        self.consultant.setText(brand.consultant)
        self.primary.set_value(brand.primary)
        self.accent.set_value(brand.accent)
        self.footer.setText(brand.footer)
        self.contact.setText(brand.contact)
        self.page_size.setCurrentIndex(max(self.page_size.findData(brand.page_size.value), 0))
        logo = (brand.logo, brand.logo_kind) if brand.logo and brand.logo_kind else None
        self._set_logo(logo)
        self.logo_message.clear()
        self._refresh()

    def _refresh(self) -> None:
        brand = self.brand()
        problem = brand_problem(brand)
        self.problem.setText(f"⚠ {problem}" if problem else "")
        self.problem.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        self.cover_preview.set_brand(brand)
        self.preview.set_brand(brand)

    # -- the logo ------------------------------------------------------------------

    def choose_logo(self) -> None:
        folders = recent_folders_for(self)
        path, _filter = QFileDialog.getOpenFileName(
            self, "Choose the firm's logo", str(folders.folder(FileKind.LOGO)), LOGO_FILTER
        )
        if path:
            folders.remember(FileKind.LOGO, Path(path))
            self.load_logo_file(Path(path))

    def load_logo_file(self, path: Path) -> bool:
        """Check and show the logo in ``path``; False (saying why) when it cannot be used."""
        try:
            if path.stat().st_size > LOGO_MAX_BYTES:
                raise ValueError("The logo is larger than 2 MB; use a smaller file.")
            data = path.read_bytes()
            # Imported here, not at start-up: it brings in Pillow or svglib when used.
            from cxdesk.reports.logo import check_logo

            kind = check_logo(data)
        except OSError as error:
            self.logo_message.setText(f"⚠ “{path.name}” could not be read ({error.strerror}).")
            return False
        except ValueError as error:
            self.logo_message.setText(f"⚠ “{path.name}”: {error}")
            return False
        if not self._set_logo((data, kind)):
            self.logo_message.setText(f"⚠ “{path.name}” cannot be drawn; try a PNG.")
            self._set_logo(None)
            return False
        self.logo_message.setText(f"{path.name} ({kind.value.upper()}, {len(data) // 1024 + 1} KB)")
        self._refresh()
        return True

    def clear_logo(self) -> None:
        self._set_logo(None)
        self.logo_message.setText("No logo: the cover shows the firm's name instead.")
        self._refresh()

    def _set_logo(self, logo: tuple[bytes, LogoKind] | None) -> bool:
        self._logo = logo
        self.clear_logo_button.setEnabled(logo is not None)
        if logo is None:
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText("No logo")
            return True
        pixmap = logo_pixmap(*logo, self.logo_view.size() - QSize(8, 8))
        if pixmap is None:
            return False
        self.logo_view.setPixmap(pixmap)
        return True

    # -- saving --------------------------------------------------------------------

    def accept(self) -> None:
        """Save and close; a refusal is shown and the dialog stays open with the edits."""
        try:
            brand = brand_store.check_brand(self.brand())
        except EditRefused as refusal:
            self._show_refusal(refusal.message)
            return
        if brand != self.stored:
            if self.ws is None:
                try:
                    brand_store.save_brand(self.db, brand, self.stored)
                except EditRefused as refusal:
                    self._show_refusal(refusal.message)
                    return
            elif not self._push(brand):
                return
        super().accept()

    def _push(self, brand: Brand) -> bool:
        """Save ``brand`` as one undo step; False when it was refused (the refusal then
        shown here too, beside the fields, and the edits kept)."""
        assert self.ws is not None
        self._refusal = ""
        if self.ws.run(toolkit_ops.save_brand(brand, self.stored)) is not None:
            return True
        self._show_refusal(self._refusal or "The brand was not saved.")
        # A colleague's save in the way has been told: OK again saves these edits over it.
        self.stored = brand_store.load_brand(self.db)
        return False

    def _refused(self, message: str) -> None:
        self._refusal = message  # the words of a refused save, for _push to show

    def done(self, result: int) -> None:
        if self.ws is not None and self._listening:
            self._listening = False
            self.ws.editRefused.disconnect(self._refused)
        super().done(result)

    def _show_refusal(self, message: str) -> None:
        self.problem.setText(f"⚠ {message}")
        self.problem.setVisible(True)
