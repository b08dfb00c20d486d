"""The gateway's usage example calls procedures that exist, with parameters that exist."""

from __future__ import annotations

import re
from pathlib import Path

import gateway
from tools.dev.checks._sqltokens import tokenize
from tools.dev.checks.parity import pg_objects

PG_DIR = Path(__file__).resolve().parents[2] / "database" / "procedures" / "pg"


def pg_signatures() -> dict[str, list[str]]:
    found = {}
    for path in PG_DIR.glob("*.sql"):
        for obj in pg_objects(tokenize(path.read_text(encoding="utf-8"), "pg")):
            found[obj.name.lower()] = [p.name.lower().removeprefix("p_") for p in obj.params]
    return found


def test_docstring_calls_exist_with_their_parameters():
    calls = re.findall(r'\.call\("([\w.]+)"((?:, \w+=[^,)]+)*)\)', gateway.__doc__ or "")
    assert len(calls) >= 2, gateway.__doc__
    signatures = pg_signatures()
    for procedure, args in calls:
        assert procedure in signatures, f"{procedure} no existe"
        for name in re.findall(r"(\w+)=", args):
            assert name in signatures[procedure], f"{procedure} no tiene el parámetro {name}"
