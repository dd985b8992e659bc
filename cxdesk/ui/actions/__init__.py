"""The Actions tab and what any tab uses to turn a gap it shows into an action."""
