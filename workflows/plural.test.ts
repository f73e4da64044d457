import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { count, plural } from './plural'

describe('plural: the one helper for a number and its noun (issue 19, item 4)', () => {
  it.each([
    [0, '0 классов'],
    [1, '1 класс'],
    [2, '2 класса'],
    [4, '4 класса'],
    [5, '5 классов'],
    [11, '11 классов'],
    [12, '12 классов'],
    [14, '14 классов'],
    [21, '21 класс'],
    [22, '22 класса'],
    [25, '25 классов'],
    [101, '101 класс'],
    [111, '111 классов'],
    [112, '112 классов'],
    [1000, '1 000 классов'],
    [1001, '1 001 класс'],
  ])('%d → %s', (n, expected) => {
    expect(count(n, 'класс', 'класса', 'классов').replace(/\u00a0/g, ' ')).toBe(expected)
  })

  it('agrees the verb with the number: «4 заявления не закрыты», «21 заявление не закрыто»', () => {
    const open = (n: number) => `${n} ${plural(n, 'заявление не закрыто', 'заявления не закрыты', 'заявлений не закрыто')}`
    expect(open(4)).toBe('4 заявления не закрыты')
    expect(open(21)).toBe('21 заявление не закрыто')
    expect(open(11)).toBe('11 заявлений не закрыто')
  })

  it('a fraction takes the genitive singular: «1,5 дня»', () => {
    expect(plural(1.5, 'день', 'дня', 'дней')).toBe('дня')
  })

  it('is the only plural rule in the product: no other module defines one', () => {
    const roots = ['app', 'workflows', 'scripts', 'server'].map((d) => path.resolve(__dirname, '..', d))
    const offenders: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) {
          if (entry.name !== 'generated' && entry.name !== 'node_modules') walk(full)
          continue
        }
        if (!/\.(ts|tsx|cjs|js)$/.test(entry.name) || full.endsWith(path.join('workflows', 'plural.ts'))) continue
        if (/(function|const)\s+plural\w*\s*[(=]/.test(fs.readFileSync(full, 'utf8')))
          offenders.push(path.relative(path.resolve(__dirname, '..'), full))
      }
    }
    for (const root of roots) if (fs.existsSync(root)) walk(root)
    expect(offenders).toEqual([])
  })
})
