"""Storage: opening, checking, migrating and editing the workspace database (no Qt)."""
