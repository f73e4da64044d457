import { usableActiveVersion } from '#app/models/templates.server'
import { loadTemplate } from './render.server'
import { renderPool } from './render-pool.server'
import type { TemplateDataMap, TemplateName } from './types'

/** The active version of a school's template: its administrator's upload if one is active and sound (ADR 094: one
 * with active content is set aside here, before use), else the file in templates/ (ADR 044: another school's upload
 * never shapes this school's documents). */
export async function loadActiveTemplate(name: TemplateName, schoolId: string): Promise<{ buffer: Buffer; version: string }> {
  const active = await usableActiveVersion(schoolId, name)
  if (active) return { buffer: active.buffer, version: `${name}@${active.version}` }
  return { buffer: loadTemplate(name), version: `${name}@0` }
}

/** Renders with the school's active version of a template, on a render thread. */
export async function renderWithActive<N extends TemplateName>(schoolId: string, name: N, data: TemplateDataMap[N]) {
  const { buffer, version } = await loadActiveTemplate(name, schoolId)
  return { docx: await renderPool().render(buffer, data, version), version }
}
