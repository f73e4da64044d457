#!/usr/bin/env bash
# `npm test`: typecheck, lint (ESLint and the Prettier check, ADR 063, 066), vitest
# (unit + integration, a fresh database per test file), Playwright in Debian's Chromium against a server the run
# starts itself. Ends with one line «N passed, N failed» over all runners.
# TEST_DB picks vitest's database (ADR 041): sqlite (default: a SQLite file per test file), postgres (a PostgreSQL
# database per test file on the server PG_URL names), or both (vitest twice; .ci/run does this).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/.tmp
rm -f tests/.tmp/vitest.json tests/.tmp/vitest-pg.json tests/.tmp/playwright.json
TEST_DB="${TEST_DB:-sqlite}"
case "$TEST_DB" in sqlite|postgres|both) ;; *) echo "TEST_DB: ожидается sqlite, postgres или both, а не «$TEST_DB»"; exit 2 ;; esac

status=0
echo "== typecheck"
if npx tsc --noEmit; then tc_pass=1; tc_fail=0; else tc_pass=0; tc_fail=1; status=1; fi
echo "== lint"
if npx eslint --quiet . && npx prettier --check --log-level warn .; then tc_pass=$((tc_pass + 1)); else tc_fail=$((tc_fail + 1)); status=1; fi

if [ "$TEST_DB" != postgres ]; then
  echo "== vitest на SQLite (файл базы на каждый тестовый файл)"
  TEST_DB=sqlite npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.tmp/vitest.json || status=1
fi
if [ "$TEST_DB" != sqlite ]; then
  echo "== vitest на PostgreSQL (${PG_URL:-postgresql://ci:***@127.0.0.1:5432/postgres}; база на каждый тестовый файл; исключения — tests/postgres-excluded.txt)"
  TEST_DB=postgres npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.tmp/vitest-pg.json || status=1
fi

echo "== playwright"
PLAYWRIGHT_JSON_OUTPUT_NAME=tests/.tmp/playwright.json npx playwright test --reporter=list,json || status=1

TEST_DB="$TEST_DB" node scripts/test-summary.cjs "$tc_pass" "$tc_fail"
exit $status
