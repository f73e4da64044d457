// The journal's and the pupil card's filter: the academic period (and whatever else the page adds before it),
// «Показать» and «Печать». Hidden when printing.
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'

export function PeriodFilter({
  periods,
  periodId,
  children,
}: {
  periods: Array<{ id: string; name: string }>
  periodId: string | null | undefined
  children?: ReactNode
}) {
  return (
    <Form method="get" className="journal-filter no-print">
      {children}
      <div>
        <label htmlFor="period">Учебный период</label>
        <select id="period" name="period" defaultValue={periodId ?? ''}>
          {periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit">Показать</button>{' '}
        <button type="button" className="secondary" onClick={() => window.print()}>
          Печать
        </button>
      </div>
    </Form>
  )
}
