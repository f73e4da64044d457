// Every audit action and entity the code records has a Russian name: the test reads app/ itself, so a new
// recordAudit({ action: 'x:y' }) without a label fails here instead of showing «x:y» to the director.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTION_LABELS, actionLabel, ENTITY_LABELS, objectLabel } from './audit-labels'

const APP = path.resolve(__dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name)
    if (d.isDirectory()) return d.name === 'generated' ? [] : sources(full)
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [full] : []
  })
}

const CALL = /\b(?:recordAudit|auditRow|auditEvent\.create(?:Many)?)\s*\(/g

/** The text of each audit call: from the opening parenthesis to its match, skipping string literals. */
function auditCalls(text: string): string[] {
  const calls: string[] = []
  for (const m of text.matchAll(CALL)) {
    let depth = 0
    let quote = ''
    let i = m.index + m[0].length - 1
    for (; i < text.length; i++) {
      const c = text[i]
      if (quote) {
        if (c === '\\') i++
        else if (c === quote) quote = ''
      } else if (c === "'" || c === '"' || c === '`') quote = c
      else if (c === '(') depth++
      else if (c === ')' && --depth === 0) break
    }
    calls.push(text.slice(m.index, i + 1))
  }
  return calls
}

/** `export const NAME = 'value'` anywhere in app/: an action given by a constant. */
function constants(files: Array<{ text: string }>): Map<string, string> {
  const map = new Map<string, string>()
  for (const { text } of files) for (const m of text.matchAll(/\bconst\s+([A-Z][A-Z0-9_]*)\s*=\s*'([^']*)'/g)) map.set(m[1], m[2])
  return map
}

function recorded() {
  const files = sources(APP).map((file) => ({ file: path.relative(APP, file), text: readFileSync(file, 'utf8') }))
  const named = constants(files)
  const actions: Array<{ file: string; code: string; template: boolean }> = []
  const entities: Array<{ file: string; entity: string }> = []
  for (const { file, text } of files) {
    for (const call of auditCalls(text)) {
      for (const m of call.matchAll(/\baction:\s*(?:'([^']+)'|"([^"]+)"|`([^`]+)`|([A-Z][A-Z0-9_]*))/g)) {
        const [, single, double, template, constant] = m
        const code = single ?? double ?? template ?? named.get(constant) ?? `(константа ${constant} не найдена)`
        actions.push({ file, code, template: template !== undefined && template.includes('${') })
      }
      for (const m of call.matchAll(/\bentity:\s*'([^']+)'/g)) entities.push({ file, entity: m[1] })
    }
  }
  return { actions, entities }
}

describe('audit labels', () => {
  const { actions, entities } = recorded()

  it('finds the audit calls of the app (the matcher still works)', () => {
    expect(new Set(actions.map((a) => a.code)).size).toBeGreaterThan(30)
    expect(actions.map((a) => a.code)).toEqual(
      expect.arrayContaining(['sign-in', 'issue:one-time-password', 'store:activity-report', 'import']),
    )
    expect(new Set(entities.map((e) => e.entity)).size).toBeGreaterThan(8)
  })

  it('names every recorded action in Russian', () => {
    const missing = actions.filter((a) => {
      if (!a.template) return !ACTION_LABELS[a.code]
      // `${intent}:outgoing-mail`: some labelled code must fit the pattern.
      const pattern = new RegExp(
        `^${a.code
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
          .join('[a-z-]+')}$`,
      )
      return !Object.keys(ACTION_LABELS).some((code) => pattern.test(code))
    })
    expect(missing.map((a) => `${a.file}: ${a.code}`)).toEqual([])
  })

  it('names every recorded entity in Russian', () => {
    const missing = entities.filter((e) => !ENTITY_LABELS[e.entity])
    expect(missing.map((e) => `${e.file}: ${e.entity}`)).toEqual([])
  })

  it('labels are Russian words, and an unknown code still reads as Russian', () => {
    for (const label of [...Object.values(ACTION_LABELS), ...Object.values(ENTITY_LABELS)]) expect(label).toMatch(/^[а-яё]/)
    expect(actionLabel('view:pupil')).toBe('просмотр карточки обучающегося')
    expect(actionLabel('frobnicate:thing')).toBe('действие: frobnicate:thing')
  })

  it('names objects without raw entity names', () => {
    expect(objectLabel('OutboxJob', 'job1')).toBe('исходящее письмо job1')
    expect(objectLabel('CalendarYear', '2027')).toBe('производственный календарь на 2027 год')
    expect(objectLabel('Setting', 'grounds.acceptance')).toBe('настройка: основания для отказа в приёме документов')
    expect(objectLabel('import', 'marks')).toBe('импорт: Оценки')
    expect(objectLabel('Widget', 'w1')).toBe('объект «Widget» w1')
    expect(objectLabel('', '')).toBe('')
  })
})
