#!/usr/bin/env bash
# Install Vinh Danh and run the demo province on the embedded SQLite database.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/vinhdanh demo "$@"
