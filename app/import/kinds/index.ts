import type { ImportKind, KindDef } from '../types'
import { attendance } from './attendance.server'
import { classes } from './classes.server'
import { finalMarks } from './final-marks.server'
import { guardians } from './guardians.server'
import { lessons } from './lessons.server'
import { marks } from './marks.server'
import { plannedHours } from './planned-hours.server'
import { pupils } from './pupils.server'
import { recommendations } from './recommendations.server'
import { staff } from './staff.server'
import { subjects } from './subjects.server'
import { timetable } from './timetable.server'

export const KIND_DEFS: Record<ImportKind, KindDef> = {
  classes,
  subjects,
  staff,
  pupils,
  guardians,
  timetable,
  lessons,
  marks,
  attendance,
  'final-marks': finalMarks,
  'planned-hours': plannedHours,
  recommendations,
}
