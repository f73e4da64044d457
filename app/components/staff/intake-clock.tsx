// Порядок 3.1.1: in person the application is registered within 10 minutes. The clock counts from the moment
// the intake began (kept in a hidden field); the server renders the first value, the browser keeps it running.
import { useEffect, useState } from 'react'
import { TERMS, TERM_TEXT } from '#workflows/deadlines'

const LIMIT_MS = TERMS.inPersonRegistrationMinutes * 60_000

function mmss(ms: number) {
  const s = Math.max(0, Math.floor(ms / 1000))
  return `${Math.floor(s / 60)} мин ${String(s % 60).padStart(2, '0')} с`
}

export function IntakeClock({ startedAt, startedLabel, serverNow }: { startedAt: string; startedLabel: string; serverNow: string }) {
  const start = Date.parse(startedAt)
  const [elapsed, setElapsed] = useState(Date.parse(serverNow) - start)
  useEffect(() => {
    // The browser's clock may differ from the server's: count from the server's «now» at page load.
    const skew = Date.parse(serverNow) - Date.now()
    const tick = () => setElapsed(Date.now() + skew - start)
    tick()
    const id = setInterval(tick, 1000)
    return () => clearInterval(id)
  }, [start, serverNow])
  const left = LIMIT_MS - elapsed
  const state = left <= 0 ? 'bad' : left <= 3 * 60_000 ? 'warn' : 'ok'
  return (
    <div className={`intake-clock clock-${state}`} role="timer" aria-live="off" aria-label="Время приёма">
      <span>Приём начат в {startedLabel}</span>
      <strong>прошло {mmss(elapsed)}</strong>
      <span className={`badge ${state}`}>
        {left > 0
          ? `осталось ${mmss(left)} из ${TERM_TEXT.inPersonMinutes}`
          : `${TERM_TEXT.inPersonMinutes} истекли — зарегистрируйте без промедления`}
      </span>
    </div>
  )
}
