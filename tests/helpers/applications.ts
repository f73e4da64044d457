import { db } from '#app/utils/db.server'
import { actorOf, type OperationActor } from '#app/operations/actor'
import { OperationError } from '#app/operations/errors'
import { receiveApplication } from '#app/operations/receive-application.server'
import type { Channel } from '#workflows/deadlines'

export async function staffActor(login: string): Promise<OperationActor> {
  const user = await db.user.findUniqueOrThrow({ where: { login }, include: { roles: true, staff: true } })
  return actorOf({ id: user.id, displayName: `${user.staff?.lastName} ${user.staff?.firstName}`, roles: user.roles.map((r) => r.role) })
}

type GuardianContacts = { lastName: string; firstName: string; middleName: string; postalAddress: string; email: string; phone: string }

/** The application form's applicant block filled from a guardian's journal record, with a passport's details. */
export function applicantOf(g: GuardianContacts) {
  return {
    lastName: g.lastName,
    firstName: g.firstName,
    middleName: g.middleName,
    identityDocument: 'паспорт 6310 123456, выдан 01.02.2015',
    postalAddress: g.postalAddress,
    email: g.email,
    phone: g.phone,
  }
}

/** A valid application for a real pupil of the demo school (the first pupil of the given class). */
export async function applicationFor(className = '5А', overrides: Record<string, unknown> = {}) {
  const pupil = await db.pupil.findFirstOrThrow({
    where: { class: { name: className }, leftOn: null },
    orderBy: { lastName: 'asc' },
    include: { guardians: { include: { guardian: true } } },
  })
  return {
    applicant: applicantOf(pupil.guardians[0].guardian),
    pupil: { lastName: pupil.lastName, firstName: pupil.firstName, middleName: pupil.middleName, className },
    kinds: ['marks', 'attendance'],
    periodicity: 'once',
    delivery: 'email',
    ...overrides,
  }
}

export async function receive(channel: Channel = 'online', className = '5А', overrides: Record<string, unknown> = {}, receivedAt?: Date) {
  const school = await db.school.findFirstOrThrow()
  const { application } = await receiveApplication({
    schoolId: school.id,
    channel,
    data: await applicationFor(className, overrides),
    actor: { userId: null, name: 'Заявитель', roles: ['applicant'] },
    receivedAt,
  })
  return application
}

/** The OperationError a refused step throws; fails the test when the step goes through. */
export async function refusal(run: () => Promise<unknown>): Promise<OperationError> {
  try {
    await run()
  } catch (error) {
    if (error instanceof OperationError) return error
    throw error
  }
  throw new Error('ожидался отказ')
}

/**
 * `n` copies of an application with its events, straight into the tables (for tests of many applications): ids
 * `<id>-copy-<i>`, unique numbers and tokens, no registration number; a closed copy gets its closing number from the
 * database's trigger, as a copied row does.
 */
export async function copyApplication(id: string, n: number): Promise<void> {
  const source = await db.application.findUniqueOrThrow({ where: { id } })
  const { closedSeq: _seq, ...row } = source
  const copy = (i: number) => `${id}-copy-${i}`
  await db.application.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      ...row,
      id: copy(i),
      receiptNumber: `${source.receiptNumber}-${i}`,
      statusToken: `${source.statusToken}-${i}`,
      idempotencyKey: null,
      registrationNumber: null,
    })),
  })
  const events = await db.applicationEvent.findMany({ where: { applicationId: id } })
  await db.applicationEvent.createMany({
    data: Array.from({ length: n }, (_, i) =>
      events.map(({ id: e, ...event }) => ({ ...event, id: `${e}-copy-${i}`, applicationId: copy(i) })),
    ).flat(),
  })
}
