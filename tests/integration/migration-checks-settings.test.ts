// The migrations that move checks and retention runs out of Setting's JSON into their tables, give settings a school,
// and give stored documents and uploads a school: run on a database holding data in the old shape, then read back.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { connectDb } from '#app/utils/db.server'
import { TMP_DIR } from '#tests/setup/paths'

const MIGRATIONS = path.join(process.cwd(), 'prisma', 'migrations')
const THIS = '20261129050000_checks_retention_school_settings'
const file = path.join(TMP_DIR, `migration-${process.pid}-${Date.now()}.db`)
const files = [file]

afterAll(() => {
  for (const f of files) for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(f + suffix, { force: true })
})

function migrate(conn: Database.Database, which: (name: string) => boolean) {
  for (const name of fs
    .readdirSync(MIGRATIONS)
    .filter((n) => fs.statSync(path.join(MIGRATIONS, n)).isDirectory())
    .sort()) {
    if (which(name)) conn.exec(fs.readFileSync(path.join(MIGRATIONS, name, 'migration.sql'), 'utf8'))
  }
}

describe(`migration ${THIS}`, () => {
  it('moves checks with their findings, retention runs and school settings; installation settings stay', async () => {
    const conn = new Database(file)
    migrate(conn, (name) => name < THIS)
    const school = (id: string) =>
      conn
        .prepare(
          'INSERT INTO "School" ("id", "fullName", "shortName", "directorName", "address", ' +
            `"phone", "email", "diarySiteUrl") VALUES (?, ?, '', '', '', '', '', '')`,
        )
        .run(id, id)
    school('sch_a')
    school('sch_b')
    const check = {
      id: 'chk_old1',
      number: 1,
      schoolId: 'sch_a',
      kind: 'planned',
      from: '2026-09-01',
      to: '2026-10-31',
      employeeUserId: null,
      employeeName: null,
      basis: 'План контроля на 2026/27 год',
      startedAt: '2026-11-02T07:00:00.000Z',
      startedBy: 'Директор',
      refreshedAt: '2026-11-03T08:30:00.000Z',
      applications: 12,
      deviations: [
        {
          kind: 'late_review',
          applicationId: null,
          application: '№ 4 от 06.10.2026',
          due: null,
          actual: null,
          employeeUserIds: ['u1'],
          logSequence: null,
          note: null,
        },
      ],
      findings: [
        { at: '2026-11-02T09:00:00.000Z', byUserId: 'u9', by: 'Директор', text: 'Проверены журналы 5–9 классов' },
        { at: '2026-11-03T10:00:00.000Z', byUserId: 'u9', by: 'Директор', text: 'Объяснение получено' },
      ],
      closedAt: '2026-11-04T12:00:00.000Z',
      conclusion: 'Нарушение устранено',
    }
    const run = {
      at: '2026-11-05T06:00:00.000Z',
      by: 'Админ',
      years: 5,
      cutoff: '2021-11-05',
      applications: [
        {
          id: 'a1',
          registrationNumber: 3,
          receiptNumber: 'R-1',
          receivedAt: '2021-01-01T00:00:00.000Z',
          closedAt: '2021-02-01T00:00:00.000Z',
          status: 'delivered',
        },
      ],
      documents: 2,
      uploads: 1,
      files: 1,
      bytes: 2048,
      missingFiles: 0,
    }
    const setting = conn.prepare(`INSERT INTO "Setting" ("key", "value") VALUES (?, ?)`)
    setting.run('control.check.chk_old1', JSON.stringify(check))
    setting.run('retention.run.2026-11-05T06:00:00.000Z', JSON.stringify(run))
    setting.run('retention.years', '7')
    setting.run('grounds.acceptance', JSON.stringify(['Нет подписи']))
    setting.run('integrity.anchor.sch_b', JSON.stringify({ sequence: 9, hash: 'abc' }))
    setting.run('integrity.lastCheck', JSON.stringify({ at: '2026-11-05T00:00:00.000Z', schools: [] }))
    setting.run('mail.imap.since', '2026-09-01T00:00:00.000Z')
    conn
      .prepare(
        `INSERT INTO "AuditEvent" ("id", "schoolId", "action", "entity", "entityId") VALUES ('ae1', ` +
          `'sch_b', 'retention:purge', 'Setting', 'retention.run.2026-11-05T06:00:00.000Z')`,
      )
      .run()
    migrate(conn, (name) => name === THIS)
    conn.close()

    const client = connectDb(`file:${file}`)
    try {
      const [row] = await client.controlCheck.findMany({ include: { findings: { orderBy: { at: 'asc' } } } })
      expect(row).toMatchObject({
        id: 'chk_old1',
        schoolId: 'sch_a',
        number: 1,
        kind: 'planned',
        fromDay: '2026-09-01',
        toDay: '2026-10-31',
        employeeUserId: null,
        basis: 'План контроля на 2026/27 год',
        startedBy: 'Директор',
        applications: 12,
        conclusion: 'Нарушение устранено',
      })
      expect(row.startedAt.toISOString()).toBe(check.startedAt)
      expect(row.refreshedAt.toISOString()).toBe(check.refreshedAt)
      expect(row.closedAt?.toISOString()).toBe(check.closedAt)
      expect(JSON.parse(row.deviations)).toEqual(check.deviations)
      expect(row.findings.map((f) => [f.at.toISOString(), f.byUserId, f.by, f.text])).toEqual(
        check.findings.map((f) => [f.at, f.byUserId, f.by, f.text]),
      )

      // The columns this migration made (a later one adds more, which the database at this step does not have yet).
      const [stored] = await client.retentionRun.findMany({
        select: {
          schoolId: true,
          by: true,
          years: true,
          cutoff: true,
          documents: true,
          uploads: true,
          files: true,
          bytes: true,
          inboundMessages: true,
          outboxJobs: true,
          at: true,
          applications: true,
        },
      })
      expect(stored).toMatchObject({
        schoolId: 'sch_b',
        by: 'Админ',
        years: 5,
        cutoff: '2021-11-05',
        documents: 2,
        uploads: 1,
        files: 1,
        bytes: 2048,
        inboundMessages: 0,
        outboxJobs: 0,
      })
      expect(stored.at.toISOString()).toBe(run.at)
      expect(JSON.parse(stored.applications)).toEqual(run.applications)

      const settings = (await client.setting.findMany({ orderBy: [{ schoolId: 'asc' }, { key: 'asc' }] })).map((s) => [
        s.schoolId,
        s.key,
        s.value,
      ])
      expect(settings).toEqual([
        ['', 'integrity.lastCheck', JSON.stringify({ at: '2026-11-05T00:00:00.000Z', schools: [] })],
        ['', 'mail.imap.since', '2026-09-01T00:00:00.000Z'],
        ['sch_a', 'grounds.acceptance', JSON.stringify(['Нет подписи'])],
        ['sch_a', 'retention.years', '7'],
        ['sch_b', 'grounds.acceptance', JSON.stringify(['Нет подписи'])],
        ['sch_b', 'integrity.anchor', JSON.stringify({ sequence: 9, hash: 'abc' })],
        ['sch_b', 'retention.years', '7'],
      ])
    } finally {
      await client.$disconnect()
    }
  })
})

describe('migration 20261129060000_document_upload_school', () => {
  const NEXT = '20261129060000_document_upload_school'
  async function run(schools: string[]) {
    const f = path.join(TMP_DIR, `migration-${process.pid}-${Date.now()}-${schools.length}.db`)
    files.push(f)
    const conn = new Database(f)
    migrate(conn, (name) => name < NEXT)
    for (const id of schools)
      conn
        .prepare(
          'INSERT INTO "School" ("id", "fullName", "shortName", "directorName", "address", ' +
            `"phone", "email", "diarySiteUrl") VALUES (?, ?, '', '', '', '', '', '')`,
        )
        .run(id, id)
    const doc = conn.prepare(
      'INSERT INTO "StoredDocument" ("id", "kind", "fileName", "mime", "sha256", "content", ' +
        `"sourceKey") VALUES (?, ?, 'x.docx', 'application/octet-stream', '', x'00', ?)`,
    )
    doc.run('doc_report', 'activity-report', `activity-report:${schools.at(-1)}:2026-10`)
    doc.run('doc_stray', 'extract', null)
    conn
      .prepare(
        'INSERT INTO "Upload" ("id", "kind", "fileName", "mime", "size", "sha256", "storagePath") ' +
          `VALUES ('upl_stray', 'scan', 'x.pdf', 'application/pdf', 1, '', 'uploads/x.pdf')`,
      )
      .run()
    migrate(conn, (name) => name === NEXT)
    const docs = conn.prepare(`SELECT "id", "schoolId" FROM "StoredDocument" ORDER BY "id"`).all()
    const uploads = conn.prepare(`SELECT "id", "schoolId" FROM "Upload"`).all()
    conn.close()
    return { docs, uploads }
  }

  it('a kept report gets the school of its key; other rows get the school only when there is one school', async () => {
    expect(await run(['sch_a', 'sch_b'])).toEqual({
      docs: [
        { id: 'doc_report', schoolId: 'sch_b' },
        { id: 'doc_stray', schoolId: null },
      ],
      uploads: [{ id: 'upl_stray', schoolId: null }],
    })
    expect(await run(['sch_only'])).toEqual({
      docs: [
        { id: 'doc_report', schoolId: 'sch_only' },
        { id: 'doc_stray', schoolId: 'sch_only' },
      ],
      uploads: [{ id: 'upl_stray', schoolId: 'sch_only' }],
    })
  })
})
