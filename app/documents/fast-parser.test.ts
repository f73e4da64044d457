import expressionParser from 'docxtemplater/expressions.js'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BENCH_EXTRACT, DEMO_DATA } from './demo-data'
import { fastParser } from './fast-parser.server'
import { loadTemplate, renderDocx } from './render.server'

type Get = (scope: unknown, context: unknown) => unknown
const get = (parser: typeof expressionParser, tag: string): Get => parser(tag).get as Get

/** Both parsers on the same tag, scope and scope list: the same value, or the same error. */
function both(tag: string, scope: unknown, scopeList: unknown[]): { fast: unknown; full: unknown } {
  const context = { scopeList, num: scopeList.length - 1, scopePathItem: [], scopeTypes: [] }
  const run = (parser: typeof expressionParser) => {
    try {
      const v = get(parser, tag)(scope, context)
      // A function comes back bound to its scope (a new object each time): compare what it returns.
      return typeof v === 'function' ? { function: (v as () => unknown)() } : v
    } catch (e) {
      return `throws: ${(e as Error).message}`
    }
  }
  return { fast: run(fastParser), full: run(expressionParser) }
}

const pupil = { fullName: 'Смирнов Артём', class: { name: '7Б', teacher: null }, marks: [5, 4], zero: 0, empty: '' }
const inherited = Object.create({ fromProto: 'унаследовано' }) as Record<string, unknown>
inherited.own = 'своё'
const SCOPES: Array<[string, unknown, unknown[]]> = [
  ['the root scope', { pupil, school: { name: 'СОШ № 8' }, n: null }, []],
  ['a loop item over the root', { date: '02.09.2026', pupil: null }, [{ pupil, date: 'корень' }]],
  ['a null-valued name deeper in', { pupil: null, n: null }, [{ n: null }, { pupil: undefined }]],
  ['a primitive item (a loop over strings)', 'строка', [{ pupil }]],
  ['a null scope', null, [{ pupil }]],
  ['an object with a prototype', inherited, [{ pupil }]],
  [
    'functions and dangerous values',
    {
      fn: () => 'вызвана',
      g: globalThis,
      big: {
        f() {
          return 1
        },
      },
    },
    [{ pupil }],
  ],
]
const TAGS = [
  'pupil',
  'pupil.fullName',
  ' pupil.fullName ',
  'pupil.class.name',
  'pupil.class.teacher',
  'pupil.class.teacher.name',
  'pupil.marks',
  'pupil.marks.length',
  'pupil.zero',
  'pupil.empty',
  'pupil.missing',
  'pupil.missing.deeper',
  'school.name',
  'date',
  'n',
  'nothing',
  'length',
  'own',
  'fromProto',
  'fn',
  'g',
  'big.f',
  'toString',
  'pupil.hasOwnProperty',
  'pupil.constructor',
  'constructor',
  'this',
  'true',
  '$index',
  '$index + 1',
  'pupil.fullName | nosuchfilter',
]

describe('fastParser resolves a tag exactly as docxtemplater/expressions.js does', () => {
  for (const [what, scope, scopeList] of SCOPES) {
    it(`on ${what}, the scope outside the scope list (as the fast loop asks) and as its last item (as docxtemplater does)`, () => {
      for (const list of [scopeList, [...scopeList, scope]]) {
        for (const tag of TAGS) {
          const { fast, full } = both(tag, scope, list)
          expect({ tag, value: fast }).toEqual({ tag, value: full })
        }
      }
    })
  }

  it('rejects the same broken expressions at compile time', () => {
    for (const tag of ['pupil.', 'a b', '(', 'pupil..name']) {
      expect(() => fastParser(tag)).toThrow()
      expect(() => expressionParser(tag)).toThrow()
    }
  })
})

describe('rendering stays off the angular sandbox', () => {
  afterEach(() => vi.restoreAllMocks())

  // angular-expressions deletes and redefines Function.prototype.constructor around every evaluation, which makes
  // V8 throw away optimised code across the isolate. Plain tags must not get there.
  function sandboxRuns(render: () => void): number {
    const spy = vi.spyOn(Object, 'getOwnPropertyDescriptor')
    render()
    const n = spy.mock.calls.filter(([o, k]) => o === Function.prototype && k === 'constructor').length
    spy.mockRestore()
    return n
  }

  it('an extract of a quarter (hundreds of rows) evaluates no angular expression', () => {
    const template = loadTemplate('vypiska')
    renderDocx(template, BENCH_EXTRACT, 'vypiska') // compile outside the count
    expect(sandboxRuns(() => renderDocx(template, BENCH_EXTRACT, 'vypiska'))).toBe(0)
  })

  it('the application form evaluates no angular expression', () => {
    const template = loadTemplate('zayavlenie')
    renderDocx(template, DEMO_DATA.zayavlenie, 'zayavlenie')
    expect(sandboxRuns(() => renderDocx(template, DEMO_DATA.zayavlenie, 'zayavlenie'))).toBe(0)
  })

  it('a real expression ({$index + 1} in the refusal grounds) still goes to angular-expressions', () => {
    const template = loadTemplate('otkaz-v-prieme')
    renderDocx(template, DEMO_DATA['otkaz-v-prieme'], 'otkaz-v-prieme')
    expect(sandboxRuns(() => renderDocx(template, DEMO_DATA['otkaz-v-prieme'], 'otkaz-v-prieme'))).toBeGreaterThan(0)
  })
})
