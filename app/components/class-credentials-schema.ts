// The form «Сформировать реквизиты» of the class page: the browser checks it before sending, the resource route
// (routes/classes.$classId.credentials.ts) again.
import { z } from '#workflows/zod'

export const NOTHING_SELECTED = 'Не выбран ни один законный представитель. Отметьте тех, кому нужно сформировать реквизиты доступа.'

/** The way out of «статус не подтверждён»: what confirms the status and who records it (Порядок 1.2, 2.7). */
export const UNCONFIRMED_HOW =
  'Статус подтверждает документ, который законный представитель предъявляет в школе (свидетельство о рождении, акт об опеке). ' +
  'Отметку о нём вносит классный руководитель, сверив документ, — ниже, «Подтвердить статус» (импорт администратора ЭЖ ' +
  'статус не подтверждает). После этого нажмите «Обновить список».'

export const ClassCredentialsForm = z.object({
  guardianId: z.array(z.string().trim().min(1)).min(1, NOTHING_SELECTED),
  /** Which class page the form was sent from (the teacher's or the administrator's), to come back to on a refusal. */
  from: z.enum(['teacher', 'staff']).catch('teacher'),
})

export const classPagePath = (from: 'teacher' | 'staff', classId: string) => `/${from}/classes/${encodeURIComponent(classId)}`

/** The state of a guardian's e-diary account, as the class page shows it. */
export type AccountState = 'none' | 'one-time' | 'expired' | 'active' | 'locked' | 'compromised'

export const ACCOUNT_STATE_LABELS: Record<AccountState, string> = {
  none: 'нет учётной записи',
  'one-time': 'выдан временный пароль, ещё не входил',
  expired: 'временный пароль просрочен, не входил',
  active: 'пользуется дневником',
  locked: 'вход заблокирован',
  compromised: 'пароль скомпрометирован, вход заблокирован',
}

/**
 * The account's password signs in today (a one-time one not yet expired, or the parent's own): issuing again makes it
 * stop working, so the page names them and asks first, and the operation refuses without that confirmation.
 * Nothing is chosen by default.
 */
export const PASSWORD_WORKS: Record<AccountState, boolean> = {
  none: false,
  'one-time': true,
  expired: false,
  active: true,
  locked: false,
  compromised: false,
}
