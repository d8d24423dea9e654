#!/usr/bin/env bash
# Install what Vinh Danh needs on a Debian 12 machine, into ./.venv.
#   scripts/setup.sh          runtime only (the demo)
#   scripts/setup.sh --dev    runtime, test tools, PostgreSQL 15, Chromium and fonts
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Cần quyền root để cài gói hệ thống / root is needed to install: $*" >&2; exit 1; fi
}

packages=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || packages+=("$1"); }

if command -v apt-get >/dev/null; then
  command -v python3 >/dev/null || need python3
  python3 -c 'import ensurepip, venv' 2>/dev/null || need python3-venv
  need ca-certificates
  # Documents: WeasyPrint renders HTML to PDF with Pango; LibreOffice turns DOCX into PDF;
  # Tinos/Liberation Serif stand in for Times New Roman with every Vietnamese glyph.
  need libpango-1.0-0
  need libpangoft2-1.0-0
  need libreoffice-writer-nogui
  need fonts-liberation2
  need fonts-croscore
  need fonts-dejavu-core
  if [ "$dev" -eq 1 ]; then
    command -v git >/dev/null || need git
    [ -x /usr/lib/postgresql/15/bin/initdb ] || need postgresql-15
    [ -x /usr/bin/chromium ] || need chromium
    need poppler-utils
  fi
  if [ "${#packages[@]}" -gt 0 ]; then
    echo ">> apt-get install ${packages[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${packages[@]}"
  fi
fi

python=python3
command -v python3.11 >/dev/null && python=python3.11
if [ ! -x .venv/bin/python ]; then
  echo ">> $python -m venv .venv"
  "$python" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check uv
fi
lock=requirements/base.lock
[ "$dev" -eq 1 ] && lock=requirements/dev.lock
echo ">> uv pip sync $lock"
.venv/bin/uv pip sync -q --python .venv/bin/python "$lock"
.venv/bin/uv pip install -q --python .venv/bin/python --no-deps -e .
