"""The layering rule is checked, not hoped for: models and store know nothing of Qt or PDFs.

Three independent checks: import-linter with the contracts in pyproject.toml (and proof
that those contracts do catch a violation), a scan of every import statement, and a fresh
interpreter that imports every models/store module and finds no GUI library loaded.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "cxdesk"
GUI_AND_PDF = {"PySide6", "shiboken6", "reportlab", "pyqtgraph"}
# What each lower layer must never import, beyond the GUI and PDF libraries.
FORBIDDEN = {
    "models": GUI_AND_PDF | {"cxdesk.store", "cxdesk.ui", "cxdesk.app", "cxdesk.reports"},
    "store": GUI_AND_PDF | {"cxdesk.ui", "cxdesk.app", "cxdesk.reports"},
}


def lint_imports() -> Path:
    name = "lint-imports.exe" if sys.platform == "win32" else "lint-imports"
    found = Path(sys.executable).parent / name
    if found.exists():
        return found
    which = shutil.which("lint-imports")
    assert which, "import-linter is a dev dependency: `uv sync` installs lint-imports"
    return Path(which)


def run_lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(lint_imports()), "--no-logo", "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_linter_contracts_are_kept() -> None:
    result = run_lint_imports(ROOT)
    report = result.stdout + result.stderr
    assert result.returncode == 0, f"lint-imports failed:\n{report}"
    assert "0 broken" in report
    # Both contracts ran (a config that silently checks nothing would also "pass").
    assert report.count(" KEPT") >= 2, report


@pytest.mark.parametrize(
    ("module", "statement", "contract"),
    [
        ("models/gaps.py", "import PySide6.QtCore", "Domain models"),
        ("models/journey.py", "from cxdesk.store import schema", "Domain models"),
        ("store/schema.py", "import pyqtgraph", "Storage layer"),
        ("store/paths.py", "from reportlab.lib import colors", "Storage layer"),
    ],
)
def test_import_linter_contracts_catch_a_violation(
    tmp_path: Path, module: str, statement: str, contract: str
) -> None:
    """The same contracts, run on a copy of the package with one forbidden import added."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(PACKAGE, tmp_path / "cxdesk", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "cxdesk" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{statement}\n", encoding="utf-8")

    result = run_lint_imports(tmp_path)
    report = result.stdout + result.stderr
    assert result.returncode == 1, report
    assert "1 broken" in report, report
    broken = report.split("Broken contracts", 1)[-1]
    assert contract in broken, report


def _imported_modules(path: Path, root: Path = ROOT) -> list[tuple[int, str]]:
    """Every module an import statement in ``path`` names, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from cxdesk import ui` imports cxdesk.ui
            found.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return found


def _is_within(module: str, forbidden: str) -> bool:
    return module == forbidden or module.startswith(forbidden + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_no_forbidden_import_statement_in_lower_layers(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert len(files) >= 3, f"expected the {layer} package's modules, found {files}"
    violations = [
        f"{file.relative_to(ROOT)}:{line} imports {module}"
        for file in files
        for line, module in _imported_modules(file)
        if any(_is_within(module, bad) for bad in FORBIDDEN[layer])
    ]
    assert not violations, f"cxdesk.{layer} must not import these:\n" + "\n".join(violations)


def test_the_import_scan_sees_relative_and_from_imports(tmp_path: Path) -> None:
    # The scanner itself must not be blind to the ways a forbidden import can be written.
    source = (
        "from ..ui import window\n"
        "from .. import app\n"
        "from PySide6 import QtCore\n"
        "import reportlab.pdfgen\n"
        "def later():\n"
        "    import pyqtgraph\n"
    )
    fake = tmp_path / "cxdesk" / "store" / "sample.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(source, encoding="utf-8")
    modules = {m for _, m in _imported_modules(fake, tmp_path)}
    assert {"cxdesk.ui", "cxdesk.ui.window", "cxdesk.app", "PySide6", "reportlab.pdfgen"} <= modules
    assert "pyqtgraph" in modules  # imports inside functions count too
    assert any(_is_within(m, "cxdesk.ui") for m in modules)


def test_importing_models_and_store_loads_no_gui_or_pdf_library() -> None:
    # Catches indirect imports too (a third-party module that pulls in Qt).
    code = (
        "import importlib, pkgutil, sys\n"
        "import cxdesk.models, cxdesk.store\n"
        "for pkg in (cxdesk.models, cxdesk.store):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "import cxdesk.store.migrate\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(GUI_AND_PDF)!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"loaded by models/store: {result.stdout.strip()}"
