// One validation style for every staff form (issue 20.6): the action reads the form with readForm, checks it with
// one zod schema (z from '#workflows/zod', Russian messages) and on failure answers 400 with the first message of
// each field and changes nothing — as the parent forms already do (apply.tsx, application-schema.ts).
import { z } from '#workflows/zod'

type FormCheck<T> = { ok: true; data: T } | { ok: false; fieldErrors: Record<string, string>; message: string }

/** The form as a plain object: one value → the string, a repeated field (checkboxes) → the list of its strings. */
export function formValues(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map((v) => (typeof v === 'string' ? v : v.name))
    out[key] = all.length > 1 ? all : (all[0] ?? '')
  }
  return out
}

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
  z.preprocess((v) => (v === undefined || v === null ? '' : Array.isArray(v) ? String(v[0] ?? '') : v), z.string().trim())

/** A repeated field (checkboxes, a multi-select) as a list, also when one or none was sent. */
export const list = () => z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string()))

/** A literal choice from the page's own options; anything else (a stale or forged form) gets `message`. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T, message: string) => z.enum(values, { message })
