"""The issue log on the escalation ladder: a tab, its table and its dialogs."""
