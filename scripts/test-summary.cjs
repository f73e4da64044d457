// Sums the runners' results into the single closing line CI reads: «N passed, N failed».
const fs = require('node:fs')
const [tcPass, tcFail] = process.argv.slice(2).map(Number)
let passed = tcPass || 0
let failed = tcFail || 0
let skipped = 0
const read = (f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')) } catch { return null } }

const v = read('tests/.tmp/vitest.json')
if (v) { passed += v.numPassedTests; failed += v.numFailedTests; skipped += (v.numPendingTests || 0) + (v.numTodoTests || 0) }
else { failed += 1; console.log('vitest: нет отчёта') }

const p = read('tests/.tmp/playwright.json')
if (p && p.stats) { passed += p.stats.expected; failed += p.stats.unexpected + (p.stats.flaky || 0); skipped += p.stats.skipped }
else { failed += 1; console.log('playwright: нет отчёта') }

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
