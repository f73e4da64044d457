import { Link } from '@remix-run/react'
import { can, homePathFor } from '#app/utils/permissions'

type BackLink = { to: string; label: string }

/**
 * Where the control pages (access audit, activity report) lead back to. The director carries out the control
 * (Порядок 4.1) and returns to the dashboard; the ЭЖ administrator reads these pages too but may not open the
 * dashboard (403), so they return to their own home.
 */
export function controlBackLink(roles: readonly string[]): BackLink {
  if (can(roles, 'decide:application:any')) return { to: '/staff/dashboard', label: 'Контроль' }
  const to = homePathFor(roles)
  return { to, label: to === '/admin' ? 'Администрирование' : 'На главную' }
}

export function ControlBackLink({ link }: { link: BackLink }) {
  return (
    <p className="no-print">
      <Link to={link.to}>← {link.label}</Link>
    </p>
  )
}
