// The weekly batch of bench/municipal: periodic applications whose weekly extract has come due, in every school at
// once — what the end of a Friday makes of a city's schools. Each is a clone of a periodic application that the real
// procedure carried to `active` (bench/scale/make-samples.ts), made weekly, its first hand-over (the schedule's
// anchor) moved to the one day after which exactly one weekly slot is due now, with its events and registration-log
// rows (numbers from the school's counter, the chain continued). All rows go in in one transaction.
import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import type pg from 'pg'
import { hashRow } from '#workflows/registration-log'
import { dueSlots, type ScheduleContext } from '#workflows/periodic-schedule'
import { insertRows } from './replicate'

const DAY = 86_400_000
export const BATCH_PREFIX = 'wk_'
type Row = Record<string, unknown>

/** The anchor (first hand-over) after which exactly one weekly slot is due at `now`: the earliest such day, 09:00 UTC. */
export function weeklyAnchor(now: Date, ctx: ScheduleContext): Date {
  let found: Date | null = null
  for (let back = 1; back <= 40; back++) {
    const day = new Date(now.getTime() - back * DAY)
    const anchor = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 9))
    const due = dueSlots('weekly', anchor, now, ctx).length
    if (due === 1) found = anchor
    if (due > 1) break
  }
  if (!found) throw new Error('Нет дня, после которого наступает ровно одна еженедельная выписка (каникулы или конец года)')
  return found
}

function sampleOf(samplesFile: string) {
  const src = new Database(samplesFile, { readonly: true })
  const app = src
    .prepare(`SELECT * FROM "Application" WHERE "status" = 'active' AND "delivery" = 'email' AND "periodicity" <> 'once' LIMIT 1`)
    .get() as Row | undefined
  if (!app) throw new Error('В образцах нет периодического заявления в состоянии active')
  const events = src.prepare('SELECT * FROM "ApplicationEvent" WHERE "applicationId" = ? ORDER BY "at"').all(app.id) as Row[]
  const log = src.prepare('SELECT * FROM "RegistrationLogEntry" WHERE "applicationId" = ? ORDER BY "sequence"').all(app.id) as Row[]
  src.close()
  const deliver = events.find((e) => e.event === 'DELIVER')
  if (!deliver) throw new Error('У образца нет первой передачи (DELIVER)')
  return { app, events, log, deliverAt: Date.parse(String(deliver.at)) }
}

const shift = (value: unknown, delta: number) =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? new Date(Date.parse(value) + delta) : value

/**
 * Adds `share` of every school's pupils as weekly periodic applications due now; returns their ids. Runs in one
 * transaction on `client`.
 */
export async function insertWeeklyBatch(client: pg.Client, samplesFile: string, share: number, now: Date): Promise<string[]> {
  const s = sampleOf(samplesFile)
  const schools = (await client.query<{ id: string; timeZone: string }>(`SELECT "id", "timeZone" FROM "School" ORDER BY "id"`)).rows
  const ids: string[] = []
  let n = 0
  await client.query('BEGIN')
  try {
    for (const school of schools) {
      const year = (
        await client.query<{ id: string; startsOn: string; endsOn: string }>(
          `SELECT "id", "startsOn", "endsOn" FROM "AcademicYear" WHERE "schoolId" = $1 AND "current" = true LIMIT 1`,
          [school.id],
        )
      ).rows[0]
      const holidays = (
        await client.query<{ startsOn: string; endsOn: string }>(
          `SELECT "startsOn", "endsOn" FROM "SchoolHoliday" WHERE "academicYearId" = $1`,
          [year.id],
        )
      ).rows
      const ctx: ScheduleContext = {
        yearStartsOn: year.startsOn,
        yearEndsOn: year.endsOn,
        periods: [],
        breaks: holidays,
        timeZone: school.timeZone,
      }
      const anchor = weeklyAnchor(now, ctx)
      const delta = anchor.getTime() - s.deliverAt
      const pupils = (
        await client.query<Row>(
          `SELECT p."id", p."lastName" || ' ' || p."firstName" || ' ' || p."middleName" AS name, c."name" AS "className",
                  g."id" AS "guardianId", g."lastName" AS gl, g."firstName" AS gf, g."middleName" AS gm
             FROM "Pupil" p JOIN "SchoolClass" c ON c."id" = p."classId"
             JOIN LATERAL (SELECT l."guardianId" FROM "GuardianLink" l WHERE l."pupilId" = p."id" ORDER BY l."guardianId" LIMIT 1) l ON true
             JOIN "Guardian" g ON g."id" = l."guardianId"
            WHERE p."schoolId" = $1 AND p."leftOn" IS NULL ORDER BY p."id"`,
          [school.id],
        )
      ).rows
      const take = Math.max(1, Math.round(pupils.length * share))
      const regYear = new Date(Date.parse(String(s.app.registeredAt)) + delta).getUTCFullYear()
      // The school's counter (ADR 043) is moved as the product's registration moves it; a grown school may have none.
      const max = await client.query<{ n: number }>(
        `SELECT coalesce(max("registrationNumber"), 0) AS n FROM "Application" WHERE "schoolId" = $1 AND "registrationYear" = $2`,
        [school.id, regYear],
      )
      let number = max.rows[0].n
      await client.query(
        'INSERT INTO "RegistrationCounter" ("schoolId", "year", "last") VALUES ($1, $2, ' +
          '$3) ON CONFLICT ("schoolId", "year") DO UPDATE SET "last" = $3',
        [school.id, regYear, number + take],
      )
      // The head row (ADR 043) is moved as the product's append moves it; a grown log may have none yet.
      const last = await client.query<{ sequence: number }>(
        `SELECT coalesce(max("sequence"), 0) AS sequence FROM "RegistrationLogEntry" WHERE "schoolId" = $1`,
        [school.id],
      )
      let sequence = last.rows[0].sequence
      await client.query(
        `INSERT INTO "RegistrationLogHead" ("schoolId", "sequence") VALUES ($1, $2) ON CONFLICT ("schoolId") DO UPDATE SET "sequence" = $2`,
        [school.id, sequence + take * s.log.length],
      )
      let prevHash = (
        await client.query<{ hash: string }>(`SELECT "hash" FROM "RegistrationLogEntry" WHERE "schoolId" = $1 AND "sequence" = $2`, [
          school.id,
          sequence,
        ])
      ).rows[0].hash
      const apps: Row[] = []
      const events: Row[] = []
      const logs: Row[] = []
      for (let i = 0; i < take; i++) {
        const p = pupils[Math.floor((i * pupils.length) / take)]
        const id = `${BATCH_PREFIX}${randomBytes(6).toString('hex')}${(n++).toString(36)}`
        number++
        const app: Row = {}
        for (const [col, value] of Object.entries(s.app)) app[col] = shift(value, delta)
        Object.assign(app, {
          id,
          schoolId: school.id,
          receiptNumber: `WK-${id}`,
          statusToken: `${id}${randomBytes(12).toString('base64url')}`,
          idempotencyKey: null,
          registrationNumber: number,
          registrationYear: regYear,
          periodicity: 'weekly',
          pupilId: p.id,
          guardianId: p.guardianId,
          pupilName: p.name,
          className: p.className,
          applicantLastName: p.gl,
          applicantFirstName: p.gf,
          applicantMiddleName: p.gm,
          applicantEmail: `${id}@example.org`,
          assigneeId: null,
          inboundMessageId: null,
          apiClientId: null,
          snapshot: String(s.app.snapshot).replaceAll(String(s.app.id), id).replace('"periodicity":"monthly"', '"periodicity":"weekly"'),
        })
        for (const [col, value] of Object.entries(app)) if (value === '' && /At$|Id$/.test(col)) app[col] = null
        apps.push(app)
        for (const e of s.events)
          events.push({ ...e, id: `${id}_e${events.length}`, applicationId: id, at: shift(e.at, delta), invalid: !!e.invalid })
        for (const l of s.log) {
          sequence++
          const content = {
            id: `${id}_l${sequence}`,
            sequence,
            year: regYear,
            number,
            applicationId: id,
            receivedAt: app.receivedAt as Date,
            registeredAt: app.registeredAt as Date,
            channel: String(app.channel),
            applicantName: `${p.gl} ${p.gf} ${p.gm}`.trim(),
            pupilName: String(p.name),
            className: String(p.className),
            kinds: JSON.parse(String(l.kinds)) as string[],
            result: (l.result as string | null) ?? null,
            resultAt: l.resultAt ? (shift(l.resultAt, delta) as Date) : null,
            correctsSequence: null,
          }
          const hash = hashRow(content, prevHash)
          logs.push({ ...content, kinds: String(l.kinds), schoolId: school.id, prevHash, hash, createdAt: content.registeredAt })
          prevHash = hash
        }
        ids.push(id)
      }
      await insertRows(client, 'Application', apps)
      await insertRows(client, 'ApplicationEvent', events)
      await insertRows(client, 'RegistrationLogEntry', logs)
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
  return ids
}
