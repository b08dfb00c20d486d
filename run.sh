#!/usr/bin/env bash
# Installs what is needed and runs the system on the embedded PostgreSQL.
# Usage: ./run.sh            (database + web form; Ctrl+C stops everything)
#        ./run.sh --help     (options)
set -euo pipefail
cd "$(dirname "$0")"
bash tools/install.sh
exec .venv/bin/python -m tools.run_system "$@"
