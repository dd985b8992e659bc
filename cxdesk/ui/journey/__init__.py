"""The Emotion map tab: the journey grid, the emotion curve and the handoff checklists."""
