// Issue 20.5 (ADR 062): the layers point down. The check runs over the real source tree, and its rules are tried on
// imports that run up, so a checker that stopped seeing them fails here too.
import { describe, expect, it } from 'vitest'
import { importsOf, upLayer, upLayerImports } from './import-layers'

describe('import layers', () => {
  it('no module of app/ or workflows/ imports up a layer', () => {
    expect(upLayerImports().map((e) => `${e.from} → ${e.to} (${e.why})`)).toEqual([])
  })

  it('names every kind of up-layer import', () => {
    expect(upLayer('workflows/deadlines.ts', 'app/utils/text.ts', false)).toMatch(/pure/)
    expect(upLayer('app/models/applications.server.ts', 'app/jobs/deadline-sweep.server.ts', false)).toMatch(/models .* jobs/)
    expect(upLayer('app/models/applications.server.ts', 'app/operations/transition.server.ts', false)).toMatch(/models .* operations/)
    expect(upLayer('app/utils/intake-flow.server.ts', 'app/operations/steps.server.ts', false)).toMatch(
      /app\/utils\/ imports no operations/,
    )
    expect(upLayer('app/utils/x.server.ts', 'app/jobs/outbox.server.ts', false)).toMatch(/app\/utils\/ imports no jobs/)
    expect(upLayer('app/operations/steps.server.ts', 'app/routes/staff.log.tsx', true)).toMatch(/only routes/)
    expect(upLayer('app/jobs/outbox.server.ts', 'app/routes/healthz.ts', false)).toMatch(/only routes/)
  })

  it('lets a layer import its own and the lower ones, types, and pure shared definitions', () => {
    expect(upLayer('app/routes/staff.log.tsx', 'app/operations/steps.server.ts', false)).toBeNull()
    expect(upLayer('app/jobs/deadline-sweep.server.ts', 'app/models/school-settings.server.ts', false)).toBeNull()
    expect(upLayer('app/operations/steps.server.ts', 'app/jobs/payloads.ts', false)).toBeNull()
    expect(upLayer('app/models/applications.server.ts', 'app/operations/application-schema.ts', false)).toBeNull()
    expect(upLayer('app/models/applications.server.ts', 'app/operations/transition.server.ts', true)).toBeNull()
    expect(upLayer('workflows/deadlines.ts', 'workflows/time.ts', false)).toBeNull()
  })

  it('reads value, type-only, re-exported, dynamic and side-effect imports apart', () => {
    const imports = importsOf(
      'x.ts',
      [
        "import { a, type B } from '#app/jobs/a.server'",
        "import type { C } from '#app/jobs/c.server'",
        "import { type D } from '#app/jobs/d.server'",
        "export { e } from '#app/jobs/e.server'",
        "import '#app/documents/generate.server'",
        "const f = () => import('#app/jobs/f.server')",
      ].join('\n'),
    )
    expect(imports.map(({ spec, typeOnly, bare }) => [spec, typeOnly, bare])).toEqual([
      ['#app/jobs/a.server', false, false],
      ['#app/jobs/c.server', true, false],
      ['#app/jobs/d.server', true, false],
      ['#app/jobs/e.server', false, false],
      ['#app/documents/generate.server', false, true],
      ['#app/jobs/f.server', false, false],
    ])
  })
})
