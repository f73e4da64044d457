// Every template through LibreOffice and back with pdftotext. One soffice run converts all of them.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BENCH_EXTRACT, DEMO_BLANK_APPLICATION, DEMO_DATA } from './demo-data'
import { convertManyToPdf, convertToPdfResult, isPdfAvailable, type PdfResult } from './pdf.server'
import { renderTemplate } from './render.server'
import { TEMPLATE_FILES, type TemplateName } from './types'

const hasSoffice = isPdfAvailable()

type Case = TemplateName | 'zayavlenie-blank'
const CASES: Case[] = [...(Object.keys(TEMPLATE_FILES) as TemplateName[]), 'zayavlenie-blank']

function docxFor(c: Case): Buffer {
  if (c === 'zayavlenie-blank') return renderTemplate('zayavlenie', DEMO_BLANK_APPLICATION)
  if (c === 'vypiska') return renderTemplate('vypiska', BENCH_EXTRACT) // 200 marks: ≈ 10 pages
  return renderTemplate(c, DEMO_DATA[c] as never)
}

const dir = mkdtempSync(join(tmpdir(), 'pdf-test-'))
const results = new Map<Case, PdfResult>()
const texts = new Map<string, string>()

/**
 * pdftotext output with whitespace runs collapsed, so a value broken across lines still matches.
 * `layout` keeps each printed line together (a ☐ with its text); without it table cells read in order.
 */
function pdfText(c: Case, layout = false): string {
  const key = `${c}:${layout}`
  const cached = texts.get(key)
  if (cached !== undefined) return cached
  const result = results.get(c)
  if (!result?.ok) throw new Error(`${c}: ${result && !result.ok ? result.reason : 'not converted'}`)
  const file = join(dir, `${c}.pdf`)
  writeFileSync(file, result.pdf)
  const args = ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), file, '-']
  const text = execFileSync('pdftotext', args, { encoding: 'utf8' }).replace(/\s+/g, ' ')
  texts.set(key, text)
  return text
}

function pages(c: Case): number {
  const info = execFileSync('pdfinfo', [join(dir, `${c}.pdf`)], { encoding: 'utf8' })
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1])
}

describe('PDF via LibreOffice', () => {
  beforeAll(async () => {
    if (!hasSoffice) return
    const converted = await convertManyToPdf(CASES.map(docxFor))
    CASES.forEach((c, i) => results.set(c, converted[i]))
  }, 180_000)

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.skipIf(!hasSoffice)('converts every template', () => {
    for (const c of CASES) {
      const r = results.get(c)
      expect(r?.ok, `${c}: ${r && !r.ok ? r.reason : ''}`).toBe(true)
      expect(r?.ok && r.pdf.subarray(0, 5).toString()).toBe('%PDF-')
    }
  })

  it.skipIf(!hasSoffice)('application: names and ☒/☐ survive', () => {
    const text = pdfText('zayavlenie', true)
    expect(text).toContain('ЗАЯВЛЕНИЕ')
    // The form's own cases (issue 19, item 4): «от» + the applicant and «успеваемости» + the pupil in the genitive.
    expect(text).toContain('Смирновой Ольги Викторовны')
    expect(text).toContain('Смирнова Артёма Денисовича')
    expect(text).toContain('☒ о темах и видах занятий и работ')
    expect(text).toContain('☐ о расписании занятий на текущий учебный год')
    expect(pages('zayavlenie')).toBe(1)
  })

  it.skipIf(!hasSoffice)('blank application: one page, nine empty boxes', () => {
    const text = pdfText('zayavlenie-blank', true)
    expect(text.split('☐').length - 1).toBe(9)
    expect(text).not.toContain('☒')
    expect(pages('zayavlenie-blank')).toBe(1)
  })

  it.skipIf(!hasSoffice)('refusal letters: grounds and the reason', () => {
    expect(pdfText('otkaz-v-prieme')).toContain('об отказе в приёме документов')
    expect(pdfText('otkaz-v-prieme')).toContain('Не представлена копия документа, удостоверяющего личность заявителя')
    const refusal = pdfText('otkaz-v-predostavlenii')
    expect(refusal).toContain('Запрашиваемая информация отсутствует в электронном дневнике и электронном журнале успеваемости')
    expect(refusal).toContain('освобождён от занятий')
    expect(refusal).toContain('Т.В. Тушинская')
  })

  it.skipIf(!hasSoffice)('credentials: login and password, on one page', () => {
    const text = pdfText('rekvizity-dostupa')
    expect(text).toContain('smirnova.ov')
    expect(text).toContain('Kx7-pQ4m-Tz9')
    expect(text).toContain('https://dnevnik.sosh8.example.ru')
    expect(pages('rekvizity-dostupa')).toBe(1)
  })

  it.skipIf(!hasSoffice)('extract: pupil, a mark row, page numbers, certification', () => {
    const text = pdfText('vypiska')
    expect(text).toContain('Смирнов Артём Денисович')
    expect(text).toContain(BENCH_EXTRACT.marks[0].topic)
    expect(text).toContain('Выписка верна.')
    const n = pages('vypiska')
    expect(n).toBeGreaterThan(3)
    expect(text).toContain(`Страница ${n} из ${n}`)
  })

  it.skipIf(!hasSoffice)('registration log: landscape pages', () => {
    expect(pdfText('zhurnal-registracii')).toContain('ЖУРНАЛ')
    const info = execFileSync('pdfinfo', [join(dir, 'zhurnal-registracii.pdf')], { encoding: 'utf8' })
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? []
    expect(Number(w)).toBeGreaterThan(Number(h))
  })

  it.skipIf(!hasSoffice)('parent handout: one page with the deadlines', () => {
    const text = pdfText('pamyatka')
    expect(text).toContain('не более 10 минут')
    expect(text).toContain('30 календарных дней')
    expect(text).toContain('Ковалёва Ирина Николаевна')
    expect(pages('pamyatka')).toBe(1)
  })

  it.skipIf(!hasSoffice)('check report: deviations, conclusion, page numbers', () => {
    const text = pdfText('proverka')
    expect(text).toContain('СПРАВКА № 3')
    expect(text).toContain('Нарушен срок регистрации заявления')
    expect(text).toContain('Ответственному работнику Ковалёвой И.Н.')
    expect(text).toContain('Т.В. Тушинская')
    const n = pages('proverka')
    expect(text).toContain(`Страница ${n} из ${n}`)
  })

  it.skipIf(!hasSoffice)('activity report: landscape pages with the roles and teachers', () => {
    const text = pdfText('otchet-aktivnosti')
    expect(text).toContain('ОТЧЁТ')
    expect(text).toContain('октябрь 2024 г.')
    expect(text).toContain('Полякова Елена Андреевна')
    const info = execFileSync('pdfinfo', [join(dir, 'otchet-aktivnosti.pdf')], { encoding: 'utf8' })
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info) ?? []
    expect(Number(w)).toBeGreaterThan(Number(h))
  })

  it.skipIf(!hasSoffice)(
    'a conversion over its time limit is stopped and reported',
    async () => {
      // 1 ms: a warm LibreOffice converts a one-page letter in tens of milliseconds on an idle machine (ADR 036).
      const result = await convertToPdfResult(docxFor('otkaz-v-prieme'), 1)
      expect(result).toEqual({ ok: false, reason: expect.stringContaining('не уложилось в 1 мс') })
    },
    30_000,
  )

  it.skipIf(hasSoffice)('without LibreOffice: null and a reason, no exception', async () => {
    const result = await convertToPdfResult(docxFor('otkaz-v-prieme'))
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('LibreOffice') })
  })
})
