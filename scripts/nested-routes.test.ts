// A page route nested under another shows only where its parent renders an <Outlet /> (Remix flat routes: «a.b.tsx» is a
// child of «a.tsx»). A parent without one shows its own page at the child's address — the child's form never appears
// (the first «Передать в архив» page, staff.reports.results.transfer.tsx, was such a child). Every route with children
// renders an Outlet; a page meant to stand alone is named with a trailing «_» on the parent's segment.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, it } from 'vitest'

type Route = { id: string; file: string; children?: Route[] }

it('every route that has child routes renders an <Outlet />', () => {
  const root = path.resolve(__dirname, '..')
  const out = execFileSync(path.join(root, 'node_modules', '.bin', 'remix'), ['routes', '--json'], { cwd: root, encoding: 'utf8' })
  const tree = JSON.parse(out) as Route[]
  const read = (file: string) => fs.readFileSync(path.join(root, 'app', file), 'utf8')
  const isPage = (file: string) => /export default\b/.test(read(file))
  const missing: string[] = []
  const walk = (route: Route) => {
    // A resource route (no default export: a file, a download) answers by itself; a page child needs the Outlet.
    const pages = (route.children ?? []).filter((child) => isPage(child.file))
    if (pages.length && route.id !== 'root' && !/<Outlet\b/.test(read(route.file))) {
      missing.push(`${route.file} → ${pages.map((c) => c.file).join(', ')}`)
    }
    route.children?.forEach(walk)
  }
  tree.forEach(walk)
  expect(missing).toEqual([])
}, 60_000)
