import { db } from '#app/utils/db.server'
import { fullName } from '#app/models/school.server'
import { NO_GUARDIANS } from '#workflows/journal-rules'
import type { PupilContext } from './context.server'
import type { AccessRow, KindResults } from './types'

/**
 * «Информация для доступа к электронному дневнику»: whether each guardian has an account and its login
 * (Порядок 3.3). The password is never read: only its hash is stored, and a new one is issued by a letter.
 */
export async function accessInformation(ctx: PupilContext): Promise<NonNullable<KindResults['access']>> {
  const links = await db.guardianLink.findMany({
    where: { pupilId: ctx.pupil.id },
    select: {
      relationship: true,
      guardian: {
        select: {
          id: true,
          lastName: true,
          firstName: true,
          middleName: true,
          user: { select: { login: true, lockedAt: true, mustChangePassword: true } },
        },
      },
    },
  })
  const rows: AccessRow[] = links
    .map(({ relationship, guardian: g }) => ({
      guardianId: g.id,
      guardian: fullName(g),
      relationship,
      hasAccount: g.user !== null,
      login: g.user?.login ?? null,
      state: !g.user
        ? 'нет учётной записи'
        : g.user.lockedAt
          ? 'заблокирована'
          : g.user.mustChangePassword
            ? 'выдан временный пароль'
            : 'действует',
    }))
    .sort((a, b) => a.guardian.localeCompare(b.guardian, 'ru'))
  return rows.length ? { available: true, rows } : NO_GUARDIANS
}
