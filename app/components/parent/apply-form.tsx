// The online application form (appendix to the Порядок). react-hook-form + zodResolver check it in the browser
// with ApplyFormSchema; the action checks it again. Without JavaScript it is an ordinary multipart form post.
import { useEffect, useRef, useState } from 'react'
import { Form, useNavigation, useSubmit } from '@remix-run/react'
import { zodResolver } from '@hookform/resolvers/zod'
import { get, useForm, type DefaultValues } from 'react-hook-form'
import { DELIVERIES, DELIVERY_LABELS, KINDS, KIND_FORM_LABELS, PERIODICITIES, PERIODICITY_LABELS } from '#app/operations/application-schema'
import {
  ApplyFormSchema,
  FIELD_LABELS,
  FIELD_ORDER,
  fieldId,
  toDefaults,
  type ApplyDefaults,
  type ApplyFormData,
  type ApplyFormInput,
} from './apply-schema'
import { ErrorSummary } from './form-field'
import { ApplicantFields, DocumentFields, PupilFields, RequestFields, type Kit, type Operator } from './apply-sections'

/**
 * The draft (ADR 089): in the tab's sessionStorage, not localStorage — on a shared or library computer it goes when
 * the tab is closed, not to the next person who opens /apply; without the identity document's series, number and
 * issuer, which the parent types again; and not restored after DRAFT_HOURS.
 */
export const DRAFT_KEY = 'spravka.apply.draft.v2'
const DRAFT_HOURS = 2
const LEGACY_DRAFT_KEY = 'spravka.apply.draft.v1'

type Props = {
  defaults: ApplyDefaults
  idempotencyKey: string
  /** The signed page token (app/operations/apply-limits.server.ts): the per-browser limit counts by it. */
  formToken: string
  serverErrors: Record<string, string>
  formError: string | null
  /** Filled from the signed-in parent's data: the stored draft must not overwrite it. */
  prefilled: boolean
  /** The school, named by the personal-data notice as the operator. */
  operator: Operator | null
}

type StoredDraft = { savedAt: number; values: ApplyDefaults }

function draftOf(values: unknown): StoredDraft {
  const kept = toDefaults(values) // files are never kept
  return { savedAt: Date.now(), values: { ...kept, identity: { ...kept.identity, number: '', issuedBy: '', issuedOn: '' } } }
}

/** The stored draft's values, or null when there is none, it is not ours or it is older than DRAFT_HOURS. */
function readDraft(stored: string | null): ApplyDefaults | null {
  if (!stored) return null
  const draft = JSON.parse(stored) as Partial<StoredDraft> | null
  if (!draft || typeof draft.savedAt !== 'number' || Date.now() - draft.savedAt > DRAFT_HOURS * 3_600_000) return null
  return toDefaults(draft.values)
}

export function ApplyForm({ defaults, idempotencyKey, formToken, serverErrors, formError, prefilled, operator }: Props) {
  const form = useForm<ApplyFormInput, unknown, ApplyFormData>({
    resolver: zodResolver(ApplyFormSchema),
    defaultValues: defaults as unknown as DefaultValues<ApplyFormInput>,
    shouldFocusError: false, // the summary takes the focus and links to each field
  })
  const { register, formState, reset, watch } = form
  const submit = useSubmit()
  const busy = useNavigation().state !== 'idle'
  const formRef = useRef<HTMLFormElement>(null)
  const summaryRef = useRef<HTMLDivElement>(null)
  const [hydrated, setHydrated] = useState(false)
  const [restored, setRestored] = useState(false)

  useEffect(() => {
    setHydrated(true)
    try {
      window.localStorage.removeItem(LEGACY_DRAFT_KEY) // an earlier version kept the whole form here, passport included
    } catch {
      /* blocked storage */
    }
    if (prefilled || Object.keys(serverErrors).length) return
    try {
      const draft = readDraft(window.sessionStorage.getItem(DRAFT_KEY))
      if (draft) {
        reset({ ...(draft as unknown as ApplyFormInput) })
        setRestored(true)
      } else window.sessionStorage.removeItem(DRAFT_KEY)
    } catch {
      /* a broken or blocked storage: start empty */
    }
    // Once, when the page comes alive: a draft restored later would overwrite what the parent typed since.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const subscription = watch((values) => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        try {
          window.sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draftOf(values)))
        } catch {
          /* storage full or disabled: the draft is a convenience only */
        }
      }, 300)
    })
    return () => {
      clearTimeout(timer)
      subscription.unsubscribe()
    }
  }, [watch])

  // Server answers (also without JavaScript): show them on the fields and move the focus to the summary.
  useEffect(() => {
    for (const [path, message] of Object.entries(serverErrors)) form.setError(path as never, { type: 'server', message })
    if (Object.keys(serverErrors).length || formError) summaryRef.current?.focus()
    // Once per server answer: `form` is react-hook-form's own object, and re-running on it would steal the focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverErrors, formError])

  const errorOf = (path: string): string | undefined =>
    (get(formState.errors, path) as { message?: string } | undefined)?.message ?? (hydrated ? undefined : serverErrors[path])
  const items = FIELD_ORDER.filter((p) => errorOf(p)).map((p) => ({ id: fieldId(p), text: `${FIELD_LABELS[p]}: ${errorOf(p)}` }))
  const role = watch('applicant.role') as string | undefined
  const kit: Kit = { register, errorOf, defaults, role: hydrated ? (role ?? '') : null }

  function clearDraft() {
    window.sessionStorage.removeItem(DRAFT_KEY)
    reset(toDefaults({}) as unknown as ApplyFormInput)
    setRestored(false)
  }

  return (
    <>
      {items.length || formError ? <ErrorSummary ref={summaryRef} title={formError ?? 'Проверьте заявление'} items={items} /> : null}
      {restored ? (
        <div className="notice" role="status">
          Восстановлен черновик из этой вкладки. Серию и номер документа, кем и когда он выдан, и файлы укажите заново.{' '}
          <button type="button" className="link" onClick={clearDraft}>
            Очистить форму
          </button>
        </div>
      ) : null}
      <Form
        ref={formRef}
        method="post"
        encType="multipart/form-data"
        noValidate
        className="card apply-form"
        onSubmit={(event) => {
          if (busy) return event.preventDefault()
          form.handleSubmit(
            () => submit(formRef.current!, { method: 'post', encType: 'multipart/form-data' }),
            () => requestAnimationFrame(() => summaryRef.current?.focus()),
          )(event)
        }}
      >
        <p className="hint">Поля, отмеченные звёздочкой (*), обязательны.</p>
        <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
        <input type="hidden" name="formToken" value={formToken} />
        {/* A trap for robots: people do not see or reach it (aria-hidden, out of the tab order). */}
        <div aria-hidden="true" style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}>
          <label htmlFor="website">Не заполняйте это поле</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        <ApplicantFields kit={kit} />
        <PupilFields kit={kit} />
        <RequestFields
          kit={kit}
          kinds={KINDS.map((k) => ({ value: k, label: KIND_FORM_LABELS[k] }))}
          periodicities={PERIODICITIES.map((p) => ({ value: p, label: PERIODICITY_LABELS[p] }))}
          deliveries={DELIVERIES.map((d) => ({ value: d, label: DELIVERY_LABELS[d] }))}
        />
        <DocumentFields kit={kit} operator={operator} />
        <p>
          <button type="submit" disabled={busy} aria-disabled={busy || undefined}>
            {busy ? 'Отправляем…' : 'Отправить заявление'}
          </button>
        </p>
      </Form>
    </>
  )
}
