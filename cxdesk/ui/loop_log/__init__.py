"""The "you said, we did" and small wins logs: a tab, its tables and its dialogs."""
