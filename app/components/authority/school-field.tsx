// One field of the authority's school forms (ADR 069): «Новая школа» on /authority/schools and a school's address
// and mailbox on /authority/schools/<id>. The label, the input, its hint and its Russian error, tied together by ids
// (the field's name) for screen readers. Uncontrolled: what was typed survives a refused save.
export type SchoolFieldProps = {
  name: string
  label: string
  /** The message of the server's refusal for this field, if any. */
  error?: string
  hint?: string
  defaultValue?: string | number
  type?: string
  autoComplete?: string
}

export function SchoolField({ name, label, error, hint, defaultValue, type, autoComplete }: SchoolFieldProps) {
  const describedBy = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ')
  return (
    <p>
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type={type}
        className="wide-text"
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field-error" id={`${name}-error`}>
          {error}
        </span>
      ) : null}
    </p>
  )
}
