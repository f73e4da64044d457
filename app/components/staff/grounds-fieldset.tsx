// Refusal grounds: the school's configurable list as checkboxes plus free text (one ground per line).
import { FieldError, fieldId } from './error-summary'

/** Порядок 3.1.2, a partial decision: which requested kinds are refused (absent from the journal). */
export function RefusedKindsFieldset({
  prefix,
  kinds,
  preset = [],
  errors,
}: {
  prefix: string
  kinds: Array<{ value: string; label: string }>
  preset?: string[]
  errors?: Record<string, string>
}) {
  return (
    <fieldset
      id={fieldId('refusedKinds', prefix)}
      aria-describedby={errors?.refusedKinds ? `${fieldId('refusedKinds', prefix)}-error` : undefined}
    >
      <legend>В какой информации отказать (при частичном отказе)</legend>
      {kinds.map((k) => (
        <div className="choice" key={k.value}>
          <input
            type="checkbox"
            id={`${prefix}refused-${k.value}`}
            name="refusedKinds"
            value={k.value}
            defaultChecked={preset.includes(k.value)}
          />
          <label htmlFor={`${prefix}refused-${k.value}`}>{k.label}</label>
        </div>
      ))}
      <FieldError name="refusedKinds" errors={errors} prefix={prefix} />
    </fieldset>
  )
}

/** `preset` grounds (e.g. the pre-check's proposal) tick the listed options; the rest go into the free text. */
export function GroundsFieldset({
  prefix,
  legend,
  options,
  preset = [],
  errors,
}: {
  prefix: string
  legend: string
  options: string[]
  preset?: string[]
  errors?: Record<string, string>
}) {
  const checked = preset.filter((g) => options.includes(g))
  const other = preset.filter((g) => !options.includes(g)).join('\n')
  return (
    <fieldset id={fieldId('grounds', prefix)} aria-describedby={errors?.grounds ? `${fieldId('grounds', prefix)}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((g, i) => (
        <div className="choice" key={g}>
          <input type="checkbox" id={`${prefix}ground-${i}`} name="grounds" value={g} defaultChecked={checked.includes(g)} />
          <label htmlFor={`${prefix}ground-${i}`}>{g}</label>
        </div>
      ))}
      <label htmlFor={`${prefix}groundsOther`}>Другое основание (каждое с новой строки)</label>
      <textarea id={`${prefix}groundsOther`} name="groundsOther" rows={2} defaultValue={other} />
      <FieldError name="grounds" errors={errors} prefix={prefix} />
    </fieldset>
  )
}
