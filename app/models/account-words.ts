// Words and limits of the access rules (ADR 093, 102) that pages show as well as the server: no server code here.
/** What an access request asks for (ADR 093, 102). */
export type GrantKind = 'roles' | 'one-time-password' | 'email'

/** ADR 102: a parent's one-time password goes only by mail to an address the parent has had for this long. */
export const SETTLED_EMAIL_DAYS = 14

export const PARENT_REFUSALS = {
  'parent-without-email':
    'У родителя нет адреса электронной почты: временный пароль администратор ЭЖ родителю не выдаёт. Реквизиты доступа ' +
    'родителям выдаёт классный руководитель под роспись (Положение 3.1, 4.3.7) — на странице класса.',
  'parent-email-changed':
    `Адрес электронной почты родителя изменён менее ${SETTLED_EMAIL_DAYS} дней назад: временный пароль на него не ` +
    'отправляется. Реквизиты доступа выдаёт классный руководитель под роспись (Положение 3.1, 4.3.7).',
  'parent-email-unconfirmed':
    'Адрес электронной почты родителя не подтверждён: о его установке никто не был извещён по прежнему адресу, и родитель ' +
    'с тех пор не входил в журнал. Временный пароль на него не отправляется. Реквизиты доступа выдаёт классный ' +
    'руководитель под роспись (Положение 3.1, 4.3.7).',
} as const

/** What a waiting grant asks, in a line: for the authority's page and the console's list. */
export const grantWhat = (g: { kind: GrantKind; roles: string[]; holds: string[]; email: string }) =>
  g.kind === 'roles'
    ? `роль: ${g.roles.join(', ')}`
    : g.kind === 'email'
      ? `новый адрес эл. почты «${g.email}» (роли: ${g.holds.join(', ') || 'ответственный работник по карточке школы'})`
      : `временный пароль (роли: ${g.holds.join(', ')})`

/**
 * ADR 114: the account's address as the confirmer sees it beside a request — and, when an import changed it and nobody
 * confirmed that since, when and by whom (recent: less than SETTLED_EMAIL_DAYS ago). `at` is already dd.MM.yyyy HH:mm.
 */
export function currentEmailText(current: string, changed: { by: string; at: string; recent: boolean } | null): string {
  const address = current ? `«${current}»` : 'не указан'
  if (!changed) return address
  return (
    `${address} — изменён импортом ${changed.at} (${changed.by}), никем не подтверждён` +
    (changed.recent ? `; менее ${SETTLED_EMAIL_DAYS} дней назад: письма этой учётной записи идут на новый адрес` : '')
  )
}
