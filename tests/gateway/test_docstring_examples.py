"""The gateway's usage example calls procedures that exist, with parameters that exist."""

from __future__ import annotations

import re
from pathlib import Path

import gateway
from tools.dev.checks import _pg_catalog

DATABASE = Path(__file__).resolve().parents[2] / "database"


def pg_signatures(server) -> dict[str, list[str]]:
    """Parameter names of every pg function, from the catalog of the deployed files."""
    found = {}
    for entry in _pg_catalog.catalog(DATABASE, server)["files"].values():
        for obj in entry.get("objects", []):
            found[obj["name"].lower()] = [p["name"].lower().removeprefix("p_") for p in obj["params"]]
    return found


def test_docstring_calls_exist_with_their_parameters(pg_cluster):
    calls = re.findall(r'\.call\("([\w.]+)"((?:, \w+=[^,)]+)*)\)', gateway.__doc__ or "")
    assert len(calls) >= 2, gateway.__doc__
    signatures = pg_signatures(pg_cluster.server)
    for procedure, args in calls:
        assert procedure in signatures, f"{procedure} no existe"
        for name in re.findall(r"(\w+)=", args):
            assert name in signatures[procedure], f"{procedure} no tiene el parámetro {name}"
