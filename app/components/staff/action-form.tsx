// One small form per procedure step: posts `intent` + the `version` the page was drawn from, so a step taken
// meanwhile by a colleague comes back as the conflict message instead of overwriting it.
import { Form, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { ErrorSummary } from './error-summary'

export type IntentResult = { intent: string; ok: boolean; message?: string; formError?: string; fieldErrors?: Record<string, string> }

export function ActionForm({
  intent,
  version,
  title,
  submit,
  result,
  children,
  danger = false,
  labels,
}: {
  intent: string
  version: number
  title: string
  submit: string
  result?: IntentResult | null
  children?: ReactNode
  danger?: boolean
  labels?: Record<string, string>
}) {
  const navigation = useNavigation()
  const busy = navigation.state !== 'idle' && navigation.formData?.get('intent') === intent
  const mine = result && !result.ok && result.intent === intent ? result : null
  const headingId = `${intent}-title`
  return (
    <Form method="post" className={`card action-form${danger ? ' danger' : ''}`} aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{title}</h3>
      <ErrorSummary formError={mine?.formError} fieldErrors={mine?.fieldErrors} labels={labels} prefix={`${intent}-`} />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      {children}
      <p>
        <button type="submit" className={danger ? 'secondary' : undefined} disabled={busy}>
          {busy ? 'Выполняется…' : submit}
        </button>
      </p>
    </Form>
  )
}

export const errorsFor = (result: IntentResult | null | undefined, intent: string) =>
  result && !result.ok && result.intent === intent ? result.fieldErrors : undefined
