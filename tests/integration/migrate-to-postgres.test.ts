// `npm run migrate-to-postgres` (issue 21, ADR 054): a real seeded SQLite file with registered applications, a stored
// document, an upload on disk and an outbox letter is moved into a fresh PostgreSQL database; the counts of every
// table, a sample of rows, the registration log's chain and the files must come across, and the app's Prisma
// client on PostgreSQL reads an application back. A tampered target and a copy that breaks are reported, the second
// leaving the target as it was. The source is a SQLite file by subject, so the file runs in the SQLite pass of
// `npm test` (tests/postgres-excluded.txt) against the server PG_URL names, which CI starts; without one it is
// skipped with a message.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, dbReady, connectDb } from '#app/utils/db.server'
import { queueEmail } from '#app/mail/queue-email.server'
import { registerApplication } from '#app/operations/steps.server'
import { checkRegistrationLog } from '#app/models/registration-log-check.server'
import { createSchool } from '#app/operations/create-school.server'
import { MoveError, moveToPostgres, verifyExistingMove } from '#app/backup/to-postgres.server'
import { receive, staffActor } from '#tests/helpers/applications'
import { TMP_DIR } from '#tests/setup/paths'
import { PG_URL, pgReachable, pgUrlFor, quoteIdent, withPgAdmin } from '#tests/setup/test-db'

const reachable = await pgReachable()
if (!reachable)
  console.warn(
    `migrate-to-postgres: PostgreSQL недоступен по PG_URL (${PG_URL.replace(/:[^:@/]*@/, ':***@')}) — перенос в PostgreSQL не проверен.`,
  )

const ROOT = process.cwd()
const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`
const work = path.join(TMP_DIR, `move-${tag}`)
const source = path.join(work, 'school.db')
const dataDir = path.join(work, 'data')
const dataTo = path.join(work, 'data-pg')
const databases: string[] = []
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')
const appIds: string[] = []
let schoolId = ''

async function freshDatabase(label: string): Promise<string> {
  const name = `pg_t_${tag}_${label}`
  await withPgAdmin((c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`))
  databases.push(name)
  return pgUrlFor(name)
}

/** A copy of the test's database taken through SQLite's backup API, as a stopped school's file would be. */
async function snapshot(to: string) {
  const live = new Database(process.env.DATABASE_URL!.slice('file:'.length), { readonly: true })
  await live.backup(to).finally(() => live.close())
}

beforeAll(async () => {
  if (!reachable) return
  await dbReady()
  fs.mkdirSync(work, { recursive: true })
  const responsible = await staffActor('responsible')
  for (const c of ['5А', '6А', '7А']) {
    const app = await receive('online', c)
    await registerApplication({ applicationId: app.id, schoolId: app.schoolId, actor: responsible })
    appIds.push(app.id)
    schoolId = app.schoolId
  }
  // A stored document (bytes in the database) and an upload (bytes under DATA_DIR) of the first application.
  const doc = Buffer.from('PK\u0003\u0004 справка об успеваемости — проверочный документ')
  await db.storedDocument.create({
    data: {
      schoolId,
      applicationId: appIds[0],
      kind: 'extract',
      fileName: 'справка.docx',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      sha256: sha(doc),
      content: doc,
    },
  })
  const scan = Buffer.from('%PDF-1.4 скан заявления')
  fs.mkdirSync(path.join(dataDir, 'uploads', '2026-12'), { recursive: true })
  fs.writeFileSync(path.join(dataDir, 'uploads', '2026-12', 'upl_move.pdf'), scan)
  await db.upload.create({
    data: {
      schoolId,
      applicationId: appIds[0],
      kind: 'scan',
      fileName: 'скан.pdf',
      mime: 'application/pdf',
      size: scan.length,
      sha256: sha(scan),
      storagePath: 'uploads/2026-12/upl_move.pdf',
    },
  })
  await queueEmail(db, { schoolId, to: 'parent@example.ru', subject: 'Перенос', text: 'Письмо', idempotencyKey: `move:${tag}` })
  // The dashboard's days and change logs (ADR 078, 083): kept by each database itself, not copied.
  await db.settledChange.create({ data: { schoolId, receivedAt: new Date() } })
  await db.settledDay.create({
    data: { schoolId, timeZone: 'Europe/Moscow', day: '2026-12-01', upTo: 0, changeSeq: 0, data: new Uint8Array(8) },
  })
  // And the open work's days (ADR 083): numbered by the source's moves, which the target's own do not continue.
  await db.openDay.create({
    data: { schoolId, timeZone: 'Europe/Moscow', day: '2026-12-01', version: 1, token: 1, closings: 0, data: new Uint8Array(8) },
  })
  await snapshot(source)
}, 120_000)

afterAll(async () => {
  if (!reachable) return
  await withPgAdmin(async (c) => {
    for (const name of databases) await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)
  })
  fs.rmSync(work, { recursive: true, force: true })
})

function sqliteCounts(file: string): Record<string, number> {
  const conn = new Database(file, { readonly: true })
  try {
    const tables = (
      conn
        .prepare(
          `SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' AND "name" <> '_prisma_migrations'`,
        )
        .all() as Array<{ name: string }>
    ).map((r) => r.name)
    return Object.fromEntries(tables.map((t) => [t, (conn.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n]))
  } finally {
    conn.close()
  }
}

describe.skipIf(!reachable)('moving a school from SQLite to PostgreSQL', () => {
  let target = ''

  it('copies every table, the files and the log, and the app on PostgreSQL reads it back', async () => {
    target = await freshDatabase('move')
    const lines: string[] = []
    const report = await moveToPostgres({ from: `file:${source}`, to: target, dataDir, dataTo, batchSize: 97, log: (l) => lines.push(l) })
    expect(report.problems).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.committed).toBe(true)
    expect(report.logRows).toBe(3)
    expect(lines.join('\n')).toMatch(/Проверяю перенос/)

    // Row counts of every table, read independently of the tool.
    const { SettledDay: days, SettledChange: changes, ApplicationChange: moves, OpenDay: open, ...counts } = sqliteCounts(source)
    expect(counts.Mark).toBeGreaterThan(1000)
    expect(counts.Application).toBe(3)
    expect([days, changes]).toEqual([1, 1])
    expect(moves).toBeGreaterThan(3)
    expect(open).toBeGreaterThan(0)
    const pgDb = connectDb(target)
    try {
      const rebuilt = [pgDb.settledDay.count(), pgDb.settledChange.count(), pgDb.openDay.count(), pgDb.applicationChange.count()]
      expect(await Promise.all(rebuilt)).toEqual([0, 0, 0, 0])
      for (const [table, n] of Object.entries(counts)) {
        const [{ count }] = await pgDb.$queryRawUnsafe<Array<{ count: bigint }>>(`SELECT COUNT(*) AS count FROM "${table}"`)
        expect(Number(count), table).toBe(n)
      }
      // A sample of rows equal field by field through the two clients.
      const pick = { orderBy: { id: 'asc' as const } }
      expect(await pgDb.application.findMany(pick)).toEqual(await db.application.findMany(pick))
      expect(await pgDb.registrationLogEntry.findMany(pick)).toEqual(await db.registrationLogEntry.findMany(pick))
      expect(await pgDb.storedDocument.findMany(pick)).toEqual(await db.storedDocument.findMany(pick))
      expect(await pgDb.outboxJob.findMany(pick)).toEqual(await db.outboxJob.findMany(pick))
      expect(await pgDb.user.findMany({ ...pick, take: 20 })).toEqual(await db.user.findMany({ ...pick, take: 20 }))
      expect(await pgDb.mark.findMany({ ...pick, take: 500 })).toEqual(await db.mark.findMany({ ...pick, take: 500 }))
      expect(await pgDb.applicationTally.findMany({ orderBy: [{ status: 'asc' }, { className: 'asc' }] })).toEqual(
        await db.applicationTally.findMany({ orderBy: [{ status: 'asc' }, { className: 'asc' }] }),
      )

      // The app reads an application back, with its pupil and events, and the product's log check passes.
      const app = await pgDb.application.findUniqueOrThrow({ where: { id: appIds[0] }, include: { events: true, pupil: true } })
      expect(app.registrationNumber).toBeGreaterThan(0)
      expect(app.pupil?.id).toBeTruthy()
      expect(app.events.length).toBeGreaterThan(0)
      const { check } = await checkRegistrationLog(schoolId, pgDb)
      expect(check).toEqual({ ok: true, count: 3 })
      // A write after the move moves the source's stamp on, with its one row (ADR 083: none left numbered by the copy).
      const { version } = await pgDb.applicationStamp.findUniqueOrThrow({ where: { schoolId } })
      await pgDb.application.update({ where: { id: appIds[0] }, data: { className: app.className } })
      expect(await pgDb.applicationChange.findMany({ select: { schoolId: true, version: true } })).toEqual([
        { schoolId, version: version + 1 },
      ])
    } finally {
      await pgDb.$disconnect()
    }
    // The upload's bytes are in the new DATA_DIR.
    expect(sha(fs.readFileSync(path.join(dataTo, 'uploads', '2026-12', 'upl_move.pdf')))).toBe(
      sha(fs.readFileSync(path.join(dataDir, 'uploads', '2026-12', 'upl_move.pdf'))),
    )
  }, 120_000)

  it('refuses a target that already holds rows', async () => {
    const error = await moveToPostgres({ from: source, to: target, dataDir, dataTo }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MoveError)
    expect((error as Error).message).toMatch(/не пуста.*--append/)
  }, 60_000)

  it('reports a tampered target: a changed log row, a lost row, a lost file (also through the npm script)', async () => {
    const pgDb = connectDb(target)
    try {
      await pgDb.$executeRawUnsafe(`UPDATE "RegistrationLogEntry" SET "applicantName" = 'Подменённый Заявитель' WHERE "sequence" = 2`)
      await pgDb.$executeRawUnsafe(`DELETE FROM "Mark" WHERE "id" = (SELECT "id" FROM "Mark" ORDER BY "id" LIMIT 1)`)
    } finally {
      await pgDb.$disconnect()
    }
    fs.rmSync(path.join(dataTo, 'uploads', '2026-12', 'upl_move.pdf'))
    const report = await verifyExistingMove({ from: source, to: target, dataDir, dataTo })
    expect(report.ok).toBe(false)
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Таблица Mark: в SQLite строк \d+, перенесено \d+\.$/),
        expect.stringMatching(/запись с порядковым номером 2 — запись изменена после внесения в журнал/),
        'Файл uploads/2026-12/upl_move.pdf не найден в ' + dataTo + '.',
      ]),
    )
    const cli = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/migrate-to-postgres.ts', '--from', source, '--to', target, '--data-dir', dataDir, '--data-to', dataTo, '--verify'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env } },
    )
    expect(cli.status).toBe(3)
    expect(cli.stderr).toMatch(/Проверка переноса не пройдена/)
    expect(cli.stderr).toMatch(/Журнал регистрации нарушен/)
  }, 60_000)

  it('rolls back a copy that does not verify, and one that breaks, leaving the target empty', async () => {
    // A stored document whose bytes no longer match their checksum: copied, found by the verification, rolled back.
    const bad = path.join(work, 'bad-hash.db')
    fs.copyFileSync(source, bad)
    const conn = new Database(bad)
    conn.prepare(`UPDATE "StoredDocument" SET "content" = ?`).run(Buffer.from('другие байты'))
    conn.close()
    const url = await freshDatabase('badhash')
    const report = await moveToPostgres({ from: bad, to: url, dataDir, sharedDataDir: true })
    expect(report.ok).toBe(false)
    expect(report.committed).toBeFalsy()
    expect(report.problems.join('\n')).toMatch(/StoredDocument .*: содержимое не совпадает с контрольной суммой/)
    await withPgAdmin(async (c) => {
      for (const t of ['School', 'Application', 'Mark', 'StoredDocument'])
        expect(Number((await c.query(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0].n), t).toBe(0)
    }, url)

    // A row whose parent is missing (SQLite with foreign keys off once let it in): PostgreSQL refuses it mid-copy.
    const orphan = path.join(work, 'orphan.db')
    fs.copyFileSync(source, orphan)
    const o = new Database(orphan)
    o.pragma('foreign_keys = OFF')
    o.prepare(
      `UPDATE "ApplicationEvent" SET "applicationId" = 'нет-такого-заявления' WHERE "id" ` +
        '= (SELECT "id" FROM "ApplicationEvent" ORDER BY "id" LIMIT 1)',
    ).run()
    o.close()
    const url2 = await freshDatabase('orphan')
    const error = await moveToPostgres({ from: orphan, to: url2, dataDir, sharedDataDir: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MoveError)
    expect((error as Error).message).toMatch(/^Копирование прервано, база PostgreSQL оставлена как была: .*foreign key/)
    await withPgAdmin(async (c) => {
      for (const t of ['School', 'Pupil', 'Application'])
        expect(Number((await c.query(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0].n), t).toBe(0)
    }, url2)
  }, 120_000)

  it('--append adds a second school to a city database, keeping the installation rows the database has', async () => {
    // A second school's own SQLite file, made as a new school's server makes it, with an installation setting the
    // city database already has (the demo logins) and one it has not.
    const second = path.join(work, 'second.db')
    const migrate = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${second}` },
      encoding: 'utf8',
    })
    expect(migrate.status, migrate.stderr).toBe(0)
    const other = connectDb(`file:${second}`)
    let otherId!: string
    try {
      ;({ schoolId: otherId } = await createSchool(
        other,
        {
          fullName: 'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 9»',
          shortName: 'МОУ «СОШ № 9»',
          directorName: 'Борисов Борис Борисович',
          address: 'г. Саратов, ул. Мира, 9',
          phone: '+7 8452 99-99-99',
          email: 'school9@example.org',
          responsibleName: 'Викторова Вера Викторовна',
          adminName: 'Григорьев Глеб Глебович',
          adminLogin: 'admin9',
          directorLogin: 'director9',
          responsibleLogin: 'responsible9',
        },
        { userId: null, name: 'Тест' },
      ))
      await other.setting.create({ data: { schoolId: '', key: 'demo.logins', value: '[]' } })
      await other.setting.create({ data: { schoolId: '', key: 'move.test', value: 'второй' } })
    } finally {
      await other.$disconnect()
    }
    const city = await freshDatabase('city')
    expect((await moveToPostgres({ from: source, to: city, dataDir, dataTo })).ok).toBe(true)
    const refused = await moveToPostgres({ from: second, to: city, dataDir: path.join(work, 'empty'), dataTo }).catch((e: unknown) => e)
    expect((refused as Error).message).toMatch(/не пуста/)

    const report = await moveToPostgres({ from: second, to: city, dataDir: path.join(work, 'empty'), dataTo, append: true })
    expect(report.problems).toEqual([])
    expect(report.kept).toEqual({ Setting: 1 })
    const pgDb = connectDb(city)
    try {
      expect((await pgDb.school.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((s) => s.id).sort()).toEqual(
        [schoolId, otherId].sort(),
      )
      // The city's own value stayed; the new installation setting came across; both schools' logs verify.
      expect((await pgDb.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId: '', key: 'demo.logins' } } })).value).not.toBe('[]')
      expect((await pgDb.setting.findUniqueOrThrow({ where: { schoolId_key: { schoolId: '', key: 'move.test' } } })).value).toBe('второй')
      expect(await pgDb.user.count({ where: { schoolId: otherId } })).toBe(3)
      expect((await checkRegistrationLog(schoolId, pgDb)).check).toEqual({ ok: true, count: 3 })

      // The same school twice: its rows conflict, the whole copy is undone.
      const before = await pgDb.user.count()
      const again = await moveToPostgres({ from: second, to: city, dataDir: path.join(work, 'empty'), dataTo, append: true }).catch(
        (e: unknown) => e,
      )
      expect(again).toBeInstanceOf(MoveError)
      expect((again as Error).message).toMatch(
        /^Копирование прервано, база PostgreSQL оставлена как была: .*(duplicate key|повторяющееся значение ключа)/,
      )
      expect(await pgDb.user.count()).toBe(before)
      expect(await pgDb.school.count()).toBe(2)
    } finally {
      await pgDb.$disconnect()
    }
  }, 120_000)
})
