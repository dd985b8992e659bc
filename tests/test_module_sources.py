"""The UI does not keep the source of every imported module in memory (PySide6's import
hook read them all into ``linecache``: about 35 MB once every tab was shown), and the
hook still gets PySide6's own answer about which modules use PySide6."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# In a fresh interpreter, in the app's order: PySide6 first, then the UI, then what
# the tabs import later (the store's SQLAlchemy, the charts' pyqtgraph and numpy).
CHILD = """
import json, linecache, os, sys
import PySide6.QtWidgets
feature = sys.modules["shibokensupport.feature"]
pyside_test = feature._mod_uses_pyside
import cxdesk.ui.matrix.tab
import sqlalchemy.orm, pyqtgraph
kept = sum(
    len(entry[2]) for name, entry in linecache.cache.items()
    if len(entry) == 4 and name.endswith(".py") and os.path.exists(name)
)
answers = {
    name: (verdict == 0, pyside_test(sys.modules[name]))
    for name, verdict in feature.pyside_feature_dict.items()
    if verdict in (0, -1) and sys.modules.get(name) is not None
}
print(json.dumps({"kept": kept, "answers": answers}))
"""


def test_imported_modules_sources_are_not_kept_and_pyside_gets_its_answer() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["kept"] == 0, f"{found['kept']:,} source lines kept in linecache"
    answers = found["answers"]
    wrong = sorted(name for name, (given, pyside) in answers.items() if given != pyside)
    assert not wrong, f"PySide6 would have answered otherwise for {wrong}"
    # Both answers were given after the UI took over the test, so it did run.
    assert answers["cxdesk.ui.matrix.model"] == [True, True]
    assert answers["sqlalchemy.orm"] == [False, False]
