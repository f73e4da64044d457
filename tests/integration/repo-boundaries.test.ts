// Nothing in the product or its tests reads outside the repository: a plain clone must run everything.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = process.cwd()
const DIRS = ['app', 'workflows', 'tests', 'scripts', 'prisma', 'bench']
const SOURCE = /\.(ts|tsx|js|cjs|mjs|sh)$/
// A path that climbs out of the repository to the developers' shared folder, in any of the ways Node spells it.
const OUTSIDE = [/\.\.\/+shared\b/, /['"]\.\.['"]\s*,\s*['"]shared['"]/, /\/work\/shared\b/]

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else if (SOURCE.test(entry.name)) yield full
  }
}

describe('repository boundaries', () => {
  it('no source or test file refers to a path outside the repository', () => {
    const offenders: string[] = []
    let read = 0
    for (const dir of DIRS) {
      for (const file of walk(path.join(ROOT, dir))) {
        if (file === __filename) continue
        read++
        const text = fs.readFileSync(file, 'utf8')
        if (OUTSIDE.some((re) => re.test(text))) offenders.push(path.relative(ROOT, file))
      }
    }
    expect(read).toBeGreaterThan(100)
    expect(offenders).toEqual([])
  })
})
