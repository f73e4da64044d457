// The dashboard's period figures on a grown copy (issue 14, ADR 075), in-process, without a server:
//   DATABASE_URL=file:bench/out/dash/100k.db npx tsx bench/dash/measure.ts [--profile] [--writes 3] [--forget-days] [--task]
// Times countPeriodMetrics for the default period (1 September to today) of the copy's school: (a) cold — the first
// call of this process (with the days stored by an earlier one, ADR 078, 083), (b) repeated — the same call again, (c)
// after a write — one open application updated through Prisma (the stamp triggers move the school's stamp on, as any
// write of the door does), then the call again; (d) after a closing — the same application withdrawn through Prisma
// (closedAt set: the triggers give it the next closing number), then the call again. --profile runs each SELECT of
// the cold view (with --after: of the last view after a write) again alone with better-sqlite3 and prints it with its
// time and EXPLAIN QUERY PLAN, slowest first. --task runs the worker's count of the default period first (ADR 092,
// timed as «task»): «cold» is then the director's first view after it.
// Use a COPY of a grown database: the writes change it.
import os from 'node:os'
import Database from 'better-sqlite3'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/generated/prisma/client'

const url = process.env.DATABASE_URL as string
const args = process.argv.slice(2)
const PROFILE = args.includes('--profile')
const WRITES = args.includes('--writes') ? Number(args[args.indexOf('--writes') + 1]) : 3

type Query = { query: string; params: string; ms: number }
let captured: Query[] = []
if (!/^postgres/.test(url)) {
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }), log: [{ emit: 'event', level: 'query' }] })
  client.$on('query', (e) => captured.push({ query: e.query, params: e.params, ms: e.duration }))
  ;(globalThis as { __db?: unknown }).__db = client
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')

async function main() {
  const { db } = await import('#app/utils/db.server')
  const { getPeriodMetrics, defaultPeriod } = await import('#app/models/dashboard.server')
  const school = await db.school.findFirstOrThrow({ select: { id: true, timeZone: true } })
  const now = new Date()
  const range = defaultPeriod(now, school.timeZone)
  const view = async (label: string) => {
    captured = []
    const t = performance.now()
    const m = await getPeriodMetrics(school.id, range, new Date(), school.timeZone)
    const ms = performance.now() - t
    console.log(
      `${label.padEnd(12)} ${ms.toFixed(0).padStart(7)} ms  statements ` +
        `${String(captured.length).padStart(3)}  applications ${m.applications}  load ${load()}`,
    )
    return ms
  }
  // --forget-days: the stored days (ADR 078) dropped first, so «cold» is the first view after the migration; without
  // it, «cold» is a process start that reads them back.
  if (args.includes('--forget-days')) {
    await db.settledDay.deleteMany({ where: { schoolId: school.id } })
    await db.openDay.deleteMany({ where: { schoolId: school.id } })
  }
  if (args.includes('--task')) {
    const { countDashboardFigures } = await import('#app/jobs/dashboard-figures.server')
    const t = performance.now()
    await countDashboardFigures(now)
    console.log(`${'task'.padEnd(12)} ${(performance.now() - t).toFixed(0).padStart(7)} ms  load ${load()}`)
  }
  const cold = await view('cold')
  const coldQueries = captured
  let afterQueries: Query[] = []
  const repeated: number[] = []
  for (let i = 0; i < 3; i++) repeated.push(await view('repeated'))
  // Open applications of the period (a write outside it changes none of its days, ADR 083).
  const { startOfLocalDay } = await import('#workflows/time')
  const open = await db.application.findMany({
    where: { schoolId: school.id, closedAt: null, receivedAt: { gte: startOfLocalDay(range.from, school.timeZone) } },
    orderBy: { receivedAt: 'desc' },
    select: { id: true },
    take: WRITES,
  })
  const after: number[] = []
  const closing: number[] = []
  for (const [i, app] of open.entries()) {
    await db.application.update({ where: { id: app.id }, data: { pupilName: `Пробный ${i} ${Date.now()}` } })
    after.push(await view('after write'))
    afterQueries = captured
    await db.application.update({ where: { id: app.id }, data: { status: 'withdrawn', closedAt: new Date() } })
    closing.push(await view('after close'))
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  console.log(
    `SUMMARY cold ${cold.toFixed(0)} ms; repeated ${med(repeated).toFixed(0)} ms; after write ${med(after).toFixed(0)} ms; ` +
      `after close ${closing.length ? med(closing).toFixed(0) : '—'} ms (medians); load ${load()}`,
  )
  const { keptStats } = (await import('#app/models/period-metrics.server')) as { keptStats?: unknown }
  if (keptStats) console.log('kept:', JSON.stringify(keptStats))
  const { dayStats } = (await import('#app/models/settled-days.server')) as { dayStats?: unknown }
  if (dayStats) console.log('days:', JSON.stringify(dayStats))
  const { openStats } = (await import('#app/models/open-days.server')) as { openStats?: unknown }
  if (openStats) console.log('open days:', JSON.stringify(openStats))
  if (PROFILE) profile(args.includes('--after') ? afterQueries : coldQueries)
  await db.$disconnect()
}

/**
 * Each statement of the cold view run again alone with better-sqlite3 (Prisma's own durations overlap: the view runs
 * its statements in Promise.all), slowest first, with SQLite's plan.
 */
function profile(queries: Query[]) {
  const raw = new Database(url.replace(/^file:/, ''))
  // The adapter binds a DateTime as the text it stores ('…+00:00'); the log shows it as ISO.
  const bind = (p: unknown) => (typeof p === 'boolean' ? Number(p) : typeof p === 'string' && ISO.test(p) ? p.replace(/Z$/, '+00:00') : p)
  const runs = queries
    .filter((q) => /^\s*SELECT/i.test(q.query))
    .map((q) => {
      const stmt = raw.prepare(q.query)
      const params = (JSON.parse(q.params) as unknown[]).map(bind)
      const t = performance.now()
      stmt.all(...params)
      const ms = performance.now() - t
      const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${q.query}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail)
      return { ...q, ms, plan }
    })
  const total = runs.reduce((n, q) => n + q.ms, 0)
  console.log(`\ncold statements: ${runs.length}, ${total.toFixed(0)} ms one after another`)
  for (const q of runs.sort((a, b) => b.ms - a.ms).slice(0, 40))
    console.log(
      `${q.ms.toFixed(1).padStart(8)} ms  ${q.query
        .replace(/\s+/g, ' ')
        .replace(/`main`\./g, '')
        .slice(0, 700)}\n${q.plan.map((p) => `            | ${p}`).join('\n')}`,
    )
}
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
