// A deadline in words AND colour (never colour alone): «просрочено», «срок истекает», «в срок».
type DeadlineLike = { label: string; due: string; state: string; stateLabel: string; left: string }

const TONE: Record<string, string> = { overdue: 'bad', due_soon: 'warn', ok: 'ok', met: 'ok' }

export function DeadlineBadge({ deadline, withStage = false }: { deadline: DeadlineLike | null; withStage?: boolean }) {
  if (!deadline) return <span className="muted">срок не течёт</span>
  return (
    <span className={`deadline deadline-${deadline.state}`}>
      <span className={`badge ${TONE[deadline.state] ?? ''}`}>
        {deadline.state === 'overdue' ? '⚠ ' : deadline.state === 'due_soon' ? '⏳ ' : ''}
        {deadline.stateLabel}
      </span>{' '}
      {withStage ? <>{deadline.label}: </> : null}до {deadline.due}, <span className="muted">{deadline.left}</span>
    </span>
  )
}
