"""File > Export toolkit…: which sections, blank or filled in, which edition (the
client's or our internal one), page size, where to save.

The dialog only chooses; :mod:`cxdesk.ui.export_worker` reads the data and builds the PDF.
Sections come from the report registry (cheap to import: no ReportLab), in toolkit order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cxdesk.cli_export import ExportProblem, check_writable, toolkit_file_name
from cxdesk.language import DEFAULT_LANGUAGE, available_languages
from cxdesk.models.brand import Brand, PageSize
from cxdesk.models.edition import CLIENT_EDITION, INTERNAL_MARK, Edition, EditionChoice
from cxdesk.models.records import ClientRecord, EngagementRecord
from cxdesk.models.template_layout import (
    DEFAULT_LAYOUT,
    KICKOFF_ROWS_DEFAULT,
    KICKOFF_ROWS_MAX,
    KICKOFF_ROWS_MIN,
    TemplateLayout,
)
from cxdesk.reports.sections import SECTIONS, SectionSpec

PDF_FILTER = "PDF document (*.pdf);;All files (*)"
NEEDS_ENGAGEMENT_TIP = "Needs an engagement's data: not part of the blank templates."
NO_EDITION_TIP = "Blank templates print nothing of an engagement: they have no edition."
EVERYTHING_TIP = "The internal edition prints everything."


@dataclass(frozen=True)
class ExportChoice:
    sections: tuple[str, ...]  # keys, in toolkit order
    blank: bool
    page_size: PageSize
    out: Path
    layout: TemplateLayout = DEFAULT_LAYOUT  # the blank templates' rows
    edition: EditionChoice = CLIENT_EDITION
    language: str = DEFAULT_LANGUAGE  # the code the toolkit prints in


class ExportDialog(QDialog):
    """The section picker. ``engagement`` None = no engagement open: blank templates only."""

    def __init__(
        self,
        brand: Brand,
        client: ClientRecord | None,
        engagement: EngagementRecord | None,
        folder: Path,
        *,
        blank: bool = False,
        edition: EditionChoice = CLIENT_EDITION,
        language: str = DEFAULT_LANGUAGE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client if engagement is not None else None
        self.engagement = engagement
        self.folder = folder
        self._path_chosen = False  # once a person picks a path, blank/filled keeps it
        self._confirmed: Path | None = None  # the file dialog already asked to replace it
        self.setWindowTitle("Export blank templates" if blank else "Export toolkit")

        self.heading = heading = QLabel(self._heading_text())
        heading.setTextFormat(Qt.TextFormat.PlainText)  # client names are not markup
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)

        self.blank = QCheckBox("Blank templates: nothing filled in, to print and write on")
        self.blank.setChecked(blank or engagement is None)
        self.blank.setEnabled(engagement is not None)
        if engagement is None:
            self.blank.setToolTip("Open an engagement to export its filled-in toolkit.")

        self.boxes: dict[str, QCheckBox] = {}
        # Worksheets the person ticked or unticked themselves: blank or filled keeps them.
        self._touched: set[str] = set()
        self._wanted: dict[str, bool] = {}  # what a disabled box goes back to
        sections = QGroupBox("Sections")
        grid = QGridLayout(sections)
        half = (len(SECTIONS) + 1) // 2  # two columns: the list fits without scrolling
        for n, spec in enumerate(SECTIONS):
            box = QCheckBox(f"{n + 1}. {spec.title}")
            # A worksheet is a blank template's: in an engagement's toolkit when ticked.
            box.setChecked(not spec.worksheet or self.blank.isChecked())
            box.setObjectName(f"section-{spec.key}")
            box.toggled.connect(self._update_ok)
            box.clicked.connect(lambda _on, key=spec.key: self._touched.add(key))
            self.boxes[spec.key] = box
            self._wanted[spec.key] = box.isChecked()
            grid.addWidget(box, n % half, n // half)
        self.select_all = QPushButton("Select &all")
        self.select_none = QPushButton("Select &none")
        self.select_all.clicked.connect(lambda: self._select(True))
        self.select_none.clicked.connect(lambda: self._select(False))
        picks = QHBoxLayout()
        picks.addWidget(self.select_all)
        picks.addWidget(self.select_none)
        picks.addStretch(1)
        grid.addLayout(picks, half, 0, 1, 2)

        self.edition_box = self._edition_box(edition)

        self.page_size = QComboBox()
        for size in PageSize:
            suffix = " (the brand's)" if size is brand.page_size else ""
            self.page_size.addItem(size.label + suffix, size.value)
        self.page_size.setCurrentIndex(self.page_size.findData(brand.page_size.value))

        # Only languages whose catalogue is complete are offered (the catalogue tests).
        self.language = QComboBox()
        self.language.setAccessibleName("Toolkit language")
        self.language.setToolTip(
            "The language the toolkit prints in: its headings, sentences, dates and "
            "numbers. What you typed prints as you typed it."
        )
        for code, name in available_languages().items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(language), 0))

        self.path = QLineEdit()
        self.path.setMinimumWidth(420)
        self.path.textEdited.connect(self._path_edited)
        self.path.textChanged.connect(self._update_ok)
        self.browse = QPushButton("&Choose…")
        self.browse.clicked.connect(self.choose_path)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.browse)

        self.kickoff_rows = QSpinBox()
        self.kickoff_rows.setRange(KICKOFF_ROWS_MIN, KICKOFF_ROWS_MAX)
        self.kickoff_rows.setValue(KICKOFF_ROWS_DEFAULT)
        self.kickoff_rows.setSuffix(" rows")
        self.kickoff_rows.setAccessibleName("Kickoff template rows")
        self.kickoff_rows.setToolTip(
            "Empty rows to write in, in the kickoff template's expectations and revalidation "
            "dates (when nothing is recorded yet)."
        )
        self.boxes["kickoff"].toggled.connect(self.kickoff_rows.setEnabled)
        rows_row = QHBoxLayout()
        rows_row.addWidget(self.kickoff_rows)
        rows_row.addWidget(QLabel("to write in: expectations and revalidation dates"))
        rows_row.addStretch(1)
        size_row = QHBoxLayout()
        size_row.addWidget(self.page_size)
        size_row.addStretch(1)
        form = QFormLayout()
        language_label = QLabel("&Language:")
        language_label.setBuddy(self.language)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        form.addRow(language_label, language_row)
        form.addRow("Page size:", size_row)
        rows_label = QLabel("&Kickoff template:")
        rows_label.setBuddy(self.kickoff_rows)
        form.addRow(rows_label, rows_row)
        form.addRow("Save as:", where)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.blank)
        layout.addWidget(sections)
        layout.addWidget(self.edition_box)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.blank.toggled.connect(self._blank_toggled)
        self.internal.toggled.connect(self._edition_toggled)
        self.language.currentIndexChanged.connect(self._edition_toggled)  # the file's name
        self._blank_toggled(self.blank.isChecked())

    def _edition_box(self, edition: EditionChoice) -> QGroupBox:
        box = QGroupBox("Edition")
        self.for_client = QRadioButton(
            "For the c&lient: the room's results without names, no internal notes, none of "
            "our team's own scores"
        )
        self.internal = QRadioButton(f"&Internal: everything, marked “{INTERNAL_MARK}”")
        self.editions = QButtonGroup(self)  # also what keeps the two exclusive
        self.editions.addButton(self.for_client)
        self.editions.addButton(self.internal)
        self.participant_rows = QCheckBox(
            "Each workshop participant's answers, &unnamed (Participant 1, 2, …)"
        )
        self.team_vs_client = QCheckBox("Our &team's gaps beside the client's, per RATER dimension")
        self.participant_rows.setChecked(edition.participant_rows)
        self.team_vs_client.setChecked(edition.team_vs_client)
        (self.internal if edition.is_internal else self.for_client).setChecked(True)
        layout = QVBoxLayout(box)
        layout.addWidget(self.for_client)
        ticks = QVBoxLayout()
        ticks.setContentsMargins(24, 0, 0, 4)  # under the client edition: they are its own
        ticks.addWidget(self.participant_rows)
        ticks.addWidget(self.team_vs_client)
        layout.addLayout(ticks)
        layout.addWidget(self.internal)
        return box

    # -- state ---------------------------------------------------------------------

    def _heading_text(self) -> str:
        if self.engagement is None or self.client is None:
            return "No engagement open: the blank templates, ready to print."
        return f"{self.client.name} — {self.engagement.name}"

    def _applies(self, spec: SectionSpec) -> bool:
        return spec.blank_ok if self.blank.isChecked() else True

    def _blank_toggled(self, _blank: bool) -> None:
        for spec in SECTIONS:
            box = self.boxes[spec.key]
            applies = self._applies(spec)
            if box.isEnabled() and not applies:
                self._wanted[spec.key] = box.isChecked()
                box.setChecked(False)
            elif applies and not box.isEnabled():
                box.setChecked(self._wanted[spec.key])
            box.setEnabled(applies)
            box.setToolTip("" if applies else NEEDS_ENGAGEMENT_TIP)
            if spec.worksheet and spec.key not in self._touched:
                box.setChecked(self.blank.isChecked())
        blank = self.blank.isChecked()
        self.edition_box.setEnabled(not blank)
        self.edition_box.setToolTip(NO_EDITION_TIP if blank else "")
        self._edition_toggled()
        self._update_ok()

    def _edition_toggled(self, *_args: object) -> None:
        internal = self.internal.isChecked()
        for tick in (self.participant_rows, self.team_vs_client):
            tick.setEnabled(not internal)  # kept as ticked: they return with the client's
            tick.setToolTip(EVERYTHING_TIP if internal else "")
        if not self._path_chosen:
            self.path.setText(str(self.folder / self.default_name()))

    def _select(self, checked: bool) -> None:
        self._touched.update(self.boxes)
        for box in self.boxes.values():
            if box.isEnabled():
                box.setChecked(checked)

    def _path_edited(self, _text: str) -> None:
        self._path_chosen = True
        self._confirmed = None

    def _update_ok(self, *_args: object) -> None:
        self.ok.setEnabled(bool(self.chosen_sections()) and bool(self.path.text().strip()))

    def default_name(self) -> str:
        """The CLI's default name, in the chosen language (the client sees it first)."""
        language = str(self.language.currentData())
        if self.blank.isChecked():
            return toolkit_file_name(None, None, language=language)
        return toolkit_file_name(
            self.client, self.engagement, self.chosen_edition().edition, language
        )

    def chosen_edition(self) -> EditionChoice:
        return EditionChoice(
            Edition.INTERNAL if self.internal.isChecked() else Edition.CLIENT,
            participant_rows=self.participant_rows.isChecked(),
            team_vs_client=self.team_vs_client.isChecked(),
        )

    def chosen_sections(self) -> tuple[str, ...]:
        return tuple(
            spec.key
            for spec in SECTIONS
            if self.boxes[spec.key].isEnabled() and self.boxes[spec.key].isChecked()
        )

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        if not path.suffix:
            path = path.with_name(path.name + ".pdf")
        return path

    def choice(self) -> ExportChoice:
        return ExportChoice(
            sections=self.chosen_sections(),
            blank=self.blank.isChecked(),
            page_size=PageSize(self.page_size.currentData()),
            out=self.target(),
            layout=TemplateLayout(kickoff_rows=self.kickoff_rows.value()),
            edition=self.chosen_edition(),
            language=str(self.language.currentData()),
        )

    # -- actions -------------------------------------------------------------------

    def choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export toolkit as", self.path.text(), PDF_FILTER
        )
        if not path:
            return
        self._path_chosen = True
        self.path.setText(path)
        self._confirmed = self.target()  # the file dialog asked before replacing it

    def accept(self) -> None:
        target = self.target()
        try:
            check_writable(target)
        except ExportProblem as problem:
            QMessageBox.warning(self, "Cannot save there", problem.message)
            return
        if target.exists() and target != self._confirmed:
            answer = QMessageBox.question(
                self,
                "Replace the file?",
                f"“{target.name}” already exists in {target.parent}. Replace it?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().accept()
