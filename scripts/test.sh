#!/usr/bin/env bash
# `npm test`: typecheck, vitest (unit + integration, a fresh SQLite file per test file), Playwright in Debian's
# Chromium against a server the run starts itself. Ends with one line «N passed, N failed» over all runners.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/.tmp
rm -f tests/.tmp/vitest.json tests/.tmp/playwright.json

status=0
echo "== typecheck"
if npx tsc --noEmit; then tc_pass=1; tc_fail=0; else tc_pass=0; tc_fail=1; status=1; fi

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=tests/.tmp/vitest.json || status=1

echo "== playwright"
PLAYWRIGHT_JSON_OUTPUT_NAME=tests/.tmp/playwright.json npx playwright test --reporter=list,json || status=1

node scripts/test-summary.cjs "$tc_pass" "$tc_fail"
exit $status
