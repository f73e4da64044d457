// The review pre-check (Порядок 3.1.2): each check in words with ✓/✗, and the proposal it leads to.
import type { Precheck } from '#app/models/review-precheck.server'

export function PrecheckPanel({ precheck }: { precheck: Precheck }) {
  return (
    <section className={`precheck ${precheck.proposal === 'refuse' ? 'alert' : precheck.proposal === 'partial' ? 'notice' : 'success'}`} aria-labelledby="precheck-title">
      <h4 id="precheck-title">Предварительная проверка: {precheck.proposal === 'refuse' ? 'предлагается отказать' : precheck.proposal === 'partial' ? 'предлагается предоставить информацию, которая есть в журнале, и отказать в остальной' : 'оснований для отказа не выявлено'}</h4>
      <ul className="checklist">
        {precheck.items.map((i) => (
          <li key={i.label}><span aria-hidden="true">{i.ok ? '✓' : '✗'}</span> <strong>{i.label}</strong> — {i.ok ? 'да' : 'нет'}. {i.detail}</li>
        ))}
      </ul>
      {precheck.grounds.length ? <p>Основания: {precheck.grounds.join('; ')}</p> : null}
    </section>
  )
}
