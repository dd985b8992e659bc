"""The Qt user interface: main window, one package per tab, dialogs and charts."""
