// The list of problems at the top of a form, each a link to its field (GOV.UK-style error summary).
import { useEffect, useRef } from 'react'

/** 'applicant.lastName' → 'applicant-lastName': the id of the field an error belongs to. */
export const fieldId = (name: string, prefix = '') => `${prefix}${name.replaceAll('.', '-')}`

export function ErrorSummary({
  formError,
  fieldErrors = {},
  labels = {},
  prefix = '',
}: {
  formError?: string | null
  fieldErrors?: Record<string, string>
  labels?: Record<string, string>
  prefix?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const entries = Object.entries(fieldErrors)
  useEffect(() => {
    ref.current?.focus()
  }, [formError, entries.length])
  if (!formError && entries.length === 0) return null
  return (
    <div className="alert error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={`${prefix}error-summary-title`}>
      <h2 className="error-summary-title" id={`${prefix}error-summary-title`}>
        {formError ?? 'Исправьте ошибки'}
      </h2>
      {entries.length ? (
        <ul>
          {entries.map(([name, message]) => (
            <li key={name}>
              <a href={`#${fieldId(name, prefix)}`}>
                {labels[name] ? `${labels[name]}: ` : ''}
                {message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}

export function FieldError({ name, errors, prefix = '' }: { name: string; errors?: Record<string, string>; prefix?: string }) {
  const message = errors?.[name]
  return message ? (
    <p className="field-error" id={`${fieldId(name, prefix)}-error`}>
      {message}
    </p>
  ) : null
}

/** aria props for an input with a possible error. */
export function errorProps(name: string, errors?: Record<string, string>, prefix = '') {
  const message = errors?.[name]
  return {
    id: fieldId(name, prefix),
    'aria-invalid': message ? true : undefined,
    'aria-describedby': message ? `${fieldId(name, prefix)}-error` : undefined,
  } as const
}
