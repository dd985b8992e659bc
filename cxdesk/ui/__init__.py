"""The Qt user interface: main window, one package per tab, dialogs and charts."""

# Before any other module of the UI is imported: PySide6 would otherwise keep the source
# of every module imported after it in memory (see module_sources).
from cxdesk.ui.module_sources import stop_keeping_sources

stop_keeping_sources()
