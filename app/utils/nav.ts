type NavItem = { to: string; label: string; end?: boolean }

/** Navigation by role: only pages the user may open. */
export function navFor(roles: readonly string[] | null): NavItem[] {
  if (!roles) {
    return [
      { to: '/', label: 'О порядке', end: true },
      { to: '/apply', label: 'Подать заявление' },
      { to: '/deadlines', label: 'Сроки ответа' },
    ]
  }
  const items: NavItem[] = []
  const has = (...r: string[]) => r.some((x) => roles.includes(x))
  if (has('director', 'responsible', 'deputy', 'secretary')) items.push({ to: '/staff', label: 'Школа', end: true })
  if (has('director')) items.push({ to: '/staff/dashboard', label: 'Контроль' })
  // The procedure's workspace (issue 7): who may open each page mirrors its permission check.
  if (has('director', 'responsible', 'secretary'))
    items.push(
      { to: '/staff/applications', label: 'Заявления' },
      { to: '/staff/intake', label: 'Приём' },
      { to: '/staff/mail', label: 'Почта' },
    )
  if (has('director')) items.push({ to: '/staff/decisions', label: 'Решения' })
  if (has('director', 'responsible', 'secretary')) items.push({ to: '/staff/log', label: 'Журнал регистрации' })
  if (has('director', 'responsible', 'secretary', 'class_teacher')) items.push({ to: '/staff/meeting', label: 'Собрание' })
  // The journal reports (Положение 4.3.8, 4.6.3): the administration for every class, a class teacher for their own (ADR 068).
  if (has('director', 'deputy', 'admin', 'class_teacher')) items.push({ to: '/staff/reports', label: 'Отчёты' })
  if (has('admin')) items.push({ to: '/admin', label: 'Администрирование', end: true })
  // The administrator's other pages (calendar, retention, audit, activity) are listed on /admin.
  if (has('admin'))
    items.push(
      { to: '/admin/users', label: 'Учётные записи' },
      { to: '/admin/import', label: 'Импорт' },
      { to: '/admin/templates', label: 'Шаблоны' },
      { to: '/admin/mail', label: 'Почта' },
    )
  if (has('authority')) items.push({ to: '/authority/schools', label: 'Школы' })
  if (has('class_teacher', 'teacher')) items.push({ to: '/teacher', label: 'Мои классы', end: true })
  if (has('parent'))
    items.push(
      { to: '/parent', label: 'Мои дети', end: true },
      { to: '/parent/applications', label: 'Мои заявления' },
      { to: '/apply', label: 'Подать заявление' },
    )
  items.push({ to: '/deadlines', label: 'Сроки ответа' })
  return items
}
