// The school's own settings the ЭЖ administrator edits on /admin/settings: the thresholds of the forecast of the
// period mark (Положение 9.2) and how many working days before a deadline the staff are warned («скоро срок»).
import { z } from '#workflows/zod'
import { recordAudit } from '#app/models/audit.server'
import { getThresholds } from '#app/models/journal/forecast.server'
import { readSetting, writeSetting } from '#app/models/settings.server'
import { THRESHOLDS_SETTING_KEY, thresholdsSchema } from '#workflows/forecast'
import { dueSoonSetting } from '#workflows/deadlines'

const DUE_SOON_KEY = 'deadlines.dueSoonWorkingDays'

/** The school's «срок истекает» margin in working days (setting 'deadlines.dueSoonWorkingDays', 0–10; default 2). */
export async function dueSoonWorkingDays(schoolId: string): Promise<number> {
  return dueSoonSetting(await readSetting(schoolId, DUE_SOON_KEY))
}

/** «4,6» or «4.6» → 4.6; anything else fails with the Russian message. */
const decimal = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Укажите порог для отметки «${label}»`)
    .transform((s) => Number(s.replace(',', '.')))
    .pipe(
      z
        .number({ message: `Порог для «${label}» — число, например 4,6` })
        .min(2, `Порог для «${label}» — от 2 до 5`)
        .max(5, `Порог для «${label}» — от 2 до 5`),
    )

export const ThresholdsForm = z
  .object({ five: decimal('5'), four: decimal('4'), three: decimal('3') })
  .refine((t) => t.five > t.four && t.four > t.three, {
    message: 'Пороги должны убывать: для «5» больше, чем для «4», для «4» больше, чем для «3»',
    path: ['five'],
  })

export const DueSoonForm = z.object({
  days: z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, 'Укажите целое число рабочих дней от 0 до 10')
    .transform(Number)
    .pipe(z.number().int().min(0, 'От 0 до 10 рабочих дней').max(10, 'От 0 до 10 рабочих дней')),
})

export async function getSchoolSettings(schoolId: string) {
  const [{ thresholds, error }, dueSoon] = await Promise.all([getThresholds(schoolId), dueSoonWorkingDays(schoolId)])
  return { thresholds, thresholdsError: error, dueSoon }
}

type Admin = { id: string; schoolId: string }

export async function saveThresholds(user: Admin, thresholds: z.output<typeof ThresholdsForm>) {
  const value = thresholdsSchema.parse(thresholds)
  await writeSetting(user.schoolId, THRESHOLDS_SETTING_KEY, JSON.stringify(value))
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'update:school-setting',
    entity: 'Setting',
    entityId: THRESHOLDS_SETTING_KEY,
    data: value,
  })
}

export async function saveDueSoon(user: Admin, days: number) {
  await writeSetting(user.schoolId, DUE_SOON_KEY, String(days))
  await recordAudit({
    schoolId: user.schoolId,
    userId: user.id,
    action: 'update:school-setting',
    entity: 'Setting',
    entityId: DUE_SOON_KEY,
    data: { days },
  })
}
