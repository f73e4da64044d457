// /admin/settings: the school's forecast thresholds and «скоро срок» margin, each school its own; bad input is refused
// in Russian and changes nothing.
import { describe, expect, it } from 'vitest'
import { db } from '#app/utils/db.server'
import { dueSoonWorkingDays } from '#app/models/school-settings.server'
import { getThresholds } from '#app/models/journal/forecast.server'
import { action, loader } from '#app/routes/admin.settings'
import { signIn } from '#tests/helpers/auth'
import { formRequest, getRequest, settle } from '#tests/helpers/http'
import { otherSchool } from '#tests/helpers/schools'

async function post(fields: Record<string, string>, login = 'admin') {
  const cookie = await signIn(login)
  return settle(() => action({ request: formRequest('/admin/settings', fields, cookie), params: {}, context: {} }))
}

describe('school settings', () => {
  it('saves the forecast thresholds (with a decimal comma) and the warning margin for this school only', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const anonymous = await settle(() => loader({ request: getRequest('/admin/settings'), params: {}, context: {} }))
    expect(anonymous.status).toBe(302) // not signed in: to the login page
    const cookie = await signIn('admin')
    const shown = await (await settle(() => loader({ request: getRequest('/admin/settings', cookie), params: {}, context: {} }))).json()
    expect(shown).toMatchObject({ thresholds: { five: 4.6, four: 3.6, three: 2.6 }, dueSoon: 2 })

    const saved = await post({ intent: 'thresholds', five: '4,5', four: '3,5', three: '2.5' })
    expect(saved.status).toBe(200)
    expect(await saved.json()).toMatchObject({ ok: true, message: 'Пороги прогноза сохранены' })
    expect((await getThresholds(admin.schoolId)).thresholds).toEqual({ five: 4.5, four: 3.5, three: 2.5 })
    expect(await (await post({ intent: 'due-soon', days: '3' })).json()).toMatchObject({ ok: true })
    expect(await dueSoonWorkingDays(admin.schoolId)).toBe(3)
    expect(await db.auditEvent.count({ where: { action: 'update:school-setting', userId: admin.id } })).toBe(2)

    const other = await otherSchool()
    expect((await getThresholds(other.id)).thresholds).toEqual({ five: 4.6, four: 3.6, three: 2.6 })
    expect(await dueSoonWorkingDays(other.id)).toBe(2)
  })

  it('refuses bad values in Russian and keeps what was saved', async () => {
    const admin = await db.user.findUniqueOrThrow({ where: { login: 'admin' } })
    const before = await db.setting.findMany({ where: { schoolId: admin.schoolId }, orderBy: { key: 'asc' } })
    const cases: Array<[Record<string, string>, string]> = [
      [
        { intent: 'thresholds', five: '3,5', four: '3,6', three: '2,6' },
        'Пороги должны убывать: для «5» больше, чем для «4», для «4» больше, чем для «3»',
      ],
      [{ intent: 'thresholds', five: 'пять', four: '3,6', three: '2,6' }, 'Порог для «5» — число, например 4,6'],
      [{ intent: 'thresholds', five: '4,6', four: '3,6', three: '1,5' }, 'Порог для «3» — от 2 до 5'],
      [{ intent: 'thresholds', five: '', four: '3,6', three: '2,6' }, 'Укажите порог для отметки «5»'],
      [{ intent: 'due-soon', days: '11' }, 'От 0 до 10 рабочих дней'],
      [{ intent: 'due-soon', days: '2,5' }, 'Укажите целое число рабочих дней от 0 до 10'],
    ]
    for (const [fields, message] of cases) {
      const res = await post(fields)
      expect(res.status, JSON.stringify(fields)).toBe(400)
      expect(await res.json()).toMatchObject({ ok: false, message })
    }
    expect(await db.setting.findMany({ where: { schoolId: admin.schoolId }, orderBy: { key: 'asc' } })).toEqual(before)
  })

  it('is the administrator’s: the responsible employee gets 403', async () => {
    expect((await post({ intent: 'due-soon', days: '5' }, 'responsible')).status).toBe(403)
  })
})
