// The Word templates as the ЭЖ administrator manages them: upload a version, preview it with demo data, roll back.
// Version 0 is the file shipped in templates/; uploads are TemplateVersion rows 1, 2, … and at most one is active.
// A broken upload is refused with Russian explanations and nothing is stored, so the working version stays active.
import { DEMO_DATA } from '#app/documents/demo-data'
import { convertToPdfResult, type PdfResult } from '#app/documents/pdf.server'
import {
  clearTemplateCache,
  loadTemplate,
  renderDocx,
  sha256,
  TemplateError,
  validateTemplate,
  type TemplateIssue,
} from '#app/documents/render.server'
import { renderPool } from '#app/documents/render-pool.server'
import { TEMPLATE_FILES, TEMPLATE_TITLES, type TemplateName } from '#app/documents/types'
import { db } from '#app/utils/db.server'
import PizZip from 'pizzip'
import { zipBombProblem } from '#app/utils/zip-limits.server'

export const MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
const MAX_NOTE_LENGTH = 500

export const TEMPLATE_NAMES = Object.keys(TEMPLATE_FILES) as TemplateName[]

export function isTemplateName(name: string): name is TemplateName {
  return (TEMPLATE_NAMES as string[]).includes(name)
}

type TemplateVersionInfo = { version: number; uploadedBy: string; createdAt: Date; note: string; sha256: string; active: boolean }

type TemplateSummary = {
  name: TemplateName
  title: string
  file: string
  /** 0 = the shipped file. */
  activeVersion: number
  shippedSha256: string
  /** Uploaded versions, newest first. */
  versions: TemplateVersionInfo[]
}

/** A school's templates (ADR 044: each school of an installation has its own versions). */
export async function listTemplates(schoolId: string): Promise<TemplateSummary[]> {
  const rows = await db.templateVersion.findMany({
    where: { schoolId },
    select: { name: true, version: true, uploadedBy: true, createdAt: true, note: true, sha256: true, active: true },
    orderBy: [{ name: 'asc' }, { version: 'desc' }],
  })
  return TEMPLATE_NAMES.map((name) => {
    const versions = rows.filter((r) => r.name === name).map(({ name: _, ...v }) => v)
    return {
      name,
      title: TEMPLATE_TITLES[name],
      file: TEMPLATE_FILES[name],
      activeVersion: versions.find((v) => v.active)?.version ?? 0,
      shippedSha256: sha256(loadTemplate(name)),
      versions,
    }
  })
}

type UploadResult = { ok: true; version: number; warnings: string[] } | { ok: false; errors: TemplateIssue[] }

const fileIssue = (explanation: string): TemplateIssue => ({ tag: '', explanation, location: 'весь файл' })
const refused = (...errors: TemplateIssue[]): UploadResult => ({ ok: false, errors })

/** A Russian reason why the file is not a .docx, or null when it is a zip with word/document.xml. */
function notADocx(buffer: Buffer): string | null {
  if (buffer.length === 0) return 'Файл пустой. Выберите шаблон в формате Документ Word (.docx).'
  if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    return 'Это файл старого формата Word (.doc). Откройте его в Word и сохраните как «Документ Word (.docx)».'
  }
  const bomb = zipBombProblem(buffer)
  if (bomb) return bomb
  let zip: PizZip
  try {
    zip = new PizZip(buffer)
  } catch {
    return 'Файл не является документом Word (.docx): архив не открывается. Сохраните шаблон в Word как «Документ Word (.docx)».'
  }
  if (zip.file('mimetype')?.asText().includes('opendocument')) {
    return 'Это документ OpenDocument (.odt). Сохраните шаблон как «Документ Word (.docx)».'
  }
  if (!zip.file('word/document.xml')) return 'В файле нет основного текста документа Word (word/document.xml): это не шаблон .docx.'
  return activeContent(zip)
}

/** A link to the web is fine (a school's site): Word opens it only when clicked. Every other outside part is fetched. */
const HYPERLINK_TYPE = /\/hyperlink$/
/** Fields that fetch a file or start a program when Word updates them (a DDE attack, a tracking picture). */
const FETCHING_FIELDS = new Set(['INCLUDEPICTURE', 'INCLUDETEXT', 'LINK', 'DDE', 'DDEAUTO', 'IMPORT'])

/**
 * The names of a part's fields, in capitals: the first word of each field's instruction. Word splits an
 * instruction over several runs; a nested field starts its own instruction, so each is named.
 */
function fieldNames(xml: string): string[] {
  const firstWord = (instruction: string) => instruction.trim().split(/\s+/)[0].toUpperCase()
  const complex = xml
    .split(/<w:fldChar\b[^>]*w:fldCharType="begin"[^>]*>/)
    .slice(1)
    .map((field) =>
      firstWord([...field.split('<w:fldChar')[0].matchAll(/<w:instrText\b[^>]*>([^<]*)<\/w:instrText>/g)].map((m) => m[1]).join('')),
    )
  const simple = [...xml.matchAll(/<w:fldSimple\b[^>]*\sw:instr="([^"]*)"/g)].map((m) => firstWord(m[1]))
  return [...complex, ...simple]
}
/** An attribute's value, in either quote style, with spaces around «=» and character references decoded. */
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag)
  return decodeReferences(m?.[1] ?? m?.[2] ?? '')
}

/**
 * XML may spell a letter as a character reference (&#73; is «I») and give any prefix to Word's namespace: both are
 * read as Word reads them before the checks, so that «&#73;NCLUDEPICTURE» or <x:instrText> is not missed. References
 * to markup characters stay as they are (decoding them would make tags of text).
 */
function decodeReferences(text: string): string {
  return text.replace(/&#(x[0-9a-f]+|[0-9]+);/gi, (ref, code: string) => {
    const point = code[0].toLowerCase() === 'x' ? parseInt(code.slice(1), 16) : parseInt(code, 10)
    return point > 0 && point <= 0x10ffff && !'<>&"\''.includes(String.fromCodePoint(point)) ? String.fromCodePoint(point) : ref
  })
}

/** A part's field markup in one spelling: the w: prefix, double quotes, references decoded. */
function normalisedFields(xml: string): string {
  return decodeReferences(xml)
    .replace(/<(\/?)[\w.-]+:(instrText|fldChar|fldSimple)\b/g, '<$1w:$2')
    .replace(
      /\s[\w.-]+:(fldCharType|instr)\s*=\s*(?:"([^"]*)"|'([^']*)')/g,
      (_, name: string, dq?: string, sq?: string) => ` w:${name}="${(dq ?? sq ?? '').replaceAll('"', "'")}"`,
    )
}

/**
 * Every letter made from a template goes to parents under the school's name, and its PDF copy is made on the server
 * by LibreOffice. A template that reaches outside itself is refused: a part loaded from an address
 * (TargetMode="External" other than a hyperlink — a linked picture, a remote template, an OLE object, the way of
 * CVE-2022-30190), a field that fetches or runs something (INCLUDEPICTURE, DDEAUTO …), macros or ActiveX controls.
 * LibreOffice fetches a linked picture while converting, so such a template made the server call any address.
 */
function activeContent(zip: PizZip): string | null {
  const names = Object.keys(zip.files)
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n) || /^word\/activeX\//i.test(n)))
    return 'В шаблоне есть макросы или элементы ActiveX. Сохраните шаблон как «Документ Word (.docx)» без макросов.'
  for (const name of names.filter((n) => n.endsWith('.rels'))) {
    for (const tag of zip
      .file(name)
      ?.asText()
      .match(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g) ?? []) {
      if (attr(tag, 'TargetMode').trim().toLowerCase() === 'external' && !HYPERLINK_TYPE.test(attr(tag, 'Type').trim()))
        return (
          `В шаблоне есть часть, которая загружается из внешнего источника («${attr(tag, 'Target').slice(0, 100)}»): ` +
          'связанный рисунок, внешний шаблон или объект. Вставьте рисунок в документ (не связью) и удалите внешние ссылки.'
        )
    }
  }
  for (const name of names.filter((n) => /^word\/[^/]+\.xml$/.test(n))) {
    const field = fieldNames(normalisedFields(zip.file(name)?.asText() ?? '')).find((f) => FETCHING_FIELDS.has(f))
    if (field)
      return `В шаблоне есть поле ${field}, которое загружает внешние данные или запускает программу. ` + 'Удалите это поле из шаблона.'
  }
  return null
}

function shippedTags(name: TemplateName): Set<string> {
  const checked = validateTemplate(loadTemplate(name))
  return new Set(checked.ok ? checked.tags : [])
}

const listTags = (tags: string[]) =>
  `${tags
    .slice(0, 10)
    .map((t) => `{${t}}`)
    .join(', ')}${tags.length > 10 ? ` и ещё ${tags.length - 10}` : ''}`

/**
 * Compares the tags with the shipped template's: a tag it does not know prints as nothing (a typo), a missing one
 * drops that information. Mostly foreign tags mean another document's file was chosen: that is refused.
 */
function checkTags(name: TemplateName, tags: string[]): { error: string | null; warnings: string[] } {
  const known = shippedTags(name)
  const unknown = tags.filter((t) => !known.has(t))
  if (unknown.length > tags.length / 2) {
    const likely = TEMPLATE_NAMES.filter((other) => other !== name).find((other) => {
      const theirs = shippedTags(other)
      return tags.filter((t) => theirs.has(t)).length > tags.length / 2
    })
    if (likely)
      return {
        error:
          `Похоже, это шаблон другого документа — «${TEMPLATE_TITLES[likely]}» ` +
          `(${TEMPLATE_FILES[likely]}), а не «${TEMPLATE_TITLES[name]}».`,
        warnings: [],
      }
  }
  const missing = [...known].filter((t) => !tags.includes(t))
  const warnings: string[] = []
  if (!tags.length) warnings.push('В шаблоне нет ни одного тега: все документы по нему будут одинаковыми.')
  if (unknown.length)
    warnings.push(`Теги, которых нет в исходном шаблоне, напечатаются пустыми — проверьте, нет ли опечатки: ${listTags(unknown)}.`)
  if (missing.length && tags.length) warnings.push(`Этих тегов исходного шаблона нет — их сведения не напечатаются: ${listTags(missing)}.`)
  return { error: null, warnings }
}

/** Renders the template with the demo data: a template that compiles may still fail on real data. */
function renderIssues(name: TemplateName, buffer: Buffer): TemplateIssue[] {
  try {
    renderDocx(buffer, DEMO_DATA[name], `${name}@проверка`)
    return []
  } catch (e) {
    if (e instanceof TemplateError) return e.issues
    return [fileIssue(`Шаблон не удалось заполнить демонстрационными данными: ${e instanceof Error ? e.message : String(e)}.`)]
  }
}

async function uploaderName(userId: string): Promise<{ schoolId: string; name: string }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { staff: true } })
  const s = user.staff
  return { schoolId: user.schoolId, name: s ? [s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ') : user.login }
}

/**
 * Checks an uploaded template and, when it is sound, stores it as the next version and makes it active.
 * A refused file stores nothing and leaves the active version as it was.
 */
export async function uploadTemplateVersion(
  name: TemplateName,
  buffer: Buffer,
  userId: string,
  note = '',
  { ip = '' } = {},
): Promise<UploadResult> {
  if (buffer.length > MAX_TEMPLATE_BYTES)
    return refused(fileIssue('Файл больше 5 МБ — шаблон документа столько не весит. Уменьшите картинки или удалите лишнее.'))
  const notDocx = notADocx(buffer)
  if (notDocx) return refused(fileIssue(notDocx))
  let checked: ReturnType<typeof validateTemplate>
  try {
    checked = validateTemplate(buffer)
  } catch (e) {
    return refused(fileIssue(`Шаблон не удалось разобрать: ${e instanceof Error ? e.message : String(e)}.`))
  }
  if (!checked.ok) return refused(...checked.errors)
  const tagCheck = checkTags(name, checked.tags)
  if (tagCheck.error) return refused(fileIssue(tagCheck.error))
  const renderErrors = renderIssues(name, buffer)
  if (renderErrors.length) return refused(...renderErrors)

  const hash = sha256(buffer)
  if (hash === sha256(loadTemplate(name)))
    return refused(
      fileIssue('Файл совпадает с исходным шаблоном (версия 0). Чтобы вернуться к нему, нажмите «Сделать активной» в истории.'),
    )
  const uploader = await uploaderName(userId)
  const same = await db.templateVersion.findFirst({ where: { schoolId: uploader.schoolId, name, sha256: hash }, select: { version: true } })
  if (same)
    return refused(
      fileIssue(`Файл совпадает с уже загруженной версией ${same.version}. Чтобы вернуться к ней, нажмите «Сделать активной» в истории.`),
    )

  const cleanNote = note.trim().slice(0, MAX_NOTE_LENGTH)
  const version = await db.$transaction(async (tx) => {
    const schoolId = uploader.schoolId
    const last = await tx.templateVersion.findFirst({ where: { schoolId, name }, orderBy: { version: 'desc' }, select: { version: true } })
    const next = (last?.version ?? 0) + 1
    await tx.templateVersion.updateMany({ where: { schoolId, name, active: true }, data: { active: false } })
    await tx.templateVersion.create({
      data: {
        schoolId,
        name,
        version: next,
        content: new Uint8Array(buffer),
        sha256: hash,
        active: true,
        uploadedBy: uploader.name,
        note: cleanNote,
      },
    })
    await tx.auditEvent.create({
      data: {
        schoolId: uploader.schoolId,
        userId,
        action: 'upload:template',
        entity: 'template',
        entityId: name,
        ip,
        data: JSON.stringify({ version: next, sha256: hash, size: buffer.length, note: cleanNote }),
      },
    })
    return next
  })
  clearTemplateCache()
  return { ok: true, version, warnings: tagCheck.warnings }
}

/** Makes a stored version the active one; version 0 goes back to the shipped file. False when there is no such version. */
export async function activateVersion(name: TemplateName, version: number, userId: string, { ip = '' } = {}): Promise<boolean> {
  const { schoolId } = await uploaderName(userId)
  const done = await db.$transaction(async (tx) => {
    if (
      version !== 0 &&
      !(await tx.templateVersion.findUnique({ where: { schoolId_name_version: { schoolId, name, version } }, select: { id: true } }))
    )
      return false
    await tx.templateVersion.updateMany({ where: { schoolId, name, active: true }, data: { active: false } })
    if (version !== 0)
      await tx.templateVersion.update({ where: { schoolId_name_version: { schoolId, name, version } }, data: { active: true } })
    await tx.auditEvent.create({
      data: { schoolId, userId, action: 'activate:template', entity: 'template', entityId: name, ip, data: JSON.stringify({ version }) },
    })
    return true
  })
  if (done) clearTemplateCache()
  return done
}

/** The template file of a version (0 = shipped), to edit in Word; null when there is no such version. */
export async function downloadTemplate(
  schoolId: string,
  name: TemplateName,
  version: number,
): Promise<{ buffer: Buffer; fileName: string } | null> {
  if (version === 0) return { buffer: loadTemplate(name), fileName: TEMPLATE_FILES[name] }
  const row = await db.templateVersion.findUnique({
    where: { schoolId_name_version: { schoolId, name, version } },
    select: { content: true },
  })
  if (!row) return null
  return { buffer: Buffer.from(row.content), fileName: TEMPLATE_FILES[name].replace(/\.docx$/, `-v${version}.docx`) }
}

type Preview = { docx: Buffer; fileName: string; pdf: PdfResult | null }

/** A version filled with the demo data (demo-data.ts); with `pdf`, also converted by LibreOffice when it is installed. */
export async function previewTemplate(
  schoolId: string,
  name: TemplateName,
  version: number,
  { pdf = false } = {},
): Promise<Preview | null> {
  const template = await downloadTemplate(schoolId, name, version)
  if (!template) return null
  const docx = await renderPool().render(template.buffer, DEMO_DATA[name], `${name}@${version}`)
  const fileName = `Пример — ${TEMPLATE_TITLES[name]} (версия ${version}).docx`
  return { docx, fileName, pdf: pdf ? await convertToPdfResult(docx) : null }
}
