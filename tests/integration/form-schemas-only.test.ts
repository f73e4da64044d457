// Issue 20.6 / ADR 063: a posted form is read only through a zod schema — checkForm(schema, form), or
// schema.parse(formValues(form)) — never field by field (`form.get('x')`, `String(form.get(…))`, `Object.fromEntries(form)`),
// so every field has its Russian message and one place that says what the form carries. This reads the source of
// every route and of every module a route hands its form to, and fails on the first field read by hand.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = process.cwd()
/** The one place that may read a FormData's fields: it turns the form into the plain object a schema parses. */
const READER = 'app/utils/form-schema.ts'
/** Where a form is read: the routes and everything under app/ a route passes its form to. */
const DIRS = ['app']
const SOURCE = /\.(ts|tsx)$/

/** What returns a request's FormData. */
const FORM_SOURCES = /(?:readForm|readPlainForm|readMultipartForm|parseUploadForm|request\.formData)\s*\(/

function* walk(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'generated' || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(full)
    else if (SOURCE.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield full
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The names a file gives to a request's form: assigned from a reader, or declared FormData (a parameter, a field). */
export function formNames(source: string): string[] {
  const names = new Set<string>()
  for (const m of source.matchAll(/(?:const|let|var)?\s*(\w+)\s*(?::\s*FormData\b[^=\n]*)?=\s*await\s+([\w.]+)\s*\(/g))
    if (FORM_SOURCES.test(`${m[2]}(`)) names.add(m[1])
  for (const m of source.matchAll(/\b(\w+)\??\s*:\s*FormData\b/g)) names.add(m[1])
  return [...names]
}

/** Each line that reads a field of a form by hand, with its number. */
export function handReads(source: string): string[] {
  const names = formNames(source)
  const reader = String.raw`(?:readForm|readPlainForm|readMultipartForm|parseUploadForm|request\.formData)`
  const direct = [
    // (await readForm(request)).get('x'), Object.fromEntries(await readForm(request)), [...(await readForm(request))]
    new RegExp(String.raw`\(\s*await\s+${reader}\s*\([^)]*\)\s*\)\s*\.\s*(?:get|getAll|has|entries|keys|values|forEach)\b`),
    new RegExp(String.raw`Object\.fromEntries\(\s*(?:\[\s*\.\.\.\s*)?\(?\s*await\s+${reader}\b`),
  ]
  const byName = names.map(
    (n) =>
      new RegExp(
        // form.get(…) / c.form.getAll(…) / form.entries() / [...form] / Object.fromEntries(form) / for (… of form)
        `(?:\\b|\\.)${escape(n)}\\s*\\.\\s*(?:get|getAll|has|entries|keys|values|forEach)\\s*\\(|\\.\\.\\.\\s*${escape(n)}\\b(?!\\s*[.(])` +
          `|Object\\.fromEntries\\(\\s*${escape(n)}\\b|\\bof\\s+${escape(n)}\\s*\\)`,
      ),
  )
  const out: string[] = []
  source.split('\n').forEach((line, i) => {
    if ([...direct, ...byName].some((re) => re.test(line))) out.push(`${i + 1}: ${line.trim()}`)
  })
  return out
}

describe('a posted form is read only through a zod schema', () => {
  it('the rule finds a field read by hand, in each way the code has spelled it, and passes a schema read', () => {
    const bad = [
      "const form = await readForm(request)\nconst intent = String(form.get('intent') ?? '')",
      "let form: FormData\nform = await parseUploadForm(request)\nconst file = form.get('file')",
      'const data = Object.fromEntries(await readForm(request))',
      'const form = await readForm(request)\nconst parsed = Schema.safeParse(Object.fromEntries(form))',
      "const form = await readForm(request)\nconst all = [...form].filter(([, v]) => typeof v === 'string')",
      "type Ctx = { form: FormData }\nconst version = Number(c.form.get('version'))",
      "export function toValues(form: FormData) {\n  return { kinds: form.getAll('kinds') }\n}",
      'const form = await readForm(request)\nfor (const [k, v] of form) out[k] = v',
    ]
    for (const source of bad) expect(handReads(source), source).not.toEqual([])
    const good = [
      'const form = await readForm(request)\nconst checked = checkForm(IntakeForm(now, tz), form)\nconst values = formToValues(form)',
      'const { userId } = OneTimePasswordForm.parse(formValues(await readForm(request)))',
      "const pupilId = url.searchParams.get('pupilId')",
      "const busy = navigation.formData?.get('intent') === intent",
      'const { intent, version } = StatusForm.parse(formValues(form))',
    ]
    for (const source of good) expect(handReads(source), source).toEqual([])
  })

  it('no route action, nor any module it hands its form to, reads a form field outside a schema', () => {
    const offenders: string[] = []
    let routes = 0
    let forms = 0
    for (const dir of DIRS) {
      for (const file of walk(path.join(ROOT, dir))) {
        const rel = path.relative(ROOT, file)
        if (rel === READER) continue
        const source = fs.readFileSync(file, 'utf8')
        if (rel.startsWith('app/routes/') && /export\s+(?:async\s+)?(?:function|const)\s+action\b/.test(source)) routes++
        if (formNames(source).length) forms++
        for (const line of handReads(source)) offenders.push(`${rel}:${line}`)
      }
    }
    // The walk saw the routes with actions and the files holding a form (a rename of the readers would show here).
    expect(routes).toBeGreaterThan(25)
    expect(forms).toBeGreaterThan(15)
    expect(offenders).toEqual([])
  })
})
