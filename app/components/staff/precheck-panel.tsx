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
    <section className={`precheck ${precheck.proposal === 'grant' ? 'success' : precheck.proposal === 'partial' ? 'notice' : 'alert'}`} aria-labelledby="precheck-title">
      <h4 id="precheck-title">Предварительная проверка: {HEADINGS[precheck.proposal]}</h4>
      <ul className="checklist">
        {precheck.items.map((i) => (
          <li key={i.label}><span aria-hidden="true">{i.ok ? '✓' : '✗'}</span> <strong>{i.label}</strong> — {i.ok ? 'да' : 'нет'}. {i.detail}</li>
        ))}
      </ul>
      {precheck.grounds.length ? <p>Основания: {precheck.grounds.join('; ')}</p> : null}
      {precheck.correction.length ? <p>Запросить у заявителя: {precheck.correction.join(' ')}</p> : null}
    </section>
  )
}
