// Municipal benchmark (issue 21): `npx tsx bench/municipal/run.ts [--schools 100] [--pupils 550] [--applications 100000]
//   [--requests 15] [--share 0.02] [--keep]`. On the PostgreSQL server of PG_URL, in databases of its own (bench_municipal and
// bench_municipal_one, created and dropped here; --keep leaves them):
//  1. one school — the seeded demo school (its journal of the year so far) grown by bench/scale/grow.ts to
//     applications/schools applications — moved in by the product's `migrate-to-postgres` (ADR 054); two production
//     instances (`node server.js`, worker on in both) run until their workers have done what the data asks of them;
//  2. that database is kept as the one-school twin (CREATE DATABASE … TEMPLATE), and the school is copied on the
//     server (`INSERT … SELECT`, keys prefixed, bench/municipal/replicate.ts) into schools 2…N, each registration log
//     chained again;
//  3. each database gets two instances (worker on, TRUST_PROXY) behind its own round-robin proxy (ADR 055); the staff
//     pages and the parent e-diary of the first school are asked through both proxies in turn, signed in: median of
//     --requests sequential requests after 3 warm-up ones, and the ratio city / one school;
//  4. the weekly batch on the city: --share of every school's pupils get a weekly periodic application whose extract
//     is due (one transaction, bench/municipal/weekly.ts); the time until the workers have made every extract and
//     queued its letter, then a check from the database that each exists exactly once.
// Prints a Russian table and writes it to bench/README.md («municipal»).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import type pg from 'pg'
import { moveToPostgres } from '#app/backup/to-postgres.server'
import { pgClient, q } from '#app/backup/to-postgres-check.server'
import { startRoundRobinProxy } from '#tests/helpers/round-robin-proxy'
import { count } from '#workflows/plural'
import { median, signIn, timeGet } from '../http'
import { writeReadmeSection } from '../readme-section'
import { baseAndSamples, grow } from '../scale/grow'
import { PAGES, type Ids } from '../scale/pages'
import { copySchools, schoolShapes, snapshotTemplate, templateAnchor, templateLog, TEMPLATE_SCHEMA, verifySchoolLog } from './replicate'
import { BATCH_PREFIX, insertWeeklyBatch } from './weekly'

const ROOT = path.resolve(__dirname, '..', '..')
const OUT = path.join(ROOT, 'bench', 'out', 'municipal')
const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]))
const SCHOOLS = Number(args.get('--schools') ?? 100)
const APPLICATIONS = Number(args.get('--applications') ?? 100_000)
const PUPILS = Number(args.get('--pupils') ?? 550)
const REQUESTS = Number(args.get('--requests') ?? 15)
const SHARE = Number(args.get('--share') ?? 0.02)
const KEEP = process.argv.includes('--keep')
const PER_SCHOOL = Math.round(APPLICATIONS / SCHOOLS)
const CITY = count(SCHOOLS, 'школа', 'школы', 'школ')
const PG_URL = process.env.PG_URL ?? 'postgresql://ci:ci@127.0.0.1:5432/postgres'
const DB_NAME = 'bench_municipal'
const ONE_DB = 'bench_municipal_one'
// Ports: the city's proxy and instances 3450–3452, the one-school twin's 3453–3455.
const CITY_PORTS = { proxy: 3450, instances: [3451, 3452] }
const ONE_PORTS = { proxy: 3453, instances: [3454, 3455] }
const DATA_DIR = path.join(OUT, 'data')
const ONE_DATA_DIR = path.join(OUT, 'data-one')
// The rotating page (another application each time) is bench/scale's: here each page is the same one on both fleets.
const MEASURED = PAGES.filter((p) => p.who !== 'api' && !p.rotates)
const COPIES_AT_ONCE = 10
const LETTER_KINDS = ['document', 'credentials', 'notify-applicant', 'notify-staff', 'notify-final-marks']

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} с`
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ')

function urlFor(database: string): string {
  const url = new URL(PG_URL)
  url.pathname = `/${database}`
  return url.toString()
}

async function withClient<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = pgClient(url)
  await c.connect()
  try {
    return await run(c)
  } finally {
    await c.end()
  }
}

const adminUrl = () => PG_URL
const dbUrl = () => urlFor(DB_NAME)

async function dropDatabases() {
  for (const name of [DB_NAME, ONE_DB]) await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${q(name)} WITH (FORCE)`))
}

// ---------- instances and the proxy ----------

type Fleet = { children: ChildProcess[]; close: () => Promise<void>; served: number[]; startedAt: Date; url: string; proxy: number }

async function healthy(port: number, child: ChildProcess) {
  for (let i = 0; i < 480; i++) {
    if (child.exitCode !== null) throw new Error(`экземпляр на порту ${port} завершился (${child.exitCode})`)
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status < 500,
      () => false,
    )
    if (ok) return
    await sleep(250)
  }
  throw new Error(`экземпляр на порту ${port} не ответил на /healthz`)
}

async function startFleet(url: string, ports: { proxy: number; instances: number[] }, dataDir: string): Promise<Fleet> {
  const startedAt = new Date()
  const children = ports.instances.map((port, i) => {
    const child = spawn(process.execPath, ['server.js'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        TRUST_PROXY: 'loopback',
        INSTANCE_NAME: `instance-${i + 1}`,
        WORKER_INTERVAL_SECONDS: '2',
        // PDFs are made when a letter goes out or someone downloads one (ADR 036); no SMTP here, so none would be.
        PDF_CONVERSION: 'off',
        RENDER_THREADS: '1',
        SMTP_HOST: '',
      },
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString()
      if (/error|ошибк/i.test(text)) process.stderr.write(`[${port}] ${text}`)
    })
    return child
  })
  await Promise.all(ports.instances.map((p, i) => healthy(p, children[i])))
  const proxy = await startRoundRobinProxy({ port: ports.proxy, backends: ports.instances })
  return {
    url,
    proxy: ports.proxy,
    children,
    served: proxy.served,
    startedAt,
    async close() {
      await proxy.close()
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve()
              const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
              child.once('exit', () => {
                clearTimeout(timer)
                resolve()
              })
              child.kill('SIGTERM')
            }),
        ),
      )
    },
  }
}

/**
 * Waits until both workers have done what the data asks of them: the periodic extracts and the deadline sweep ran a
 * whole pass after the start, and no document or notice job is waiting (letters wait: there is no SMTP).
 */
async function settle(fleet: Fleet, label: string) {
  const started = performance.now()
  await withClient(fleet.url, async (c) => {
    for (;;) {
      const leases = await c.query<{ name: string }>(
        `SELECT "name" FROM "TaskLease" WHERE "name" IN ('task:periodic-deliveries', 'task:deadline-sweep') AND "lastRunAt" > $1`,
        [fleet.startedAt],
      )
      const waiting = await c.query<{ n: string }>(
        `SELECT count(*) AS n FROM "OutboxJob" WHERE "status" IN ('pending', 'running') AND "kind" = ANY($1)`,
        [LETTER_KINDS],
      )
      if (leases.rows.length === 2 && Number(waiting.rows[0].n) === 0) break
      if (performance.now() - started > 15 * 60_000) throw new Error(`${label}: фоновые задачи не закончили за 15 минут`)
      await sleep(2000)
    }
  })
  console.log(`  ${label}: фоновые задачи обоих экземпляров прошли всё за ${secs(performance.now() - started)}`)
}

// ---------- pages ----------

async function pageIds(schoolId: string): Promise<Ids> {
  return withClient(dbUrl(), async (c) => {
    const app = await c.query<{ id: string }>(
      `SELECT "id" FROM "Application" WHERE "schoolId" = $1 AND "status" = 'in_review' ORDER BY "receivedAt" DESC LIMIT 1`,
      [schoolId],
    )
    const pupil = await c.query<{ id: string }>(
      `SELECT l."pupilId" AS id FROM "User" u JOIN "Guardian" g ON g."userId" = u."id" JOIN "GuardianLink" l ON l."guardianId" = g."id"
        WHERE u."login" = 'parent' ORDER BY l."pupilId" LIMIT 1`,
    )
    return { application: app.rows[0].id, pupil: pupil.rows[0].id, apiApplication: '', others: [] }
  })
}

/**
 * The same pages of the same school on both fleets, request by request in turn (one-school database, then the city),
 * so that what else the shared machine is doing at that moment weighs on both sides alike.
 */
async function measurePages(ids: Ids, one: Fleet, city: Fleet): Promise<{ one: number[]; city: number[] }> {
  const who = ['responsible', 'director', 'parent'] as const
  const cookies = async (f: Fleet) => Object.fromEntries(await Promise.all(who.map(async (w) => [w, await signIn(f.proxy, w)])))
  const jars = [await cookies(one), await cookies(city)]
  const result = { one: [] as number[], city: [] as number[] }
  for (const page of MEASURED) {
    const urls = [one, city].map((f) => `http://localhost:${f.proxy}${page.path(ids, 0)}`)
    for (let w = 0; w < 3; w++) for (const i of [0, 1]) await timeGet(urls[i], { Cookie: jars[i][page.who] })
    const times: number[][] = [[], []]
    for (let r = 0; r < REQUESTS; r++) for (const i of [0, 1]) times[i].push(await timeGet(urls[i], { Cookie: jars[i][page.who] }))
    result.one.push(median(times[0]))
    result.city.push(median(times[1]))
    console.log(`  ${page.name}: 1 школа ${median(times[0]).toFixed(1)} мс, ${CITY} ${median(times[1]).toFixed(1)} мс`)
  }
  return result
}

// ---------- the city ----------

async function counts(c: pg.Client): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of ['School', 'Pupil', 'Application', 'ApplicationEvent', 'Lesson', 'Mark', 'OutboxJob', 'RegistrationLogEntry']) {
    out[t] = Number((await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${q(t)}`)).rows[0].n)
  }
  const total = await c.query<{ n: string }>(
    `SELECT sum(n_live_tup) AS n FROM pg_stat_user_tables WHERE schemaname = 'public'`, // after ANALYZE: close to exact
  )
  out.rows = Number(total.rows[0].n)
  return out
}

async function replicate(copies: number): Promise<number> {
  const started = performance.now()
  await withClient(dbUrl(), async (c) => {
    const shapes = await schoolShapes(c)
    await snapshotTemplate(c, shapes)
    const log = await templateLog(c)
    const anchor = await templateAnchor(c)
    for (let k = 1; k <= copies; k += COPIES_AT_ONCE) {
      const to = Math.min(copies, k + COPIES_AT_ONCE - 1)
      await copySchools(c, shapes, k, to, log, anchor)
      process.stdout.write(`\r  копии школы: ${to} из ${copies} (${secs(performance.now() - started)})`)
    }
    process.stdout.write('\n')
    // Every school's log must verify with the product's own check, its anchor included (the daily check would say so).
    const schools = (await c.query<{ id: string }>(`SELECT "id" FROM "School" ORDER BY "id"`)).rows
    for (const school of schools) {
      const check = await verifySchoolLog(c, school.id)
      if (!check.ok) throw new Error(`журнал регистрации школы ${school.id} не сходится: ${check.messageRu}`)
    }
    await c.query(`DROP SCHEMA ${TEMPLATE_SCHEMA} CASCADE`)
    await c.query('VACUUM ANALYZE')
  })
  return performance.now() - started
}

// ---------- the weekly batch ----------

type Batch = {
  apps: number
  ms: number
  firstMs: number
  documents: number
  deliveries: number
  letters: number
  duplicates: number
  owners: string[]
  logsOk: number
  schools: number
}

async function weeklyBatch(samplesFile: string): Promise<Batch> {
  return withClient(dbUrl(), async (c) => {
    const ids = await insertWeeklyBatch(c, samplesFile, SHARE, new Date())
    const started = performance.now()
    console.log(
      '  еженедельная пачка: ' +
        `${count(ids.length, 'периодическое заявление', 'периодических заявления', 'периодических заявлений')} во всех школах, ` +
        'выписка наступила',
    )
    const owners = new Set<string>()
    const made = async () => {
      const r = await c.query<{ documents: string; deliveries: string; letters: string }>(
        `SELECT
           (SELECT count(*) FROM "StoredDocument" WHERE "applicationId" LIKE $1 AND "kind" = 'extract') AS documents,
           (SELECT count(*) FROM "Delivery"
             WHERE "applicationId" LIKE $1 AND "kind" = 'periodic-extract' AND "documentId" IS NOT NULL) AS deliveries,
           (SELECT count(*) FROM "OutboxJob" WHERE "applicationId" LIKE $1 AND "idempotencyKey" LIKE '%:periodic:%:email') AS letters`,
        [`${BATCH_PREFIX}%`],
      )
      return { documents: Number(r.rows[0].documents), deliveries: Number(r.rows[0].deliveries), letters: Number(r.rows[0].letters) }
    }
    let last: Awaited<ReturnType<typeof made>>
    let shown = 0
    let firstMs = 0
    for (;;) {
      last = await made()
      const lease = await c.query<{ owner: string }>(
        `SELECT "owner" FROM "TaskLease" WHERE "name" = 'task:periodic-deliveries' AND "leaseUntil" > now() AT TIME ZONE 'UTC'`,
      )
      for (const r of lease.rows) owners.add(r.owner)
      if (!firstMs && last.documents > 0) firstMs = performance.now() - started
      if (last.documents >= ids.length && last.deliveries >= ids.length && last.letters >= ids.length) break
      if (performance.now() - started > 30 * 60_000) throw new Error(`за 30 минут сделано ${JSON.stringify(last)} из ${ids.length}`)
      if (performance.now() - shown > 15_000) {
        shown = performance.now()
        process.stdout.write(`\r  сделано выписок: ${last.documents} из ${ids.length} (${secs(performance.now() - started)})`)
      }
      await sleep(500)
    }
    const ms = performance.now() - started
    process.stdout.write('\n')
    // Two more passes of both workers: nothing may be made twice.
    await sleep(10_000)
    const after = await made()
    const dup = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM (
         SELECT "applicationId" FROM "StoredDocument" WHERE "applicationId" LIKE $1 GROUP BY 1 HAVING count(*) <> 1
         UNION ALL SELECT "applicationId" FROM "Delivery" WHERE "applicationId" LIKE $1 GROUP BY 1 HAVING count(*) <> 1
         UNION ALL SELECT "applicationId" FROM "OutboxJob" WHERE "applicationId" LIKE $1 GROUP BY 1 HAVING count(*) <> 1) d`,
      [`${BATCH_PREFIX}%`],
    )
    const missing = ids.length - Math.min(after.documents, after.deliveries, after.letters)
    const schools = (await c.query<{ id: string }>(`SELECT "id" FROM "School"`)).rows
    let logsOk = 0
    for (const school of schools) if ((await verifySchoolLog(c, school.id)).ok) logsOk++
    return {
      apps: ids.length,
      ms,
      firstMs,
      ...after,
      duplicates: Number(dup.rows[0].n) + missing,
      owners: [...owners],
      logsOk,
      schools: schools.length,
    }
  })
}

// ---------- main ----------

async function main() {
  const loadAtStart = load()
  const started = performance.now()
  console.log(`Нагрузка на машину при старте: ${loadAtStart}`)
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  const { base, samples } = baseAndSamples(OUT)
  const seeded = new Database(base, { readonly: true })
  const pupils = (seeded.prepare(`SELECT count(*) AS n FROM "Pupil" WHERE "leftOn" IS NULL`).get() as { n: number }).n
  seeded.close()
  // The seed generator makes one school of a fixed size; --pupils states the size the run expects of it.
  if (Math.abs(pupils - PUPILS) > PUPILS * 0.05)
    throw new Error(
      'демо-школа сида — ' +
        `${count(pupils, 'обучающийся', 'обучающихся', 'обучающихся')}, а не ${PUPILS}: другой размер школы генератор не делает`,
    )
  const sqlite = path.join(OUT, `scale-${PER_SCHOOL}.db`)
  if (!fs.existsSync(sqlite)) grow(PER_SCHOOL, new Date(), OUT)
  for (const dir of [DATA_DIR, ONE_DATA_DIR]) fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(DATA_DIR, { recursive: true })
  const empty = path.join(OUT, 'empty-data')
  fs.mkdirSync(empty, { recursive: true })

  await dropDatabases()
  await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${q(DB_NAME)}`))
  const fleets: Fleet[] = []
  try {
    const moveStarted = performance.now()
    const report = await moveToPostgres({ from: sqlite, to: dbUrl(), dataDir: empty, dataTo: DATA_DIR, log: () => {} })
    if (!report.ok) throw new Error(`перенос школы не прошёл проверку: ${JSON.stringify(report).slice(0, 500)}`)
    const moveMs = performance.now() - moveStarted
    const schoolId = await withClient(dbUrl(), async (c) => {
      await c.query('VACUUM ANALYZE')
      return (await c.query<{ id: string }>(`SELECT "id" FROM "School"`)).rows[0].id
    })
    console.log(`Одна школа (${count(PER_SCHOOL, 'заявление', 'заявления', 'заявлений')}) перенесена в PostgreSQL за ${secs(moveMs)}`)

    // The workers first do what the school's data asks of them (documents of granted applications, periodic extracts
    // already due, deadline notices): the copies then start from a school whose background work is done.
    const first = await startFleet(dbUrl(), CITY_PORTS, DATA_DIR)
    await settle(first, '1 школа')
    await first.close()
    await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${q(ONE_DB)} TEMPLATE ${q(DB_NAME)}`))
    fs.cpSync(DATA_DIR, ONE_DATA_DIR, { recursive: true })

    const copyMs = await replicate(SCHOOLS - 1)
    const size = await withClient(dbUrl(), counts)
    const dbBytes = await withClient(dbUrl(), async (c) =>
      Number((await c.query<{ n: string }>(`SELECT pg_database_size(current_database()) AS n`)).rows[0].n),
    )
    console.log(`Город: ${JSON.stringify(size)}, ${(dbBytes / 1e9).toFixed(2)} ГБ; копии за ${secs(copyMs)}`)

    const one = await startFleet(urlFor(ONE_DB), ONE_PORTS, ONE_DATA_DIR)
    fleets.push(one)
    const city = await startFleet(dbUrl(), CITY_PORTS, DATA_DIR)
    fleets.push(city)
    await Promise.all([settle(one, '1 школа'), settle(city, CITY)])
    const ids = await pageIds(schoolId)
    const pages = await measurePages(ids, one, city)
    await one.close()
    fleets.splice(fleets.indexOf(one), 1)
    const batch = await weeklyBatch(samples)
    const served = [...city.served]
    await city.close()
    fleets.length = 0
    const totalMs = performance.now() - started
    const loadAtEnd = load()

    const lines = [
      '## municipal',
      '',
      `\`npx tsx bench/municipal/run.ts --schools ${SCHOOLS} --applications ` +
        `${APPLICATIONS}\` (PG_URL = the server; the script creates and drops`,
      `the database \`${DB_NAME}\` on it) — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version},`,
      `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, PostgreSQL on the same ` +
        `machine; load average (1 / 5 / 15 min) ${loadAtStart} at the`,
      `start and ${loadAtEnd} at the end (other sessions share the machine). Whole run ${secs(totalMs)}.`,
      '',
      `The city: ${size.School} schools, each the seeded demo school ` +
        `(${Math.round(size.Pupil / size.School)} pupils, its journal of the year so far) grown by`,
      `bench/scale/grow.ts to ${PER_SCHOOL} applications — ${size.Application} ` +
        `applications, ${size.ApplicationEvent} events, ${size.Lesson} lessons,`,
      `${size.Mark} marks, ${size.OutboxJob} outbox rows, ≈ ` +
        `${(size.rows / 1e6).toFixed(1)} M rows, ${(dbBytes / 1e9).toFixed(1)} GB. Built in`,
      `${secs(moveMs)} (one school moved in by \`migrate-to-postgres\`, verified) + ` +
        `${secs(copyMs)} (${SCHOOLS - 1} copies by \`INSERT … SELECT\` on the server,`,
      'keys prefixed, each registration log chained again; VACUUM ANALYZE). Before the copies the one school is also kept as a database',
      `of its own (\`${ONE_DB}\`). Each database is served by two production instances (\`node server.js\`, worker on in both,`,
      'TRUST_PROXY) behind its own round-robin proxy; once the workers had nothing left to do, the same pages of the same school were',
      `asked, signed in, through each proxy in turn (one school, then the city, request by request, so the shared machine's load weighs`,
      `on both alike): median of ${REQUESTS} sequential requests after 3 warm-up ones. Target (issue 14): ratio ≤ 1.5.`,
      '',
      `| страница | 1 школа | ${CITY} | ${SCHOOLS} / 1 |`,
      '|---|---|---|---|',
      ...MEASURED.map((p, i) => {
        const [a, b] = [pages.one[i], pages.city[i]]
        return `| ${p.name} | ${a.toFixed(1)} мс | ${b.toFixed(1)} мс | ${(b / a).toFixed(2)} |`
      }),
      '',
      `Запросы к городу через прокси поровну на два экземпляра: ${served.join(' и ')}.`,
      '',
      `Еженедельная пачка: ${(SHARE * 100).toFixed(0)} % обучающихся каждой школы — ` +
        `${count(batch.apps, 'периодическое заявление', 'периодических заявления', 'периодических заявлений')} «еженедельно» во всех`,
      `${size.School} школах, у которых наступила выписка за неделю (вставлены одной транзакцией, пока работают оба экземпляра).`,
      '',
      '| что | значение |',
      '|---|---|',
      `| выписок сделано и писем поставлено в очередь | документы: ${batch.documents}, ` +
        `записи о выдаче: ${batch.deliveries}, письма: ${batch.letters} |`,
      `| время до первой выписки (опрос раз в 0,5 с) | ${secs(batch.firstMs)} |`,
      `| время до последней | ${secs(batch.ms)} (${(batch.apps / (batch.ms / 1000)).toFixed(1)} в секунду) |`,
      `| сделано не ровно один раз (дубли и пропуски) | ${batch.duplicates} |`,
      '| журналы регистрации, что сходятся после пачки (проверка цепочки продукта, с ' +
        `контрольной отметкой) | ${batch.logsOk} из ${batch.schools} |`,
      `| чей проход (аренда задачи periodic-deliveries), pid | ${batch.owners.map((o) => o.split(':')[1]).join(', ') || '—'} |`,
      '',
      'Periodic extracts are a singleton task under a lease row (ADR 042): a pass over the active periodic applications runs on',
      'one instance at a time — whichever takes the lease first, so passes alternate between the two — and the other skips the',
      'task meanwhile. So the batch runs at the rate of one worker, and "exactly once" comes from the lease and the slot keys',
      '(`<application>:periodic:<day>` on the delivery, the document and the letter). Letters wait in the outbox (no SMTP here;',
      'PDF_CONVERSION=off: a PDF is made when a letter goes out, ADR 036, measured by bench/pdf).',
    ]
    console.log(lines.join('\n'))
    writeReadmeSection('municipal', lines.join('\n'))
    if (batch.duplicates || batch.logsOk !== batch.schools) process.exitCode = 3
  } finally {
    for (const f of fleets) await f.close()
    if (!KEEP) await dropDatabases()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
