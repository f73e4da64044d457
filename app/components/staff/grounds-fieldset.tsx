// Refusal grounds: the school's configurable list as checkboxes plus free text (one ground per line).
import { FieldError, fieldId } from './error-summary'

/** `preset` grounds (e.g. the pre-check's proposal) tick the listed options; the rest go into the free text. */
export function GroundsFieldset({ prefix, legend, options, preset = [], errors }: {
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
