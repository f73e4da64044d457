// The attendance part of a child's page (Порядок 2.5); it says why it is empty when the journal has nothing to
// show. (The week and the marks by subject are the e-diary's own components, diary.tsx; ADR 038.)
import type { JournalInformation } from '#app/models/journal/types'
import { formatDay } from '#app/utils/format'
import { TableWrap } from './table-wrap'

type Kinds = JournalInformation['kinds']
type Unavailable = { available: false; reason: string }

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  )
}

const Reason = ({ value }: { value: Unavailable | undefined }) => <p className="muted">{value?.reason ?? 'Нет данных.'}</p>

export function AttendanceSection({ attendance }: { attendance: Kinds['attendance'] }) {
  if (!attendance?.available) return <Section id="attendance-title" title="Посещаемость"><Reason value={attendance as Unavailable | undefined} /></Section>
  const o = attendance.totals.overall
  return (
    <Section id="attendance-title" title="Посещаемость">
      <p>Пропущено уроков: <strong>{o.missed}</strong> (по уважительной причине — {o.valid}, без уважительной — {o.invalid}), опозданий: {o.late}.</p>
      {attendance.rows.length ? (
        <TableWrap label="Пропуски и опоздания">
          <table>
            <thead><tr><th scope="col">Дата</th><th scope="col">Предмет</th><th scope="col">Отметка</th><th scope="col">Причина</th></tr></thead>
            <tbody>
              {attendance.rows.map((a, i) => (
                <tr key={i}><td>{formatDay(a.date)}</td><td>{a.subject}</td><td>{a.kindLabel}</td><td>{a.reason || (a.valid ? 'уважительная' : '—')}</td></tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Section>
  )
}
