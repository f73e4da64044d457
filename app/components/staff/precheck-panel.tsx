// The review pre-check (Порядок 3.1.2): each check in words with ✓/✗, and the proposal it leads to.
import type { Precheck } from '#app/models/review-precheck.server'

const HEADINGS: Record<Precheck['proposal'], string> = {
  grant: 'оснований для отказа не выявлено',
  refuse: 'предлагается отказать',
  correction: 'предлагается запросить исправление',
  partial: 'предлагается предоставить информацию, которая есть в журнале, и отказать в остальной',
}

export function PrecheckPanel({ precheck }: { precheck: Precheck }) {
  return (
    <section
      className={`precheck ${precheck.proposal === 'grant' ? 'success' : precheck.proposal === 'partial' ? 'notice' : 'alert'}`}
      aria-labelledby="precheck-title"
    >
      {/* A titled part of the form, not a heading: inside an action form whose error summary is an h2 an h4 broke the
          heading order (axe heading-order, issue 19, item 9). The region is still named by it. */}
      <p id="precheck-title" className="precheck-title">
        <strong>Предварительная проверка: {HEADINGS[precheck.proposal]}</strong>
      </p>
      <ul className="checklist">
        {precheck.items.map((i) => (
          <li key={i.label}>
            <span aria-hidden="true">{i.ok ? '✓' : i.check ? '?' : '✗'}</span> <strong>{i.label}</strong> —{' '}
            {i.ok ? 'да' : i.check ? 'проверить' : 'нет'}. {i.detail}
          </li>
        ))}
      </ul>
      {precheck.grounds.length ? <p>Основания: {precheck.grounds.join('; ')}</p> : null}
      {precheck.correction.length ? <p>Запросить у заявителя: {precheck.correction.join(' ')}</p> : null}
    </section>
  )
}
