// Grows copies of the seeded demo school to N applications each (1 k, 10 k, 100 k, 1 M by default), with the rows a
// real school year leaves behind: events, registration-log rows (a valid hash chain), outbox jobs, deliveries, stored
// answers and access-audit rows. Rows are cloned from samples the real procedure wrote (make-samples.ts), with
// dates shifted over the school year: applications older than 30 days are answered; newer ones are in every state.
//
//   npx tsx bench/scale/grow.ts [--sizes 1000,10000,100000,1000000] [--out bench/out/scale]
import { spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { GENESIS_HASH, hashRow } from '#workflows/registration-log'

const ROOT = path.resolve(__dirname, '..', '..')
const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]))
const SIZES = (args.get('--sizes') ?? '1000,10000,100000,1000000').split(',').map(Number)
const OUT = path.resolve(ROOT, args.get('--out') ?? 'bench/out/scale')
const DAY = 86_400_000
/** Raise when what grow() writes changes (not when this file is only reformatted): the grown copies are made again. */
const GROWN_BY = 2
const CLOSED = new Set(['delivered', 'closed', 'withdrawn', 'acceptance_refused', 'completed'])

function run(script: string, db: string) {
  const env = { ...process.env, DATABASE_URL: `file:${db}` }
  const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name)
  const r =
    script === 'migrate'
      ? spawnSync(bin('prisma'), ['migrate', 'deploy'], { cwd: ROOT, env, encoding: 'utf8' })
      : spawnSync(bin('tsx'), [script], { cwd: ROOT, env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${script}: ${r.stdout}${r.stderr}`)
}

/** The seeded demo school (made once) and a copy of it holding the samples. */
export function baseAndSamples(out = OUT): { base: string; samples: string } {
  fs.mkdirSync(out, { recursive: true })
  const base = path.join(out, 'base.db')
  const samples = path.join(out, 'samples.db')
  // Copies made before the seed or the samples changed (by content, so a fresh clone or a worktree reuses nothing
  // stale and throws away nothing current), or before GROWN_BY, are made again — this file's own text is not hashed:
  // reformatting it must not throw away a grown million (50 minutes). A migration added since the copies were made is
  // applied to them (migrations only ever append); a removed or renamed one makes them again.
  const stamp = path.join(out, 'made-from.txt')
  const migrations = fs
    .readdirSync(path.join(ROOT, 'prisma', 'migrations'))
    .filter((m) => /^\d{14}_/.test(m))
    .sort()
  const hash = (f: string) =>
    createHash('sha256')
      .update(fs.readFileSync(path.join(ROOT, f)))
      .digest('hex')
  const seeds = ['prisma/seed/generate.ts', 'prisma/seed/write.ts', 'bench/scale/make-samples.ts']
  const source = [`bench/scale/grow.ts:${GROWN_BY}`, ...seeds.map((f) => `${f}:${hash(f)}`)].join('\n')
  const [madeSource = '', madeMigrations = ''] = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').split('\n---\n') : []
  const applied = madeMigrations ? madeMigrations.split('\n') : []
  const appended = applied.length <= migrations.length && applied.every((m, i) => m === migrations[i])
  const copies = fs.readdirSync(out).filter((f) => f.endsWith('.db'))
  if (madeSource !== source || !appended) {
    for (const f of copies) fs.rmSync(path.join(out, f))
  } else if (applied.length < migrations.length) {
    console.log(`Новые миграции (${migrations.length - applied.length}) применяются к копиям…`)
    for (const f of copies) run('migrate', path.join(out, f))
  }
  fs.writeFileSync(stamp, `${source}\n---\n${migrations.join('\n')}`)
  if (!fs.existsSync(base)) {
    console.log('Демо-школа: миграции и заполнение…')
    run('migrate', `${base}.part`)
    run('prisma/seed/index.ts', `${base}.part`)
    const conn = new Database(`${base}.part`)
    conn.pragma('wal_checkpoint(TRUNCATE)')
    conn.pragma('journal_mode = DELETE')
    conn.close()
    fs.renameSync(`${base}.part`, base)
  }
  if (!fs.existsSync(samples)) {
    console.log('Образцы заявлений через операции продукта…')
    fs.copyFileSync(base, `${samples}.part`)
    run('bench/scale/make-samples.ts', `${samples}.part`)
    const conn = new Database(`${samples}.part`)
    conn.pragma('wal_checkpoint(TRUNCATE)')
    conn.pragma('journal_mode = DELETE')
    conn.close()
    fs.renameSync(`${samples}.part`, samples)
  }
  return { base, samples }
}

type Row = Record<string, unknown>
// Ids and tokens: a random run prefix and a counter (unique, and cheaper than random bytes for millions of rows).
const RUN = randomBytes(4).toString('hex')
let counter = 0
const id = (prefix: string) => `${prefix}_${RUN}${(counter++).toString(36)}`
const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00')
const shift = (value: unknown, delta: number) =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) ? iso(Date.parse(value) + delta) : value

function insert(conn: Database.Database, table: string, row: Row) {
  const cols = Object.keys(row)
  const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
  let stmt = statements.get(sql)
  if (!stmt) statements.set(sql, (stmt = conn.prepare(sql)))
  stmt.run(cols.map((c) => (typeof row[c] === 'boolean' ? Number(row[c]) : row[c])))
}
const statements = new Map<string, Database.Statement>()

/** A copy of the demo school with `n` applications; returns the file. */
export function grow(n: number, now = new Date(), out = OUT): string {
  const { base, samples } = baseAndSamples(out)
  const file = path.join(out, `scale-${n}.db`)
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true })
  fs.copyFileSync(base, file)
  statements.clear()
  const conn = new Database(file)
  conn.pragma('journal_mode = WAL')
  conn.pragma('synchronous = OFF')
  const src = new Database(samples, { readonly: true })
  const apps = src.prepare('SELECT * FROM "Application" ORDER BY "receivedAt"').all() as Row[]
  const eventsOf = src.prepare('SELECT * FROM "ApplicationEvent" WHERE "applicationId" = ? ORDER BY "at"')
  const logOf = src.prepare('SELECT * FROM "RegistrationLogEntry" WHERE "applicationId" = ? ORDER BY "sequence"')
  const jobsOf = src.prepare(`SELECT * FROM "OutboxJob" WHERE "payload" LIKE '%' || ? || '%'`)
  const sample = apps.map((a) => ({
    app: a,
    events: eventsOf.all(a.id) as Row[],
    log: logOf.all(a.id) as Row[],
    jobs: jobsOf.all(a.id) as Row[],
  }))
  const closed = sample.filter((s) => CLOSED.has(String(s.app.status)))
  const school = (conn.prepare('SELECT id FROM "School" LIMIT 1').get() as { id: string }).id
  const pupils = conn
    .prepare(
      `SELECT p."id", p."lastName" || ' ' || p."firstName" || ' ' || p."middleName" AS name, c."name" AS className, g."id" AS guardianId,
    g."lastName" AS gl, g."firstName" AS gf, g."middleName" AS gm FROM "Pupil" p JOIN "SchoolClass" c ON c."id" = p."classId"
    JOIN "GuardianLink" l ON l."pupilId" = p."id" JOIN "Guardian" g ON g."id" = l."guardianId" WHERE p."leftOn" IS NULL`,
    )
    .all() as Row[]
  const staffUser = (conn.prepare(`SELECT "id" FROM "User" WHERE "login" = 'responsible'`).get() as { id: string }).id

  // Receipts spread evenly from 1 September to now, in order, so that log numbers and sequences rise with time.
  const year = now.getUTCMonth() >= 8 ? now.getUTCFullYear() : now.getUTCFullYear() - 1
  const start = Date.UTC(year, 8, 1, 5)
  const span = now.getTime() - start - 3_600_000
  let sequence = 0
  let prevHash = GENESIS_HASH
  const numbers = new Map<number, number>()
  const started = Date.now()
  const batch = conn.transaction((from: number, to: number) => {
    for (let k = from; k < to; k++) {
      const receivedAt = start + Math.floor((span * k) / n)
      const recent = now.getTime() - receivedAt < 30 * DAY
      const pool = recent ? sample : closed
      const s = pool[k % pool.length]
      const delta = receivedAt - Date.parse(String(s.app.receivedAt))
      const p = pupils[(k * 7919) % pupils.length]
      const appId = id('app')
      const app: Row = {}
      for (const [col, value] of Object.entries(s.app)) app[col] = shift(value, delta)
      let number: number | null = null
      if (s.app.registrationNumber != null) {
        const y = new Date(Date.parse(String(app.registeredAt))).getUTCFullYear()
        number = (numbers.get(y) ?? 0) + 1
        numbers.set(y, number)
      }
      Object.assign(app, {
        id: appId,
        schoolId: school,
        receiptNumber: `${iso(receivedAt).slice(0, 10).replaceAll('-', '')}-${RUN.toUpperCase()}${k.toString(36).toUpperCase()}`,
        statusToken: `${RUN}${randomBytes(8).toString('base64url')}${counter.toString(36)}`,
        idempotencyKey: null,
        registrationNumber: number,
        pupilId: p.id,
        guardianId: p.guardianId,
        pupilName: p.name,
        className: p.className,
        applicantLastName: p.gl,
        applicantFirstName: p.gf,
        applicantMiddleName: p.gm,
        assigneeId: null,
        snapshot: String(s.app.snapshot).replaceAll(String(s.app.id), appId),
        // A closed copy takes the school's next closing number from the insert trigger (ADR 075), as a closing would;
        // the sample's own number, copied, was shared by every copy of it.
        closedSeq: null,
      })
      insert(conn, 'Application', app)
      for (const e of s.events) insert(conn, 'ApplicationEvent', { ...e, id: id('evt'), applicationId: appId, at: shift(e.at, delta) })
      for (const j of s.jobs) {
        const key = String(j.idempotencyKey).replaceAll(String(s.app.id), appId)
        // A copied letter has its own Message-ID (the product's is a hash of the row's key), so bounce and reply
        // lookups by the indexed column find one letter, as they would in a school's real outbox.
        const messageId = j.messageId
          ? String(j.messageId).replace(/^<[^@]*@/, `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@`)
          : null
        let payload = String(j.payload).replaceAll(String(s.app.id), appId)
        if (messageId) payload = payload.replaceAll(String(j.messageId), messageId)
        insert(conn, 'OutboxJob', {
          ...j,
          id: id('job'),
          applicationId: j.applicationId ? appId : null,
          messageId,
          payload,
          idempotencyKey: key,
          status: 'done',
          createdAt: shift(j.createdAt, delta),
          runAt: shift(j.runAt, delta),
          doneAt: shift(j.createdAt, delta + 5000),
          claimedAt: shift(j.createdAt, delta + 1000),
        })
      }
      for (const l of s.log) {
        sequence++
        const content = {
          id: `log_${school}_${sequence}`,
          sequence,
          year: new Date(Date.parse(String(app.registeredAt))).getUTCFullYear(),
          number: number ?? 0,
          applicationId: appId,
          receivedAt: String(app.receivedAt),
          registeredAt: String(app.registeredAt),
          channel: String(app.channel),
          applicantName: `${p.gl} ${p.gf} ${p.gm}`.trim(),
          pupilName: String(p.name),
          className: String(p.className),
          kinds: JSON.parse(String(l.kinds)) as string[],
          result: (l.result as string | null) ?? null,
          resultAt: l.resultAt ? String(shift(l.resultAt, delta)) : null,
          correctsSequence: l.correctsSequence == null ? null : sequence - 1,
        }
        const hash = hashRow(content, prevHash)
        insert(conn, 'RegistrationLogEntry', {
          ...content,
          kinds: String(l.kinds),
          schoolId: school,
          prevHash,
          hash,
          createdAt: content.registeredAt,
        })
        prevHash = hash
      }
      if (app.status === 'delivered' || app.status === 'closed') {
        const docId = id('doc')
        const body = Buffer.from(`PK\u0003\u0004 выписка ${appId} `.padEnd(400, '.'))
        insert(conn, 'StoredDocument', {
          id: docId,
          schoolId: school,
          applicationId: appId,
          kind: app.status === 'closed' ? 'refusal-notice' : 'extract',
          fileName: `Выписка № ${number}.docx`,
          mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          templateVersion: 'v1',
          sha256: createHash('sha256').update(body).digest('hex'),
          content: body,
          sourceKey: `${appId}:doc`,
          createdBy: 'Система',
          createdAt: shift(app.decidedAt ?? app.receivedAt, 3_600_000),
        })
        insert(conn, 'Delivery', {
          id: id('dlv'),
          applicationId: appId,
          kind: app.status === 'closed' ? 'refusal-notice' : 'extract',
          channel: String(app.delivery),
          status: app.delivery === 'email' ? 'emailed' : app.delivery === 'post' ? 'posted' : 'handed',
          documentId: docId,
          preparedAt: shift(app.decidedAt ?? app.receivedAt, 3_600_000),
          deliveredAt: app.closedAt,
          recipient: '',
          trackingNumber: '',
          recordedBy: 'Ответственный',
          lastError: '',
          idempotencyKey: `${appId}:delivery`,
        })
      }
      insert(conn, 'AuditEvent', {
        id: id('aud'),
        schoolId: school,
        userId: staffUser,
        action: 'view:application',
        entity: 'application',
        entityId: appId,
        ip: '127.0.0.1',
        data: '{}',
        invalid: 0,
        at: iso(receivedAt + 7_200_000),
      })
    }
  })
  const STEP = 5000
  for (let from = 0; from < n; from += STEP) {
    batch(from, Math.min(n, from + STEP))
    if (n >= 100_000 && (from / STEP) % 20 === 0) process.stdout.write(`\r  ${n}: ${from + STEP} …`)
  }
  // The stamp triggers wrote a move for every row copied; the dashboard keeps the last 10 000 of a school (ADR 083).
  conn.exec(
    `DELETE FROM "ApplicationChange" WHERE "version" < (SELECT s."version" - 10000 FROM "ApplicationStamp" s ` +
      `WHERE s."schoolId" = "ApplicationChange"."schoolId")`,
  )
  conn.pragma('wal_checkpoint(TRUNCATE)')
  conn.exec('ANALYZE')
  conn.close()
  src.close()
  const size = fs.statSync(file).size
  console.log(
    `\r${String(n).padStart(8)} заявлений → ${path.relative(ROOT, file)} ` +
      `(${(size / 1e6).toFixed(0)} МБ, ${((Date.now() - started) / 1000).toFixed(1)} с)`,
  )
  return file
}

if (require.main === module) {
  for (const n of SIZES) grow(n)
}
