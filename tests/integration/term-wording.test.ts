// Issue 20.3: the Порядок's terms are worded in one place (TERMS / TERM_TEXT in workflows/deadlines.ts), so a changed
// number changes every screen, letter and document. A screen that types «10 минут», «29 календарных дней» or
// «30 дней» itself would keep the old number: this fails on it.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TERMS } from '#workflows/deadlines'

const ROOT = process.cwd()
/** Not the procedure's terms: a demo pupil late for a lesson. */
const NOT_A_TERM = new Set(['app/documents/demo-journal.ts'])

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield full
  }
}

/** A term's number written out with its unit: «10 минут», «29 календарных дней», «срок (30 дней)». */
const TYPED_TERM = new RegExp(
  [
    `\\b${TERMS.inPersonRegistrationMinutes}\\s+минут`,
    `\\b${TERMS.reviewCalendarDays}\\s+календарн`,
    `\\b${TERMS.deliveryCalendarDays}\\s+календарн`,
    `\\(${TERMS.deliveryCalendarDays}\\s+дней\\)`,
  ].join('|'),
)

describe('the terms are worded in workflows/deadlines.ts only', () => {
  it('the pattern finds a typed term and passes the shared wording', () => {
    for (const typed of [
      'Регистрация — в течение 10 минут.',
      'не более 29 календарных дней',
      'срок (30 дней) идёт',
      'не позднее 30 календарных',
    ])
      expect(TYPED_TERM.test(typed), typed).toBe(true)
    for (const shared of ['в течение {TERM_TEXT.inPersonMinutes}', 'Временный пароль действует 30 дней', 'не позднее 1 рабочего дня'])
      expect(TYPED_TERM.test(shared), shared).toBe(false)
  })

  it('no screen, letter or document in app/ types a term of the Порядок itself', () => {
    const offenders: string[] = []
    let read = 0
    for (const file of walk(path.join(ROOT, 'app'))) {
      const rel = path.relative(ROOT, file)
      if (NOT_A_TERM.has(rel)) continue
      read++
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (TYPED_TERM.test(line) && !/^\s*(\/\/|\*|\/\*)/.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`)
        })
    }
    expect(read).toBeGreaterThan(200)
    expect(offenders).toEqual([])
  })
})
