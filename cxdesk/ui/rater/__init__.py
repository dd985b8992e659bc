"""The rater tab."""
