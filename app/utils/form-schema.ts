// One validation style for every staff form (issue 20.6): the action reads the form with readForm, checks it with
// one zod schema (z from '#workflows/zod', Russian messages) and on failure answers 400 with the first message of
// each field and changes nothing — as the parent forms already do (apply.tsx, application-schema.ts).
import { z } from '#workflows/zod'
import { cleanMultiline } from '#workflows/text'

type FormCheck<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string>; message: string }

type FormValue = string | File

/**
 * The form as a plain object: one value → the string (or the File), a repeated field (checkboxes) → the list. This
 * and the schemas are the only readers of a form's fields: a route action reads none by hand
 * (tests/integration/form-schemas-only.test.ts).
 */
export function formValues(form: FormData): Record<string, FormValue | FormValue[]> {
  const out: Record<string, FormValue | FormValue[]> = {}
  for (const key of new Set(form.keys())) {
    // No form of ours has this field; assigned, it would replace the object's prototype (a repeated one with a list).
    if (key === '__proto__') continue
    const all = form.getAll(key)
    out[key] = all.length > 1 ? all : (all[0] ?? '')
  }
  return out
}

/**
 * A File read where text is expected counts as its name (a text field never carries a file); text is cleaned of the
 * control characters no stored text may hold (ADR 027: removed, line breaks normalised — a field that must be one
 * line says so with `line()`).
 */
const asText = (v: unknown) =>
  v instanceof Blob
    ? 'name' in v && typeof v.name === 'string'
      ? cleanMultiline(v.name)
      : ''
    : typeof v === 'string'
      ? cleanMultiline(v)
      : v

/** Field → its first message; an issue without a field is under 'form'. */
function fieldMessages(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {}
  for (const issue of error.issues) out[String(issue.path[0] ?? 'form')] ??= issue.message
  return out
}

export function checkForm<S extends z.ZodType>(schema: S, form: FormData): FormCheck<z.output<S>> {
  const parsed = schema.safeParse(formValues(form))
  if (parsed.success) return { ok: true, data: parsed.data }
  const fieldErrors = fieldMessages(parsed.error)
  return { ok: false, fieldErrors, message: Object.values(fieldErrors)[0] ?? 'Проверьте поля формы' }
}

/** A text field: trimmed, '' when absent. */
export const text = () =>
  z.preprocess((v) => (v === undefined || v === null ? '' : Array.isArray(v) ? String(asText(v[0]) ?? '') : asText(v)), z.string().trim())

/** A repeated field (checkboxes, a multi-select) as a list, also when one or none was sent. */
export const list = () =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : (Array.isArray(v) ? v : [v]).map(asText)), z.array(z.string()))

/** A check-box: true when ticked ('on', the browser's value), false when absent. */
export const checkbox = () => text().transform((v) => v === 'on')

/** «Файл «скан.pdf» пустой …»: a file chosen whose bytes are none (a failed scan, a copy cut off) is said, not dropped. */
export const emptyFileMessage = (name: string) =>
  `Файл «${cleanMultiline(name).replace(/\s+/g, ' ').slice(0, 120)}» пустой (0 байт): ` +
  'выберите файл ещё раз — возможно, он не сохранился до конца.'

/**
 * A file field: the File when one was chosen, null when none was (the schema decides if it may be). The browser sends
 * an unnamed empty part for «no file chosen»; a named file of 0 bytes, or several files in a field that takes one
 * (no page of ours sends that), is an issue with a Russian message, never taken as «none» or as the first of them.
 */
export const file = () =>
  z.preprocess(
    (v, ctx) => {
      const chosen = (Array.isArray(v) ? v : [v]).filter((f): f is File => f instanceof Blob && (f.size > 0 || named(f)))
      if (chosen.length > 1) {
        ctx.addIssue({ code: 'custom', message: 'В это поле прикладывается один файл: выберите один.' })
        return z.NEVER
      }
      const one = chosen[0]
      if (one && one.size === 0) {
        ctx.addIssue({ code: 'custom', message: emptyFileMessage(one.name) })
        return z.NEVER
      }
      return one ?? null
    },
    z.custom<File>((v) => v instanceof Blob).nullable(),
  )

const named = (f: Blob) => 'name' in f && typeof f.name === 'string' && f.name !== ''

/** A literal choice from the page's own options; anything else (a stale or forged form) gets `message`. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { message })

/** A file field that must carry a file: `message` when none was chosen (or it is empty). */
export const requiredFile = (message: string) =>
  file().transform((f, ctx) => {
    if (f) return f
    ctx.addIssue({ code: 'custom', message })
    return z.NEVER
  })
