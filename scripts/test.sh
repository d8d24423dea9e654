#!/usr/bin/env bash
# Install everything the tests need, then run lint, types and the whole suite
# on SQLite and on a throwaway PostgreSQL 15 cluster (Chromium browser tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev

export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export VINHDANH_ARTIFACTS="${VINHDANH_ARTIFACTS:-$PWD/var/artifacts}"
mkdir -p "$VINHDANH_ARTIFACTS"
unset DATABASE_URL

status=0
run_pytest() {
  # Exit status 5 means "no tests collected", which must fail the run too.
  local rc=0
  pytest "$@" || rc=$?
  [ "$rc" -eq 0 ] || { echo "pytest failed with exit status $rc" >&2; status=1; }
}

echo "== ruff"; ruff check . || status=1
echo "== mypy --strict"; mypy vinhdanh config || status=1

echo "== tests on SQLite"
run_pytest -q "$@"

echo "== tests on PostgreSQL"
# shellcheck source=scripts/pg-throwaway.sh
source scripts/pg-throwaway.sh
pg_start
trap pg_stop EXIT
DATABASE_URL="$PG_URL" run_pytest -q "$@"
pg_stop
trap - EXIT

[ "$status" -eq 0 ] && echo "== all checks passed" || echo "== some checks FAILED" >&2
exit "$status"
