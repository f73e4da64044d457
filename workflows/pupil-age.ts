// A pupil's birth date against the school year (a spreadsheet's real-world slip: the enrolment date, or this year,
// typed in the birth column — «01.09.2026» for a pupil of 10Б went in as a new pupil). Children start school at 6½–8
// (273-ФЗ, ст. 67; earlier only with the founder's permission): a pupil not yet 5 at the school year's start cannot be
// in any class, so the row is refused. An age merely unusual for the grade (early start, repeated years, a class
// for adults) is not judged here.
import { formatDate, type LocalDay } from './time'

/** Full years on `day` of one born on `birth` (both yyyy-MM-dd); one born on 29 February turns a year older on 1 March. */
export function fullYearsOn(birth: LocalDay, day: LocalDay): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4))
  return day.slice(5) < birth.slice(5) ? years - 1 : years
}

/** The youngest a pupil may be at the school year's start («5 лет» in the message below). */
const MIN_SCHOOL_AGE = 5

/** Why `birth` cannot be a pupil's in the school year that starts on `yearStartsOn`, or null. */
export function birthDateProblem(birth: LocalDay, yearStartsOn: LocalDay): string | null {
  if (fullYearsOn(birth, yearStartsOn) >= MIN_SCHOOL_AGE) return null
  return (
    `Дата рождения ${formatDate(birth)}: на начало учебного года (${formatDate(yearStartsOn)}) обучающемуся меньше ` +
    `${MIN_SCHOOL_AGE} лет — проверьте дату (не дата ли это зачисления?).`
  )
}
