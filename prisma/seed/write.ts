import { demoFamilyComments } from './comments-events'
import { type PrismaClient } from '../../app/generated/prisma/client'
import { hashPassword } from '../../app/utils/password.server'
import { keptSecret } from '../../app/utils/installation-secret.server'
import { AUTHORITY_ROLE } from '../../app/utils/permissions'
import { DEMO_ONE_TIME_PASSWORD, DEMO_PASSWORD, SCHOOL_ID, generateDemoSchool, type DemoSchool } from './generate'

/** The demo's education authority administrator: the municipal screens (/authority/schools) can be shown too. */
const AUTHORITY_USER = { id: 'usr_authority', login: 'authority', name: 'Дмитриев Дмитрий Дмитриевич' }

export type DemoLogin = { role: string; login: string; password: string; name: string; note?: string }

const CHUNK = 1000

async function insertMany(label: string, rows: object[], create: (data: object[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await create(rows.slice(i, i + CHUNK))
  return [label, rows.length] as const
}

/** Chooses the demo parents: one family with two children, one with a single child, one with a one-time password. */
function demoParents(data: DemoSchool) {
  const childrenOf = new Map<string, string[]>()
  for (const l of data.links)
    childrenOf.set(l.guardianId as string, [...(childrenOf.get(l.guardianId as string) ?? []), l.pupilId as string])
  const grade = new Map(data.pupils.map((p) => [p.id, data.classes.find((c) => c.id === p.classId)!.grade as number]))
  const confirmed = new Set(data.links.filter((l) => l.statusConfirmed).map((l) => `${l.guardianId}|${l.pupilId}`))
  const ok = (g: string) => childrenOf.get(g)!.every((p) => confirmed.has(`${g}|${p}`) && grade.get(p)! >= 2)
  const guardians = [...childrenOf.keys()]
  const family = guardians.find((g) => childrenOf.get(g)!.length === 2 && ok(g))!
  const single = guardians.find((g) => childrenOf.get(g)!.length === 1 && ok(g) && g !== family)!
  const fresh = guardians.find((g) => childrenOf.get(g)!.length === 1 && ok(g) && g !== family && g !== single)!
  return { family, single, fresh }
}

export async function writeDemoSchool(
  db: PrismaClient,
  today: string,
): Promise<{ counts: Array<readonly [string, number]>; logins: DemoLogin[] }> {
  const data = generateDemoSchool({ today })
  const parents = demoParents(data)
  const demoChildren = data.links
    .filter((l) => l.guardianId === parents.family || l.guardianId === parents.single)
    .map((l) => l.pupilId as string)
  data.comments.push(...demoFamilyComments({ ...data, pupilIds: demoChildren, seed: 8 }))
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const oneTimeHash = await hashPassword(DEMO_ONE_TIME_PASSWORD)
  // One hash per user keeps salts distinct; argon2 runs on libuv's pool, so hash in parallel.
  const staffUsers = await Promise.all(
    data.staff.map(async (s) => ({
      id: `usr_${s.id}`,
      schoolId: SCHOOL_ID,
      login: s.login,
      passwordHash: await hashPassword(DEMO_PASSWORD),
      roles: s.roles,
      staffId: s.id,
    })),
  )
  const parentUsers = [
    { guardianId: parents.family, login: 'parent', hash: passwordHash, must: false },
    { guardianId: parents.single, login: 'parent2', hash: await hashPassword(DEMO_PASSWORD), must: false },
    { guardianId: parents.fresh, login: 'newparent', hash: oneTimeHash, must: true },
  ]
  const counts: Array<readonly [string, number]> = []
  await db.$transaction(
    async (tx) => {
      await tx.school.create({ data: data.school })
      await tx.academicYear.create({ data: data.academicYear })
      await tx.reportingPeriod.createMany({ data: data.periods as never })
      await tx.schoolHoliday.createMany({ data: data.holidays })
      await tx.bellPeriod.createMany({ data: data.bells })
      await tx.user.createMany({
        data: [
          ...staffUsers.map((u) => ({ id: u.id, schoolId: SCHOOL_ID, login: u.login, passwordHash: u.passwordHash })),
          ...parentUsers.map((p) => ({
            id: `usr_${p.guardianId}`,
            schoolId: SCHOOL_ID,
            login: p.login,
            passwordHash: p.hash,
            mustChangePassword: p.must,
          })),
          // The education authority's administrator (ADR 044, 057): nobody's staff, its name on the account itself.
          { id: AUTHORITY_USER.id, schoolId: SCHOOL_ID, login: AUTHORITY_USER.login, fullName: AUTHORITY_USER.name, passwordHash },
        ],
      })
      await tx.userRole.createMany({
        data: [
          ...staffUsers.flatMap((u) => u.roles.map((role) => ({ userId: u.id, role }))),
          ...parentUsers.map((p) => ({ userId: `usr_${p.guardianId}`, role: 'parent' })),
          { userId: AUTHORITY_USER.id, role: AUTHORITY_ROLE },
        ],
      })
      await tx.staff.createMany({
        data: data.staff.map((s) => ({
          id: s.id,
          schoolId: SCHOOL_ID,
          lastName: s.lastName,
          firstName: s.firstName,
          middleName: s.middleName,
          position: s.position,
          room: s.room,
          phone: '+7 (8452) 20-08-08',
          email: `${s.login}@school8.example.org`,
          userId: `usr_${s.id}`,
        })),
      })
      const parentUserOf = new Map(parentUsers.map((p) => [p.guardianId, `usr_${p.guardianId}`]))
      counts.push(
        await insertMany('subjects', data.subjects, (d) => tx.subject.createMany({ data: d as never })),
        await insertMany('workTypes', data.workTypes, (d) => tx.workType.createMany({ data: d as never })),
        await insertMany('classes', data.classes, (d) => tx.schoolClass.createMany({ data: d as never })),
        await insertMany('groups', data.groups, (d) => tx.teachingGroup.createMany({ data: d as never })),
        await insertMany('pupils', data.pupils, (d) => tx.pupil.createMany({ data: d as never })),
        await insertMany('memberships', data.memberships, (d) => tx.groupMembership.createMany({ data: d as never })),
        await insertMany('movements', data.movements, (d) => tx.pupilMovement.createMany({ data: d as never })),
        await insertMany(
          'guardians',
          data.guardians.map((g) => ({ ...g, userId: parentUserOf.get(g.id) ?? null })),
          (d) => tx.guardian.createMany({ data: d as never }),
        ),
        await insertMany('guardianLinks', data.links, (d) => tx.guardianLink.createMany({ data: d as never })),
        await insertMany('timetable', data.timetable, (d) => tx.timetableEntry.createMany({ data: d as never })),
        await insertMany('lessons', data.lessons, (d) => tx.lesson.createMany({ data: d as never })),
        await insertMany('marks', data.marks, (d) => tx.mark.createMany({ data: d as never })),
        await insertMany('attendance', data.attendance, (d) => tx.attendance.createMany({ data: d as never })),
        await insertMany('finalMarks', data.finalMarks, (d) => tx.finalMark.createMany({ data: d as never })),
        await insertMany('comments', data.comments, (d) => tx.journalComment.createMany({ data: d as never })),
        await insertMany('events', data.events, (d) => tx.schoolEvent.createMany({ data: d as never })),
        await insertMany('eventClasses', data.eventClasses, (d) => tx.schoolEventClass.createMany({ data: d as never })),
      )
    },
    { timeout: 300_000, maxWait: 60_000 },
  )

  const name = (p: Record<string, unknown>) => `${p.lastName} ${p.firstName} ${p.middleName}`
  const byRole = (role: string) => data.staff.find((s) => s.roles.includes(role))!
  const ct5a = data.staff.find((s) => s.id === data.classes.find((c) => c.name === '5А')!.classTeacherId)!
  const subjectOnly = data.staff.find((s) => s.roles.length === 1 && s.roles[0] === 'teacher')!
  const guardian = (id: string) => data.guardians.find((g) => g.id === id)!
  const logins: DemoLogin[] = [
    { role: 'Директор', login: 'director', password: DEMO_PASSWORD, name: name(byRole('director')) },
    { role: 'Ответственный работник', login: 'responsible', password: DEMO_PASSWORD, name: name(byRole('responsible')) },
    { role: 'Заместитель директора по УВР', login: 'deputy', password: DEMO_PASSWORD, name: name(byRole('deputy')) },
    { role: 'Секретарь', login: 'secretary', password: DEMO_PASSWORD, name: name(byRole('secretary')) },
    { role: 'Администратор ЭЖ', login: 'admin', password: DEMO_PASSWORD, name: name(byRole('admin')) },
    { role: 'Классный руководитель 5А', login: ct5a.login, password: DEMO_PASSWORD, name: name(ct5a) },
    { role: 'Учитель-предметник', login: subjectOnly.login, password: DEMO_PASSWORD, name: name(subjectOnly) },
    { role: 'Родитель (двое детей)', login: 'parent', password: DEMO_PASSWORD, name: name(guardian(parents.family)) },
    { role: 'Родитель', login: 'parent2', password: DEMO_PASSWORD, name: name(guardian(parents.single)) },
    {
      role: 'Родитель, первый вход',
      login: 'newparent',
      password: DEMO_ONE_TIME_PASSWORD,
      name: name(guardian(parents.fresh)),
      note: 'одноразовый пароль: при входе попросит задать свой',
    },
    { role: 'Орган управления образованием', login: AUTHORITY_USER.login, password: DEMO_PASSWORD, name: AUTHORITY_USER.name },
  ]
  await db.setting.upsert({
    where: { schoolId_key: { schoolId: '', key: 'demo.logins' } },
    create: { key: 'demo.logins', value: JSON.stringify(logins) },
    update: { value: JSON.stringify(logins) },
  })
  await keptSecret(db) // the installation's secret (form tokens, throttle keys): no first sign-in writes it
  return { counts, logins }
}
