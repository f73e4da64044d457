import { compareByName } from '#workflows/text'
import { db } from '#app/utils/db.server'
import { CONFIRMED_LINK, isConfirmedLink } from '#workflows/guardian-status'
import { fullName } from './school.server'

/** The guardian's own children only (Положение 3.6). */
export async function listChildrenOfGuardian(guardianId: string) {
  const links = await db.guardianLink.findMany({
    where: { guardianId },
    include: { pupil: { include: { class: true } } },
  })
  return links
    .sort((a, b) => compareByName(a.pupil, b.pupil))
    .map((l) => ({
      id: l.pupil.id,
      name: fullName(l.pupil),
      className: l.pupil.class.name,
      grade: l.pupil.class.grade,
      relationship: l.relationship,
      statusConfirmed: isConfirmedLink(l),
      leftOn: l.pupil.leftOn,
    }))
}

/**
 * A pupil as seen by one guardian: null unless that guardian is linked to the pupil and the status of legal
 * representative is confirmed by a document (Порядок 1.2), so a parent who types another family's id gets
 * «not found» and learns nothing, and an unproven link shows no diary.
 */
export async function getChildForGuardian(guardianId: string, pupilId: string) {
  const link = await db.guardianLink.findFirst({
    where: { guardianId, pupilId, ...CONFIRMED_LINK },
    include: { pupil: { include: { class: { include: { classTeacher: true } } } } },
  })
  if (!link) return null
  const p = link.pupil
  return {
    id: p.id,
    name: fullName(p),
    className: p.class.name,
    grade: p.class.grade,
    classTeacher: p.class.classTeacher ? fullName(p.class.classTeacher) : '—',
    leftOn: p.leftOn,
  }
}

/** The latest marks of a pupil with subject, topic and work type (the journal issue adds the full extract). */
export async function recentMarks(pupilId: string, take = 20) {
  const marks = await db.mark.findMany({
    where: { pupilId },
    orderBy: [{ lesson: { date: 'desc' } }, { lesson: { period: 'desc' } }],
    take,
    include: { lesson: { include: { subject: true } }, workType: true },
  })
  return marks.map((m) => ({
    id: m.id,
    date: m.lesson.date,
    subject: m.lesson.subject.name,
    topic: m.lesson.topic,
    workType: m.workType.name,
    value: m.value,
  }))
}
