// The parent's e-diary on a grown journal: `npx tsx bench/journal/diary.ts` (≈ 5 min). Builds two fresh demo
// databases — the autumn term as of 05.12.2026 and a full school year (550 pupils, lessons to 26.05.2027) — and
// times the week view and the period views of one pupil (the demo parent's child) with the app's own modules, in a
// child process per database. Issue 16 asks the week and the period views on a full year to stay within 2× of
// today's quarter page (the period view of the current quarter in the autumn database). Writes «journal-diary» in
// bench/README.md.
import { writeReadmeSection } from '../readme-section'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

const ROOT = path.resolve(__dirname, '..', '..')
const RUNS = 15

type Measured = { what: string; ms: number; queries: number; note: string }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} мс`

/** In the child: seed the database as of `today`, then measure. Prints one JSON line. */
async function child(file: string, today: string, week: string) {
  const url = `file:${file}`
  process.env.DATABASE_URL = url
  const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3')
  const { PrismaClient } = await import('../../app/generated/prisma/client')
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }), log: [{ emit: 'event', level: 'query' }] })
  let queries = 0
  client.$on('query', () => queries++)
  ;(globalThis as { __db?: unknown }).__db = client
  const { dbReady } = await import('#app/utils/db.server')
  await dbReady()
  const { writeDemoSchool } = await import('../../prisma/seed/write')
  const started = performance.now()
  await writeDemoSchool(client as never, today)
  const seeded = (performance.now() - started) / 1000
  const { getDiaryPeriod, getDiaryWeek } = await import('#app/models/journal/diary.server')
  const parent = await client.user.findUniqueOrThrow({
    where: { login: 'parent' },
    include: { guardian: { include: { links: { include: { pupil: { include: { class: true } } } } } } },
  })
  const pupil = parent.guardian!.links[0].pupil
  const [lessons, marks] = await Promise.all([client.lesson.count(), client.mark.count()])
  const out: Measured[] = []
  const measure = async (what: string, run: () => Promise<unknown>, note: (r: unknown) => string) => {
    await run() // warm-up
    const times: number[] = []
    let q = 0
    let last: unknown
    for (let i = 0; i < RUNS; i++) {
      const before = queries
      const t = performance.now()
      last = await run()
      times.push(performance.now() - t)
      q = queries - before
    }
    out.push({ what, ms: median(times), queries: q, note: note(last) })
  }
  const opts = { today }
  type Week = Awaited<ReturnType<typeof getDiaryWeek>>
  type Period = Awaited<ReturnType<typeof getDiaryPeriod>>
  const lessonsOf = (w: unknown) => `${(w as Week)!.days.reduce((n, d) => n + d.lessons.length, 0)} уроков`
  const marksOf = (p: unknown) => {
    const r = (p as Period)!.result
    return r.available ? `${r.subjects.length} предметов, ${r.subjects.reduce((n, s) => n + s.marks.length, 0)} оценок` : r.reason
  }
  await measure('Неделя', () => getDiaryWeek(pupil.schoolId, pupil.id, week, opts), lessonsOf)
  await measure('Оценки за текущую четверть', () => getDiaryPeriod(pupil.schoolId, pupil.id, null, opts), marksOf)
  await measure('Оценки за учебный год', () => getDiaryPeriod(pupil.schoolId, pupil.id, 'year', opts), marksOf)
  await measure('За весь период ведения журнала', () => getDiaryPeriod(pupil.schoolId, pupil.id, 'all', opts), marksOf)
  await client.$disconnect()
  console.log(JSON.stringify({ seeded, lessons, marks, pupil: `${pupil.class.name}`, out }))
}

function build(label: string, today: string, week: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diary-bench-'))
  const file = path.join(dir, 'bench.db')
  const env = { ...process.env, DATABASE_URL: `file:${file}` }
  const migrate = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'prisma'), ['migrate', 'deploy'], { cwd: ROOT, env, encoding: 'utf8' })
  if (migrate.status !== 0) throw new Error(`prisma migrate deploy: ${migrate.stdout}${migrate.stderr}`)
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [__filename, '--child', file, today, week], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  fs.rmSync(dir, { recursive: true, force: true })
  if (run.status !== 0) throw new Error(`${label}: ${run.stdout}${run.stderr}`)
  const line = run.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1)!
  const result = JSON.parse(line) as { seeded: number; lessons: number; marks: number; pupil: string; out: Measured[] }
  console.log(`${label}: ${result.lessons} уроков, ${result.marks} оценок, демо-школа за ${result.seeded.toFixed(0)} с`)
  for (const m of result.out) console.log(`  ${m.what}: ${ms(m.ms)}, ${m.queries} запросов (${m.note})`)
  return result
}

async function main() {
  if (process.argv[2] === '--child') return child(process.argv[3], process.argv[4], process.argv[5])
  const autumn = build('Осень (на 05.12.2026)', '2026-12-05', '2026-11-23')
  const year = build('Полный учебный год (на 26.05.2027)', '2027-05-26', '2027-05-17')
  const baseline = autumn.out.find((m) => m.what === 'Оценки за текущую четверть')!.ms
  const rows = [...autumn.out.map((m) => ({ db: 'осень', ...m })), ...year.out.map((m) => ({ db: 'полный год', ...m }))].map(
    (m) => `| ${m.db} | ${m.what} | ${ms(m.ms)} | ${(m.ms / baseline).toFixed(2).replace('.', ',')}× | ${m.queries} | ${m.note} |`,
  )
  const section = [
    '## journal-diary',
    '',
    `\`npx tsx bench/journal/diary.ts\`, ${new Date().toISOString().slice(0, 10)}, Node ` +
      `${process.version}, ${os.cpus()[0]?.model ?? 'CPU'} (${os.cpus().length} ядра); две свежие демо-базы:`,
    `осень — ${autumn.lessons} уроков, ${autumn.marks} оценок; полный учебный год — ` +
      `${year.lessons} уроков, ${year.marks} оценок (550 обучающихся).`,
    `Обучающийся — ребёнок демо-родителя \`parent\` (${year.pupil}); медиана ${RUNS} ` +
      `прогонов модели страницы (\`getDiaryWeek\`, \`getDiaryPeriod\`).`,
    'База для сравнения — «оценки за текущую четверть» на осенней базе (страница, ' +
      'которую родитель открывает сегодня); цель issue 16 — не больше 2×.',
    '',
    '| База | Вид | Время | К четверти осенью | Запросов SQL | Данных |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n')
  writeReadmeSection('journal-diary', section)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
