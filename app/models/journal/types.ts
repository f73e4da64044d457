// Shapes of the journal information (the six kinds of the application form). Plain data: the extract
// documents, the review pre-check and the staff pages all read these.
import type { AttendanceTotals, Kind, ResolvedRange, Unavailable } from '#workflows/journal-rules'

export type { Kind, ResolvedRange, Unavailable }

export type MarkRow = {
  date: string
  subject: string
  topic: string
  /** Lesson kind as the journal records it: «урок», «контрольная», «лабораторная», «практическая». */
  lessonKind: string
  workType: string
  weight: number
  mark: string
}

export type TimetableRow = {
  weekday: number
  weekdayLabel: string
  period: number
  /** «08:30–09:15» from the bell schedule of the class's shift; '' when the school has not set it. */
  time: string
  subject: string
  /** «весь класс» or the group's name (Положение 4.4.9). */
  group: string
  room: string
  teacher: string
}

/** `date` is the lesson the homework was set at; `dueOn` the day it is due, when the journal records it. */
export type HomeworkRow = { date: string; subject: string; text: string; dueOn: string | null }

export type TopicRow = { date: string; subject: string; topic: string; kind: string }

export type AttendanceRow = {
  date: string
  subject: string
  /** absent | ill | late */
  kind: string
  kindLabel: string
  reason: string
  /** Excused (уважительная причина). */
  valid: boolean
}

/** Реквизиты доступа (Порядок 3.3) without the password: whether each guardian has an account, and its login. */
export type AccessRow = {
  guardianId: string
  guardian: string
  relationship: string
  hasAccount: boolean
  login: string | null
  /** «нет учётной записи», «действует», «выдан временный пароль», «заблокирована». */
  state: string
}

export type Available<R, Extra = object> = { available: true; rows: R[] } & Extra

export type KindResults = {
  marks?: Available<MarkRow> | Unavailable
  timetable?: Available<TimetableRow, { validOn: string }> | Unavailable
  homework?: Available<HomeworkRow> | Unavailable
  topics?: Available<TopicRow> | Unavailable
  attendance?: Available<AttendanceRow, { totals: AttendanceTotals }> | Unavailable
  access?: Available<AccessRow> | Unavailable
}

export type JournalPupil = {
  id: string
  name: string
  classId: string
  className: string
  grade: number
  birthDate: string
  enrolledOn: string
  leftOn: string | null
}

export type JournalInformation = {
  pupil: JournalPupil
  range: ResolvedRange
  /** The academic year the answer belongs to, «2026/2027». */
  yearName: string
  /** Remarks for the whole answer, e.g. that the pupil left and data stop at that date. */
  notes: string[]
  kinds: KindResults
}
