// Sums the runners' results into the single closing line CI reads: «N passed, N failed».
// vitest ran on SQLite (tests/.tmp/vitest.json), on PostgreSQL (vitest-pg.json) or both, as TEST_DB says; a
// missing report counts as a failure.
const fs = require('node:fs')
const [tcPass, tcFail] = process.argv.slice(2).map(Number)
let passed = tcPass || 0
let failed = tcFail || 0
let skipped = 0
const read = (f) => {
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8'))
  } catch {
    return null
  }
}

const which = process.env.TEST_DB || 'sqlite'
const runs = [
  ['tests/.tmp/vitest.json', 'SQLite', which !== 'postgres'],
  ['tests/.tmp/vitest-pg.json', 'PostgreSQL', which !== 'sqlite'],
].filter((r) => r[2])
for (const [file, name] of runs) {
  const v = read(file)
  if (v) {
    passed += v.numPassedTests
    failed += v.numFailedTests
    skipped += (v.numPendingTests || 0) + (v.numTodoTests || 0)
    console.log(`vitest на ${name}: ${v.numPassedTests} passed, ${v.numFailedTests} failed`)
  } else {
    failed += 1
    console.log(`vitest на ${name}: нет отчёта`)
  }
}

const p = read('tests/.tmp/playwright.json')
if (p && p.stats) {
  passed += p.stats.expected
  failed += p.stats.unexpected + (p.stats.flaky || 0)
  skipped += p.stats.skipped
} else {
  failed += 1
  console.log('playwright: нет отчёта')
}

if (skipped) console.log(`skipped: ${skipped}`)
// The last line is exactly «N passed, N failed» (CI reads it).
console.log(`${passed} passed, ${failed} failed`)
