import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KIND_DEFS } from './kinds/index'
import { IMPORT_KINDS, IMPORT_KIND_LABELS } from './types'

describe('docs/import.md', () => {
  it('documents every kind and every column the import reads', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'import.md'), 'utf8')
    for (const kind of IMPORT_KINDS) {
      const section = doc.split(`### ${IMPORT_KIND_LABELS[kind]} (\`${kind}\`)`)[1]?.split('\n### ')[0] ?? ''
      expect(section, kind).not.toBe('')
      for (const c of KIND_DEFS[kind].columns) expect(section, `${kind}: ${c.title}`).toContain(`| ${c.title}`)
    }
  })
})
