// Every page names itself in the browser's tab, in Russian: a tab left open, a bookmark or the history list says what
// the page is. The sign-in page serves every role (parents, staff, the authority), so it names the product, not the
// e-diary alone.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { meta as loginMeta } from './login'

const routes = fs.readdirSync(__dirname).filter((f) => /\.tsx$/.test(f) && !/\.test\.tsx$/.test(f))
// Pages whose component is never shown: the loader always redirects or throws (the error page has its own title).
const NEVER_SHOWN = new Set(['$.tsx', 'parent.applications.$applicationId.tsx'])

describe('page titles', () => {
  it('every page route exports its own meta with a title', () => {
    const untitled = routes.filter((file) => {
      const source = fs.readFileSync(path.join(__dirname, file), 'utf8')
      return /export default function/.test(source) && !NEVER_SHOWN.has(file) && !/export const meta\b[\s\S]*?title:/.test(source)
    })
    expect(untitled).toEqual([])
  })

  it('a title written out is Russian (Latin only in abbreviations such as API)', () => {
    const latin = routes.flatMap((file) => {
      const source = fs.readFileSync(path.join(__dirname, file), 'utf8')
      const titles = [...source.matchAll(/\{ title: [`']([^`']*)[`'] \}/g)].map((m) => m[1])
      return titles.filter((t) => !/[А-Яа-яЁё]/.test(t) || /\b[A-Za-z]*[a-z][A-Za-z]*\b/.test(t)).map((t) => `${file}: ${t}`)
    })
    expect(latin).toEqual([])
  })

  it('the sign-in page names the product', () => {
    const [tag] = loginMeta({} as Parameters<typeof loginMeta>[0]) as Array<{ title: string }>
    expect(tag.title).toBe('Вход — Информация о текущей успеваемости')
  })
})
