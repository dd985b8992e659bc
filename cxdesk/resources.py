"""Where the shipped resources (icons, fonts, default content) are, installed or from source."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir() -> Path:
    # A wheel carries them inside the package; a source checkout keeps them at the top.
    installed = _PACKAGE / "_resources"
    return installed if installed.is_dir() else _PACKAGE.parent / "resources"


def resource(*parts: str) -> Path:
    path = resource_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"CX Desk resource missing: {path}")
    return path
