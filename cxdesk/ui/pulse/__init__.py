"""The pulse tab."""
