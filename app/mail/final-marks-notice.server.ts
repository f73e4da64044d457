// Порядок 2.5 ¶7, Положение 9.3: «Информация об итоговом оценивании должна быть доступна … не позже 2 дней после
// получения результатов». A 'notify-final-marks' job (written by the final-marks import in its own transaction)
// becomes one letter to each parent of the pupil who has e-diary access and an e-mail address. Each letter is keyed
// by the job and the parent, so a job run twice still queues it once.
import { db } from '#app/utils/db.server'
import type { JobPayload } from '#app/jobs/payloads'
import { fullName } from '#app/models/school.server'
import { contactPoint } from '#app/models/school-contacts.server'
import { mailSettings } from './config.server'
import { renderHtml, renderText, type Letter } from './letter'
import { queueEmail } from './queue-email.server'

function finalMarksLetter(args: {
  guardian: string
  pupil: string
  className: string
  period: string
  yearName: string
  marks: Array<{ subject: string; value: string }>
  url: string
  signature: string
}): Letter {
  return {
    subject: `Итоговые отметки за период «${args.period}»: ${args.pupil}`,
    blocks: [
      `Здравствуйте, ${args.guardian}!`,
      `В электронном журнале выставлены итоговые отметки за период «${args.period}» (${args.yearName} учебный год).`,
      {
        props: [
          ['Обучающийся', args.pupil],
          ['Класс', args.className],
        ],
      },
      { list: args.marks.map((m) => `${m.subject} — ${m.value}`) },
      { link: args.url, label: 'Отметки в электронном дневнике' },
      { note: args.signature },
    ],
  }
}

export async function notifyFinalMarks(jobKey: string, payload: JobPayload<'notify-final-marks'>): Promise<string> {
  const [pupil, period, school] = await Promise.all([
    db.pupil.findFirst({
      where: { id: payload.pupilId, schoolId: payload.schoolId },
      select: {
        id: true,
        lastName: true,
        firstName: true,
        middleName: true,
        class: { select: { name: true } },
        // Положение 3.6: only this pupil's own parents, and only those who have e-diary access.
        guardians: {
          where: { guardian: { email: { not: '' }, user: { is: { lockedAt: null } } } },
          select: { guardian: { select: { id: true, lastName: true, firstName: true, middleName: true, email: true } } },
        },
      },
    }),
    db.reportingPeriod.findUnique({ where: { id: payload.periodId }, select: { name: true, academicYear: { select: { name: true } } } }),
    db.school.findUniqueOrThrow({ where: { id: payload.schoolId } }),
  ])
  if (!pupil || !period) return 'обучающийся или период не найден — письмо не нужно'
  if (pupil.guardians.length === 0) return 'у родителей нет доступа к электронному дневнику или адреса электронной почты — письмо не нужно'
  const employee = school.responsibleEmployeeId ? await db.staff.findUnique({ where: { id: school.responsibleEmployeeId } }) : null
  const contacts = contactPoint(school, employee)
  const signature = [
    school.fullName,
    [`тел. ${contacts.phone}`, contacts.email].filter(Boolean).join(', '),
    'Письмо отправлено автоматически.',
  ].join('\n')
  const url = `${mailSettings().publicUrl}/parent/children/${pupil.id}?view=period&period=${payload.periodId}`
  await db.$transaction(async (tx) => {
    for (const { guardian } of pupil.guardians) {
      const letter = finalMarksLetter({
        guardian: [guardian.firstName, guardian.middleName].filter(Boolean).join(' '),
        pupil: fullName(pupil),
        className: pupil.class.name,
        period: period.name,
        yearName: period.academicYear.name,
        marks: payload.marks,
        url,
        signature,
      })
      await queueEmail(tx, {
        schoolId: payload.schoolId,
        to: guardian.email,
        subject: letter.subject,
        text: renderText(letter),
        html: renderHtml(letter),
        idempotencyKey: `${jobKey}:${guardian.id}`,
      })
    }
  })
  return `писем родителям в очереди: ${pupil.guardians.length}`
}
