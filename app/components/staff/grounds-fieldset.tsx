// Refusal grounds: the school's configurable list as checkboxes plus free text (one ground per line).
import { FieldError, fieldId } from './error-summary'

export function GroundsFieldset({ prefix, legend, options, checked = [], other = '', errors }: {
  prefix: string
  legend: string
  options: string[]
  checked?: string[]
  other?: string
  errors?: Record<string, string>
}) {
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
