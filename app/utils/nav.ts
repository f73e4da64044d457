export type NavItem = { to: string; label: string; end?: boolean }

/** Navigation by role: only pages the user may open. */
export function navFor(roles: readonly string[] | null): NavItem[] {
  if (!roles) {
    return [
      { to: '/', label: 'О порядке', end: true },
      { to: '/deadlines', label: 'Сроки ответа' },
    ]
  }
  const items: NavItem[] = []
  const has = (...r: string[]) => r.some((x) => roles.includes(x))
  if (has('director', 'responsible', 'deputy', 'secretary')) items.push({ to: '/staff', label: 'Школа', end: true })
  if (has('admin')) items.push({ to: '/admin', label: 'Администрирование', end: true })
  if (has('admin')) items.push({ to: '/admin/calendar', label: 'Календарь' })
  if (has('class_teacher', 'teacher')) items.push({ to: '/teacher', label: 'Мои классы', end: true })
  if (has('parent')) items.push({ to: '/parent', label: 'Мои дети', end: true })
  items.push({ to: '/deadlines', label: 'Сроки ответа' })
  return items
}
