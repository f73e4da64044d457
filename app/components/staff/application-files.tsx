// Documents made for the application (notices, extracts), files the applicant brought and the letters attached to
// the application (the one it was made from, the applicant's replies): staff only.
import { Link } from '@remix-run/react'
import type { ApplicationPage } from '#app/models/application-page.server'

const KB = 1024
const size = (n: number) => (n >= KB * KB ? `${(n / KB / KB).toFixed(1)} МБ` : `${Math.max(1, Math.round(n / KB))} КБ`)

export function ApplicationFiles({ page }: { page: ApplicationPage }) {
  return (
    <div className="grid two">
      <section className="card" aria-labelledby="docs-title">
        <h2 id="docs-title">Документы</h2>
        {page.documents.length ? (
          <ul>
            {page.documents.map((d) => (
              <li key={d.id}>
                <a href={`/staff/applications/${page.id}/documents/${d.id}`} download>
                  {d.fileName}
                </a>
                {d.pdf === 'make' ? (
                  <>
                    {' · '}
                    <a href={`/staff/applications/${page.id}/documents/${d.id}?as=pdf`} download>
                      PDF
                    </a>
                  </>
                ) : null}
                {d.pdf && d.pdf !== 'make' ? (
                  <>
                    {' · '}
                    <span className="muted" title={d.pdf.off}>
                      PDF недоступен
                    </span>
                  </>
                ) : null}{' '}
                <span className="muted">({d.createdAt})</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Документы ещё не сформированы.</p>
        )}
      </section>
      <section className="card" aria-labelledby="uploads-title">
        <h2 id="uploads-title">Файлы заявителя</h2>
        {page.uploads.length ? (
          <ul>
            {page.uploads.map((u) => (
              <li key={u.id}>
                {u.kindLabel}:{' '}
                <a href={`/staff/applications/${page.id}/uploads/${u.id}`} download aria-label={`${u.kindLabel}: ${u.fileName}`}>
                  {u.fileName}
                </a>{' '}
                <span className="muted">
                  ({size(u.size)}, {u.createdAt})
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Файлов нет.</p>
        )}
      </section>
      {page.letters.length ? (
        <section className="card" aria-labelledby="letters-title">
          <h2 id="letters-title">Письма по заявлению</h2>
          <ul>
            {page.letters.map((l) => (
              <li key={l.id}>
                {l.kindLabel}: <Link to={`/staff/mail/${l.id}`}>{l.subject || '(без темы)'}</Link> <span className="muted">({l.at})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
