// Accessible form pieces of the parent's pages: a label for every control, hints and errors tied to the control
// with aria-describedby, and the error summary at the top whose links move focus to each field (GOV.UK pattern).
import { forwardRef, type InputHTMLAttributes, type ReactNode } from 'react'
import type { UseFormRegisterReturn } from 'react-hook-form'

export function describedBy(...ids: Array<string | false | null | undefined>): string | undefined {
  const list = ids.filter(Boolean).join(' ')
  return list || undefined
}

type TextFieldProps = {
  id: string
  label: string
  registration: UseFormRegisterReturn
  error?: string
  hint?: ReactNode
  required?: boolean
  defaultValue?: string
} & Pick<InputHTMLAttributes<HTMLInputElement>, 'type' | 'autoComplete' | 'inputMode' | 'max' | 'min' | 'spellCheck' | 'autoCapitalize'>

export function TextField({ id, label, registration, error, hint, required, defaultValue, type = 'text', ...rest }: TextFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : <span className="muted"> (необязательно)</span>}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        type={type}
        {...registration}
        {...rest}
        defaultValue={defaultValue}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error && `${id}-error`)}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

export type Choice = { value: string; label: string }

/** A group of radios or checkboxes in a fieldset; the first option's id is `${name}-${value}` (summary links). */
export function ChoiceGroup(props: {
  name: string
  legend: string
  type: 'radio' | 'checkbox'
  choices: Choice[]
  registration: UseFormRegisterReturn
  checked: (value: string) => boolean
  error?: string
  hint?: string
}) {
  const { name, legend, type, choices, registration, checked, error, hint } = props
  const errorId = `${name}-error`
  return (
    <fieldset aria-describedby={describedBy(hint && `${name}-hint`, error && errorId)}>
      <legend>
        {legend}
        <span aria-hidden="true"> *</span>
      </legend>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {choices.map((c) => (
        <div className="choice" key={c.value}>
          <input type={type} id={`${name}-${c.value}`} value={c.value} {...registration} defaultChecked={checked(c.value)} />
          <label htmlFor={`${name}-${c.value}`}>{c.label}</label>
        </div>
      ))}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </fieldset>
  )
}

type SummaryItem = { id: string; text: string }

export const ErrorSummary = forwardRef<HTMLDivElement, { title: string; items: SummaryItem[] }>(function ErrorSummary(
  { title, items },
  ref,
) {
  return (
    <div className="alert" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title" className="error-summary-title">
        {title}
      </h2>
      {items.length ? (
        <ul>
          {items.map((item) => (
            <li key={item.id + item.text}>
              <a href={`#${item.id}`}>{item.text}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
})
