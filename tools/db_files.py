"""The database's source files (database/): where they are, their order and their checksums.

Shared by the deploy, its verification and the embedded server, so that none of them imports another
only for these (deploy -> verify_install -> embedded_db -> db_files, never back).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_DIR = ROOT / "database"


class DeployError(Exception):
    pass


def checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def table_files(dialect: str) -> list[tuple[int, Path]]:
    found = []
    for path in sorted((DB_DIR / "tables" / dialect).glob("V*__*.sql")):
        found.append((int(path.name[1:4]), path))
    return found


def procedure_files(dialect: str, db_dir: Path = DB_DIR) -> list[Path]:
    """Procedure files in dependency order: app helpers, then stats views, then APIs.

    Within a schema, a file may name others it needs with `-- requires: app.X`. `db_dir`: another
    copy of database/ (the parity check deploys the tree it is given).
    """
    files = sorted((db_dir / "procedures" / dialect).glob("*.sql"))
    rank = {"app": 0, "stats": 1, "webform": 2, "staff": 2}
    by_name = {path.stem: path for path in files}
    ordered: list[Path] = []
    seen: set[str] = set()

    def visit(path: Path, stack: tuple[str, ...] = ()) -> None:
        if path.stem in seen:
            return
        if path.stem in stack:
            raise DeployError(f"dependencia circular en {path.name}")
        for dep in re.findall(r"^--\s*requires:\s*([\w.]+)", path.read_text(encoding="utf-8"), re.M):
            if dep not in by_name:
                raise DeployError(f"{path.name}: requiere {dep}, que no existe")
            visit(by_name[dep], (*stack, path.stem))
        seen.add(path.stem)
        ordered.append(path)

    for path in sorted(files, key=lambda p: (rank.get(p.stem.split(".")[0], 3), p.stem)):
        visit(path)
    return ordered
