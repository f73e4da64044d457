import { Link } from '@remix-run/react'
import { TableWrap } from './table-wrap'

type ApplicationRow = { id: string; receiptNumber: string; receivedAt: string; pupil: string; statusText: string }

/** The parent's own applications; each opens the same status page as the private link. */
export function ApplicationsList({ rows, showPupil = true }: { rows: ApplicationRow[]; showPupil?: boolean }) {
  if (rows.length === 0)
    return <p className="muted">{showPupil ? 'Вы ещё не подавали заявлений.' : 'Заявлений об этом ребёнке вы ещё не подавали.'}</p>
  return (
    <TableWrap label="Заявления">
      <table>
        <thead>
          <tr>
            <th scope="col">Заявление</th>
            <th scope="col">Получено</th>
            {showPupil ? <th scope="col">Обучающийся</th> : null}
            <th scope="col">Статус</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/parent/applications/${a.id}`}>№ {a.receiptNumber}</Link>
              </td>
              <td>{a.receivedAt}</td>
              {showPupil ? <td>{a.pupil}</td> : null}
              <td>{a.statusText}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  )
}
