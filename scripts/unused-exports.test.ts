// Issue 20.10: dead exports do not come back. scripts/unused-exports.ts lists the exports of app/ and workflows/ that
// no file imports; `npx tsx scripts/unused-exports.ts --fix` drops the keyword where the file still uses the name.
import { describe, expect, it } from 'vitest'
import { unusedExports } from './unused-exports'

describe('unused exports', () => {
  it('every export of app/ and workflows/ is imported somewhere (or is a Remix route export)', () => {
    expect(unusedExports().map((f) => `${f.file}: ${f.name}${f.usedInFile ? '' : ' (dead code)'}`)).toEqual([])
  })
})
