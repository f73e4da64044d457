// Indexes of existing records by natural key, read once per file (never a query per row).
import { randomUUID } from 'node:crypto'
import { norm, personKey, splitFullName } from './fields'
import type { Client } from './types'
import { cyrillicLookalikes } from '#workflows/text'

export function newId(): string {
  return `i${randomUUID().replace(/-/g, '')}`
}

export async function currentYear(client: Client, schoolId: string) {
  return client.academicYear.findFirst({
    where: { schoolId, current: true },
    select: { id: true, name: true, startsOn: true, endsOn: true },
  })
}

export type ClassRecord = { id: string; name: string; grade: number; classTeacherId: string | null }

/** Classes of the current year by name («5А»). */
export async function classIndex(client: Client, yearId: string): Promise<Map<string, ClassRecord>> {
  const classes = await client.schoolClass.findMany({
    where: { academicYearId: yearId },
    select: { id: true, name: true, grade: true, classTeacherId: true },
  })
  return new Map(classes.map((c) => [c.name, c]))
}

export type GroupRecord = { id: string; classId: string; name: string; wholeClass: boolean }

export class GroupIndex {
  private byClass = new Map<string, GroupRecord[]>()
  constructor(groups: GroupRecord[]) {
    for (const g of groups) this.add(g)
  }
  add(g: GroupRecord) {
    this.byClass.set(g.classId, [...(this.byClass.get(g.classId) ?? []), g])
  }
  ofClass(classId: string): GroupRecord[] {
    return this.byClass.get(classId) ?? []
  }
  /** '' or «весь класс» → the whole-class group. */
  find(classId: string, name: string): GroupRecord | null {
    const n = norm(name)
    return this.ofClass(classId).find((g) => (n === '' || n === 'весь класс' ? g.wholeClass : norm(g.name) === n)) ?? null
  }
}

export async function groupIndex(client: Client, classIds: string[]): Promise<GroupIndex> {
  const groups = classIds.length
    ? await client.teachingGroup.findMany({
        where: { classId: { in: classIds } },
        select: { id: true, classId: true, name: true, wholeClass: true },
      })
    : []
  return new GroupIndex(groups)
}

type StaffRecord = { id: string; lastName: string; firstName: string; middleName: string; userId: string | null }

/** Finds an employee by «Фамилия Имя Отчество» or «Фамилия И. О.»; an ambiguous short form is an error. */
export class StaffIndex {
  constructor(readonly all: StaffRecord[]) {}
  find(value: string): StaffRecord | 'ambiguous' | null {
    // «Петрова A.C.» with Latin initials is «Петрова А.С.» (cyrillicLookalikes, ADR 106).
    const v = cyrillicLookalikes(value.trim())
    const short = /^(\S+)\s+(\p{L})\.\s*(?:(\p{L})\.)?$/u.exec(v)
    if (short) {
      const [, last, i1, i2] = short
      const hits = this.all.filter(
        (s) => norm(s.lastName) === norm(last) && norm(s.firstName[0]) === norm(i1) && (!i2 || norm(s.middleName[0] ?? '') === norm(i2)),
      )
      return hits.length > 1 ? 'ambiguous' : (hits[0] ?? null)
    }
    const parts = splitFullName(v)
    if (!parts) return null
    return this.all.find((s) => personKey(s) === personKey(parts)) ?? null
  }
}

export async function staffIndex(client: Client, schoolId: string): Promise<StaffIndex> {
  return new StaffIndex(
    await client.staff.findMany({
      where: { schoolId },
      select: { id: true, lastName: true, firstName: true, middleName: true, userId: true },
    }),
  )
}

export async function subjectIndex(client: Client, schoolId: string) {
  const subjects = await client.subject.findMany({ where: { schoolId }, select: { id: true, name: true, shortName: true, minMarks: true } })
  return new Map(subjects.map((s) => [norm(s.name), s]))
}

export type PupilRecord = {
  id: string
  lastName: string
  firstName: string
  middleName: string
  birthDate: string
  classId: string
  enrolledOn: string
  leftOn: string | null
}

const bornKey = (p: { lastName: string; firstName: string }, birthDate: string) =>
  [norm(p.lastName), norm(p.firstName), birthDate].join('|')

class PupilIndex {
  private byKey = new Map<string, PupilRecord>()
  private byName = new Map<string, PupilRecord[]>()
  private byBorn = new Map<string, PupilRecord[]>()
  constructor(pupils: PupilRecord[]) {
    for (const p of pupils) this.add(p)
  }
  add(p: PupilRecord) {
    this.byKey.set(personKey(p, p.birthDate), p)
    const born = bornKey(p, p.birthDate)
    this.byBorn.set(born, [...(this.byBorn.get(born) ?? []), p])
    const name = personKey(p)
    this.byName.set(name, [...(this.byName.get(name) ?? []), p])
  }
  get(p: { lastName: string; firstName: string; middleName: string }, birthDate: string): PupilRecord | null {
    return this.byKey.get(personKey(p, birthDate)) ?? null
  }
  /**
   * Pupils with this surname, first name and birth date whose patronymic differs: «Иванов Иван» in a file without
   * patronymics is «Иванов Иван Иванович» of the journal, not a second pupil.
   */
  otherPatronymic(p: { lastName: string; firstName: string; middleName: string }, birthDate: string): PupilRecord[] {
    return (this.byBorn.get(bornKey(p, birthDate)) ?? []).filter((x) => norm(x.middleName) !== norm(p.middleName))
  }
  /**
   * «Фамилия Имя Отчество» (+ birth date when given) → the pupil. Without a birth date the name must be unique,
   * or unique within `classId`.
   */
  resolve(fullName: string, birthDate: string | null, classId?: string): PupilRecord | string {
    const parts = splitFullName(fullName)
    if (!parts) return `Неверное ФИО обучающегося «${fullName}»: ожидаются фамилия, имя и отчество (при наличии).`
    if (birthDate)
      return (
        this.get(parts, birthDate) ?? `Обучающийся «${fullName}» с датой рождения ${birthDate.split('-').reverse().join('.')} не найден.`
      )
    const hits = this.byName.get(personKey(parts)) ?? []
    if (hits.length === 0) return `Обучающийся «${fullName}» не найден.`
    if (hits.length === 1) return hits[0]
    const inClass = hits.filter((p) => p.classId === classId)
    return inClass.length === 1 ? inClass[0] : `Найдено несколько обучающихся «${fullName}»: укажите дату рождения.`
  }
}

export async function pupilIndex(client: Client, schoolId: string): Promise<PupilIndex> {
  return new PupilIndex(
    await client.pupil.findMany({
      where: { schoolId },
      select: {
        id: true,
        lastName: true,
        firstName: true,
        middleName: true,
        birthDate: true,
        classId: true,
        enrolledOn: true,
        leftOn: true,
      },
    }),
  )
}

/** Remembers the first line of each key: later lines with the same key are duplicates. */
export class SeenKeys {
  private seen = new Map<string, number>()
  /** The earlier line with this key, or null (and remembers this one). */
  check(key: string, line: number): number | null {
    const earlier = this.seen.get(key)
    if (earlier !== undefined) return earlier
    this.seen.set(key, line)
    return null
  }
}
