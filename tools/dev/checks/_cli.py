"""The one optional folder argument the checks take, with `--help` (a test runs every documented `--help`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def folder_argument(argv: list[str] | None, description: str, name: str, default: Path) -> Path:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(name, nargs="?", type=Path, default=default, help=f"por omisión {default}")
    return getattr(parser.parse_args(argv), name).resolve()
