// The real-world import corpus (tests/fixtures/real-world/import/, made by scripts/make-import-corpus.ts): each file,
// in order, through the product's import (dry run, then apply), against its expected outcome in cases.json.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { applyImport, dryRunImport } from '#app/import/run.server'
import { buildCorpus, type Case } from '../../scripts/make-import-corpus'

const DIR = path.resolve(__dirname, '..', 'fixtures', 'real-world', 'import')
const cases = JSON.parse(fs.readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as Case[]
const SCHOOL = 'school_8'
const FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/

describe('real-world import corpus', () => {
  it('the committed files are what the script makes (CSV byte for byte; XLSX cell for cell)', async () => {
    const built = await buildCorpus()
    expect(built.map((c) => c.file)).toEqual(cases.map((c) => c.file))
    for (const c of built) if (c.file.endsWith('.csv')) expect(fs.readFileSync(path.join(DIR, c.file)).equals(c.bytes)).toBe(true)
  })

  for (const c of cases) {
    it(`${c.file}: ${c.about}`, async () => {
      const input = { schoolId: SCHOOL, kind: c.kind, fileName: c.file, bytes: new Uint8Array(fs.readFileSync(path.join(DIR, c.file))) }
      const dry = await dryRunImport(input)
      const report = c.expect.ok ? await applyImport(input) : dry
      const texts = (list: Array<{ message: string }>) => list.map((i) => i.message)
      expect(texts(report.errors).length, texts(report.errors).join('\n')).toBe(c.expect.errors.length)
      c.expect.errors.forEach((re, i) => expect(report.errors[i].message).toMatch(new RegExp(re)))
      expect(texts(report.warnings).length, texts(report.warnings).join('\n')).toBe(c.expect.warnings.length)
      c.expect.warnings.forEach((re, i) => expect(report.warnings[i].message).toMatch(new RegExp(re)))
      expect(report.ok).toBe(c.expect.ok)
      if (c.expect.counts) expect(report.counts).toEqual(c.expect.counts)
      if (c.expect.ok) expect(report.applied).toBe(true)
    })
  }

  it('afterwards: one «Семёнов Пётр» (spelled with «ё»), «Ёлкина» born on the serial’s day, topics stored clean', async () => {
    const semenov = await db.pupil.findMany({ where: { schoolId: SCHOOL, birthDate: '2011-01-01', firstName: { in: ['Пётр', 'Петр'] } } })
    expect(semenov.map((p) => `${p.lastName} ${p.firstName}`)).toEqual(['Семёнов Пётр'])
    expect((await db.pupil.findFirstOrThrow({ where: { lastName: 'Ёлкина' } })).birthDate).toBe('2011-06-08')
    expect((await db.pupil.findFirstOrThrow({ where: { lastName: 'Зуева', firstName: 'Ольга', middleName: 'Павловна' } })).birthDate).toBe(
      '2011-05-15',
    )
    const lessons = await db.lesson.findMany({
      where: { schoolId: SCHOOL, date: '2026-11-16', period: { in: [8, 9, 10] } },
      orderBy: { period: 'asc' },
    })
    expect(lessons.map((l) => l.topic)).toEqual(['Обыкновенные дроби.\nСравнение дробей', 'Смешанные числа', 'Обычная тема'])
    expect(lessons[0].homework).toBe('№ 45–48')
    expect(lessons.some((l) => FORBIDDEN.test(l.topic + l.homework))).toBe(false)
    expect(await db.pupil.count({ where: { lastName: 'Иванов', firstName: 'Иван', birthDate: '2011-02-02' } })).toBe(0)
    const typed = await db.pupil.findMany({
      where: { schoolId: SCHOOL, birthDate: { in: ['2011-04-03', '2011-06-05'] }, firstName: { in: ['Анна', 'Жанна'] } },
      orderBy: { birthDate: 'asc' },
    })
    expect(typed.map((p) => `${p.lastName} ${p.firstName}`)).toEqual(['Римская-Корсакова Анна', "Д'Арк Жанна"])
  })
})
