#!/usr/bin/env bash
# The whole test suite: everything on SQLite, then the database tests again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

.venv/bin/pytest "$@"

PG_URL=${GONGKAI_TEST_PG:-postgres://postgres@127.0.0.1:5432/test}
if .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as e:
    print(f"PostgreSQL not reachable at {sys.argv[1]}: {e}", file=sys.stderr)
    sys.exit(1)
PY
then
  GONGKAI_DATABASE_URL="$PG_URL" .venv/bin/pytest -m "not browser" tests/web tests/desk "$@"
elif [ "${CI:-}" = "true" ]; then
  echo "CI: the PostgreSQL tests must run, but PostgreSQL is not reachable" >&2
  exit 1
else
  echo "PostgreSQL not reachable: the PostgreSQL run of the database tests was skipped" >&2
fi
