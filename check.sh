#!/usr/bin/env bash
# Installs what is needed and runs every check and test. CI runs exactly this.
set -uo pipefail
cd "$(dirname "$0")"
bash tools/install.sh --dev || exit 1
py=.venv/bin/python
status=0
run() {
    echo "==> $*"
    local started=$SECONDS
    "$@" || { echo "FALLÓ: $*"; status=1; }
    echo "    ($(( SECONDS - started )) s)"
}
run .venv/bin/ruff check .
for check in tools/checks/*.py; do
    case "$(basename "$check")" in _*) continue ;; esac  # __init__.py and helper modules
    mod=${check%.py}; mod=${mod//\//.}
    run "$py" -m "$mod"
done
mkdir -p artifacts
run "$py" -m pytest -p no:cacheprovider "$@"
exit $status
