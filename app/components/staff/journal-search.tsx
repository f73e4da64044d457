// Find the family in the journal by a few letters of the pupil's or the parent's surname; choosing a parent
// fills the form. Keyboard: type, ↓ to the results, Enter to choose.
import { useFetcher } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import type { IntakeGuardian, IntakeMatch } from '#app/models/intake.server'
import type { IntakeValues } from './application-fields'
import { splitPostcode } from '#app/utils/format'

export function valuesFromChoice(m: IntakeMatch, g: IntakeGuardian): IntakeValues {
  return {
    applicant: {
      lastName: g.lastName,
      firstName: g.firstName,
      middleName: g.middleName,
      identityDocument: '',
      postalAddress: g.postalAddress,
      postcode: splitPostcode(g.postalAddress).postcode,
      email: g.email,
      phone: g.phone,
    },
    pupil: { lastName: m.lastName, firstName: m.firstName, middleName: m.middleName, className: m.className },
    kinds: [],
    periodicity: 'once',
    delivery: 'in_person',
  }
}

export function JournalSearch({ onChoose }: { onChoose: (m: IntakeMatch, g: IntakeGuardian) => void }) {
  const fetcher = useFetcher<{ matches: IntakeMatch[] }>()
  const [q, setQ] = useState('')
  const list = useRef<HTMLUListElement>(null)
  useEffect(() => {
    if (q.trim().length < 2) return
    const id = setTimeout(() => fetcher.load(`/staff/intake/search?q=${encodeURIComponent(q.trim())}`), 200)
    return () => clearTimeout(id)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q])
  const matches = q.trim().length >= 2 ? (fetcher.data?.matches ?? []) : []
  const focusFirst = () => list.current?.querySelector('button')?.focus()
  return (
    <section className="card journal-search" aria-labelledby="search-title">
      <h2 id="search-title">Найти в журнале</h2>
      <label htmlFor="journal-q">Фамилия обучающегося или родителя (и, через пробел, имя)</label>
      <input
        id="journal-q"
        type="search"
        autoComplete="off"
        autoFocus
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'Enter') {
            e.preventDefault()
            focusFirst()
          }
        }}
        aria-describedby="journal-q-hint"
        aria-controls="journal-results"
      />
      <p className="hint" id="journal-q-hint">
        Введите не меньше двух букв; ↓ — к найденным, Enter — выбрать.
      </p>
      <p role="status" className="muted">
        {q.trim().length >= 2 && fetcher.state === 'idle'
          ? matches.length
            ? `Найдено: ${matches.length}`
            : 'В журнале таких обучающихся и родителей нет.'
          : ''}
      </p>
      <ul
        id="journal-results"
        ref={list}
        className="search-results"
        onKeyDown={(e) => {
          const buttons = [...(list.current?.querySelectorAll('button') ?? [])]
          const i = buttons.indexOf(document.activeElement as HTMLButtonElement)
          if (e.key === 'ArrowDown' && i < buttons.length - 1) {
            e.preventDefault()
            buttons[i + 1].focus()
          }
          if (e.key === 'ArrowUp') {
            e.preventDefault()
            if (i > 0) buttons[i - 1].focus()
            else document.getElementById('journal-q')?.focus()
          }
        }}
      >
        {matches.flatMap((m) =>
          m.guardians.map((g) => (
            <li key={`${m.pupilId}-${g.guardianId}`}>
              <button type="button" className="secondary choice-button" onClick={() => onChoose(m, g)}>
                {g.lastName} {g.firstName} {g.middleName} ({g.relationship}
                {g.confirmed ? '' : ', статус не подтверждён'}) — {m.lastName} {m.firstName}, {m.className}
              </button>
            </li>
          )),
        )}
      </ul>
    </section>
  )
}
