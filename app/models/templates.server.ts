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

type TemplateVersionInfo = {
  version: number
  uploadedBy: string
  createdAt: Date
  note: string
  sha256: string
  active: boolean
  /** ADR 094: why the version was set aside (active content found at its use); null — sound. */
  setAsideReason: string | null
  setAsideAt: Date | null
}

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
  // The page checks the active versions too (ADR 094): one kept from before the check is set aside before it is shown.
  for (const name of TEMPLATE_NAMES) await usableActiveVersion(schoolId, name)
  const rows = await db.templateVersion.findMany({
    where: { schoolId },
    select: {
      name: true,
      version: true,
      uploadedBy: true,
      createdAt: true,
      note: true,
      sha256: true,
      active: true,
      setAsideReason: true,
      setAsideAt: true,
    },
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
  return partsProblem(zip) ?? activeContent(zip)
}

/**
 * The XML of one part a render reads, at most. docxtemplater holds about 300 times a part's size while it compiles
 * it (measured: 2 МБ of document.xml ≈ 0.4 ГБ and 4 s, 8 МБ ≈ 2.7 ГБ; a 56 МБ part, under the zip limit, took the
 * whole server down with «heap out of memory»). A letter Word saves is tens of kilobytes of XML; pictures are not XML.
 */
const MAX_TEMPLATE_PART_BYTES = 2 * 1024 * 1024
/** All the XML of a template together (a part per header and footer, each under the limit above). */
const MAX_TEMPLATE_XML_BYTES = 4 * 1024 * 1024

/**
 * A name Word never writes into a .docx: a path out of the archive («../», «/», «C:», a backslash) or control
 * characters. The template goes to parents inside every letter, and an old unpacker writes such an entry where it
 * points (a «zip slip»).
 */
const badEntryName = (name: string) =>
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\\]/.test(name) ||
  /\s$/.test(name) ||
  name.startsWith('/') ||
  /^[a-z]:/i.test(name) ||
  name.split('/').some((s) => s === '..' || s === '.')

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`

/** What the archive declares an entry unpacks to (read before unpacking it; a zip bomb declares its real size or fails). */
const declaredSize = (zip: PizZip, name: string): number =>
  (zip.files[name] as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0

/**
 * The parts docxtemplater may compile as XML: it goes by [Content_Types].xml, not by a part's name — an Override can
 * make «word/footer9.bin» a footer. So a part is XML when its name says so (.xml/.rels in any case), when its content
 * type (the Override for it, else the Default for its extension) is XML, or when it has no content type at all; only a
 * part with a declared non-XML type (a picture, a font) is not.
 */
function xmlParts(zip: PizZip): string[] {
  const types = zip.file('[Content_Types].xml')?.asText() ?? ''
  const overrides = new Map<string, string>()
  const defaults = new Map<string, string>()
  for (const tag of types.match(/<(?:[\w.-]+:)?(?:Override|Default)\b[^>]*>/g) ?? []) {
    const type = attr(tag, 'ContentType').trim().toLowerCase()
    if (/^<(?:[\w.-]+:)?Override/.test(tag)) overrides.set(attr(tag, 'PartName').trim().replace(/^\//, '').toLowerCase(), type)
    else defaults.set(attr(tag, 'Extension').trim().toLowerCase(), type)
  }
  const isXmlType = (type: string) => /(\+xml|\/xml)(;|$)/.test(type)
  return Object.keys(zip.files).filter((name) => {
    if (zip.files[name].dir) return false
    if (/\.(xml|rels)$/i.test(name)) return true
    const lower = name.toLowerCase()
    const type = overrides.get(lower) ?? defaults.get(lower.includes('.') ? lower.slice(lower.lastIndexOf('.') + 1) : '')
    return type === undefined || isXmlType(type)
  })
}

const NOT_UTF8 =
  'сохраните шаблон в Word заново как «Документ Word (.docx)»: ' +
  'Word пишет разметку в UTF-8, а эта часть в другой кодировке (UTF-16 или UTF-32).'

/**
 * What no template may hold whatever its text: an entry named outside the archive, an XML part too large to render,
 * a DOCTYPE (Word refuses a part that declares one — «DTD prohibited» — and an entity declared in it is the way of an
 * XXE or a «billion laughs»), a part not in UTF-8 (in UTF-16 a DOCTYPE is not seen in its bytes). Said in Russian
 * before docxtemplater reads anything.
 */
function partsProblem(zip: PizZip): string | null {
  const names = Object.keys(zip.files)
  const odd = names.find(badEntryName)
  if (odd !== undefined)
    return (
      `В архиве шаблона есть часть с недопустимым именем («${odd.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 80)}»): ` +
      'Word такие не сохраняет. Откройте шаблон в Word и сохраните заново как «Документ Word (.docx)».'
    )
  const tooMuch = (name: string, bytes: number) =>
    `Часть шаблона «${name}» — ${mb(bytes)} текста разметки (больше ${mb(MAX_TEMPLATE_PART_BYTES)}): ` +
    'письмо Word столько не занимает. Уберите лишнее (длинные таблицы, вставленный текст) и сохраните шаблон заново.'
  // A picture does not shrink in a zip: an entry unpacking to more than the whole upload may hold is a zip bomb.
  for (const name of names.filter((n) => !zip.files[n].dir)) {
    const size = declaredSize(zip, name)
    if (size > MAX_TEMPLATE_BYTES)
      return (
        `Часть шаблона «${name}» распаковывается в ${mb(size)} (больше ${mb(MAX_TEMPLATE_BYTES)}): ` + 'сохраните шаблон в Word заново.'
      )
  }
  let total = 0
  for (const name of xmlParts(zip)) {
    if (declaredSize(zip, name) > MAX_TEMPLATE_PART_BYTES) return tooMuch(name, declaredSize(zip, name))
    const bytes = zip.file(name)!.asUint8Array()
    total += bytes.length
    if (bytes.length > MAX_TEMPLATE_PART_BYTES) return tooMuch(name, bytes.length)
    if (total > MAX_TEMPLATE_XML_BYTES)
      return (
        `Разметка шаблона вместе больше ${mb(MAX_TEMPLATE_XML_BYTES)}: письмо Word столько не занимает. ` +
        'Уберите лишнее (длинные таблицы, вставленный текст) и сохраните шаблон заново.'
      )
    // UTF-16/32 by its byte-order mark, or a NUL byte (XML in UTF-8 never has one).
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.includes(0))
      return `Часть шаблона «${name}» не в кодировке UTF-8: ${NOT_UTF8}`
    if (/<!(DOCTYPE|ENTITY)/i.test(Buffer.from(bytes).toString('latin1')))
      return (
        `В части шаблона «${name}» есть объявление DOCTYPE или ENTITY: Word такой файл не открывает, ` +
        'а внешние сущности в нём — способ прочитать файлы сервера. Сохраните шаблон в Word заново как «Документ Word (.docx)».'
      )
  }
  return null
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
  for (const name of names.filter((n) => /\.rels$/i.test(n))) {
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
  for (const name of xmlParts(zip)) {
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

type Activation = { ok: true } | { ok: false; message: string }

/**
 * Makes a stored version the active one; version 0 goes back to the shipped file. Refused with a Russian message when
 * there is no such version, or when the version has active content (ADR 094: one uploaded before the check).
 */
export async function activateVersion(name: TemplateName, version: number, userId: string, { ip = '' } = {}): Promise<Activation> {
  const { schoolId } = await uploaderName(userId)
  if (version !== 0) {
    const row = await db.templateVersion.findUnique({ where: { schoolId_name_version: { schoolId, name, version } } })
    if (!row) return { ok: false, message: `Версии ${version} нет — обновите страницу.` }
    const problem = row.setAsideReason ?? contentProblem(Buffer.from(row.content))
    if (problem) {
      await setAside(row, problem)
      return { ok: false, message: `Версию ${version} нельзя сделать активной: ${problem}` }
    }
  }
  await db.$transaction(async (tx) => {
    await tx.templateVersion.updateMany({ where: { schoolId, name, active: true }, data: { active: false } })
    if (version !== 0)
      await tx.templateVersion.update({ where: { schoolId_name_version: { schoolId, name, version } }, data: { active: true } })
    await tx.auditEvent.create({
      data: { schoolId, userId, action: 'activate:template', entity: 'template', entityId: name, ip, data: JSON.stringify({ version }) },
    })
  })
  clearTemplateCache()
  return { ok: true }
}

/** What the active-content check found in a file, remembered by its SHA-256: a stored version is read once per process. */
const contentChecks = new Map<string, string | null>()

/** The Russian reason why a stored file may not be used (not a .docx, active content), or null (ADR 094). */
function contentProblem(buffer: Buffer): string | null {
  const hash = sha256(buffer)
  if (!contentChecks.has(hash)) contentChecks.set(hash, notADocx(buffer))
  return contentChecks.get(hash) ?? null
}

/**
 * The administrator's notice (ADR 094): the stored versions set aside by the check that no newer version of the same
 * template has replaced yet. The active versions are checked first, so a school upgraded from an older release is told
 * on its first visit, before any document is made.
 */
export async function setAsideTemplates(schoolId: string): Promise<Array<{ name: TemplateName; title: string; version: number }>> {
  for (const name of TEMPLATE_NAMES) await usableActiveVersion(schoolId, name)
  const rows = await db.templateVersion.findMany({ where: { schoolId }, select: { name: true, version: true, setAsideReason: true } })
  return rows
    .filter((r) => r.setAsideReason && isTemplateName(r.name) && !rows.some((o) => o.name === r.name && o.version > r.version))
    .map((r) => ({ name: r.name as TemplateName, title: TEMPLATE_TITLES[r.name as TemplateName], version: r.version }))
}

type StoredVersion = { id: string; schoolId: string; name: string; version: number; setAsideReason: string | null }

/**
 * Sets a stored version aside (ADR 094): no longer active, the reason kept for the administrator's page, a row in the
 * audit. The school's documents are made from the shipped template until a sound version is uploaded or chosen.
 */
async function setAside(row: StoredVersion, problem: string) {
  const done = await db.$transaction(async (tx) => {
    const changed = await tx.templateVersion.updateMany({
      where: { id: row.id, OR: [{ active: true }, { setAsideReason: null }] },
      data: { active: false, setAsideReason: problem, setAsideAt: new Date() },
    })
    if (changed.count)
      await tx.auditEvent.create({
        data: {
          schoolId: row.schoolId,
          userId: null,
          action: 'set-aside:template',
          entity: 'template',
          entityId: row.name,
          ip: '',
          data: JSON.stringify({ version: row.version, reason: problem }),
        },
      })
    return changed.count
  })
  if (done) clearTemplateCache()
}

/**
 * The school's active stored version of a template when it passes today's checks, else null (the shipped file is
 * used). A version uploaded before the active-content check (external parts, INCLUDEPICTURE/INCLUDETEXT/LINK/DDE
 * fields, macros, ActiveX) is checked here, before any document is made from it, and set aside when it fails.
 */
export async function usableActiveVersion(schoolId: string, name: TemplateName): Promise<{ buffer: Buffer; version: number } | null> {
  const active = await db.templateVersion.findFirst({ where: { schoolId, name, active: true }, orderBy: { version: 'desc' } })
  if (!active) return null
  const buffer = Buffer.from(active.content)
  const problem = contentProblem(buffer)
  if (!problem) return { buffer, version: active.version }
  await setAside(active, problem)
  return null
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

type Preview = { docx: Buffer; fileName: string; pdf: PdfResult | null } | { refused: string }

/** A version filled with the demo data (demo-data.ts); with `pdf`, also converted by LibreOffice when it is installed. */
export async function previewTemplate(
  schoolId: string,
  name: TemplateName,
  version: number,
  { pdf = false } = {},
): Promise<Preview | null> {
  const template = await downloadTemplate(schoolId, name, version)
  if (!template) return null
  // ADR 094: LibreOffice would fetch a linked picture while converting the example — such a version is not filled in.
  const problem = version === 0 ? null : contentProblem(template.buffer)
  if (problem) return { refused: `Пример версии ${version} не создаётся: ${problem}` }
  const docx = await renderPool().render(template.buffer, DEMO_DATA[name], `${name}@${version}`)
  const fileName = `Пример — ${TEMPLATE_TITLES[name]} (версия ${version}).docx`
  return { docx, fileName, pdf: pdf ? await convertToPdfResult(docx) : null }
}
