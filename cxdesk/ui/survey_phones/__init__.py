"""A RATER survey or a pulse check collected on phones: the start, the window, the room."""
