// Journal benchmark: `npx tsx bench/journal/run.ts` (≈ 1 min). Builds a fresh seeded database in a temp file
// (prisma migrate deploy + the demo seed), then measures with the app's own modules:
//   1. all six kinds of information for one pupil and one quarter, and the forecast;
//   2. the same for every pupil of a class;
//   3. importing 10 000 marks (dry run, apply, the same file again).
// SQL statements are counted through Prisma's query events. The numbers go to bench/README.md («journal»).
import { writeReadmeSection } from '../readme-section'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '../../app/generated/prisma/client'

const ROOT = path.resolve(__dirname, '..', '..')

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', cmd), args, { cwd: ROOT, env, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stdout}${r.stderr}`)
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} мс`

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-bench-'))
  const file = path.join(dir, 'bench.db')
  const url = `file:${file}`
  const env = { ...process.env, DATABASE_URL: url }
  const t = performance.now()
  sh('prisma', ['migrate', 'deploy'], env)
  sh('tsx', ['prisma/seed/index.ts'], env)
  console.log(`База ${file} создана за ${((performance.now() - t) / 1000).toFixed(1)} с`)

  // The app's modules read `globalThis.__db` first: give them a client that reports every statement.
  process.env.DATABASE_URL = url
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }), log: [{ emit: 'event', level: 'query' }] })
  let queries = 0
  client.$on('query', () => queries++)
  ;(globalThis as { __db?: PrismaClient }).__db = client
  const { dbReady } = await import('#app/utils/db.server')
  await dbReady()
  const { KINDS, getForecast, getJournalInformation } = await import('#app/models/journal/index.server')
  const { applyImport, dryRunImport } = await import('#app/import/run.server')
  const { formatDay } = await import('#app/utils/format')

  const measure = async <T>(run: () => Promise<T>) => {
    const q = queries
    const start = performance.now()
    const result = await run()
    return { result, ms: performance.now() - start, queries: queries - q }
  }

  const q1 = await client.reportingPeriod.findFirstOrThrow({ where: { kind: 'quarter', ordinal: 1 } })
  const cls = await client.schoolClass.findFirstOrThrow({ where: { name: '7А' }, include: { pupils: { orderBy: { lastName: 'asc' } } } })
  const pupil = cls.pupils.find((p) => !p.leftOn)!
  const range = { periodId: q1.id }
  const lines: string[] = []
  const row = (what: string, time: string, q: number | string, note = '') => {
    lines.push(`| ${what} | ${time} | ${q} | ${note} |`)
    console.log(`${what}: ${time}, запросов SQL: ${q}${note ? ` (${note})` : ''}`)
  }

  // 1. One pupil, one quarter.
  await getJournalInformation(cls.schoolId, pupil.id, KINDS, range) // warm-up
  const runs = []
  for (let i = 0; i < 20; i++) runs.push(await measure(() => getJournalInformation(cls.schoolId, pupil.id, KINDS, range)))
  const info = runs[0].result!
  const rowsOf = Object.values(info.kinds).reduce((s, k) => s + (k.available ? k.rows.length : 0), 0)
  row(
    `Шесть видов сведений, 1 обучающийся (${cls.name}), ${q1.name}`,
    ms(median(runs.map((r) => r.ms))),
    runs[0].queries,
    `${rowsOf} строк; медиана 20 прогонов`,
  )
  for (const kind of KINDS) {
    const one = await measure(() => getJournalInformation(cls.schoolId, pupil.id, [kind], range))
    const k = one.result!.kinds[kind]!
    row(`  только «${kind}»`, ms(one.ms), one.queries, `${k.available ? k.rows.length : 0} строк`)
  }
  const forecast = await measure(() => getForecast(pupil.id, q1.id))
  row('Прогноз по всем предметам, 1 обучающийся', ms(forecast.ms), forecast.queries)

  // 2. A whole class.
  const all = await measure(async () => {
    for (const p of cls.pupils) await getJournalInformation(cls.schoolId, p.id, KINDS, range)
  })
  row(
    `Шесть видов сведений, весь класс ${cls.name} (${cls.pupils.length} обуч.)`,
    ms(all.ms),
    all.queries,
    `${ms(all.ms / cls.pupils.length)} и ${all.queries / cls.pupils.length} запросов на обучающегося`,
  )

  // 3. 10 000 marks for lessons that have no «Домашняя работа» mark yet.
  const homework = await client.workType.findFirstOrThrow({ where: { name: 'Домашняя работа' } })
  const lessons = await client.lesson.findMany({
    where: { group: { class: { grade: { gte: 2 } } } },
    orderBy: [{ date: 'asc' }, { period: 'asc' }],
    select: {
      id: true,
      date: true,
      period: true,
      group: {
        select: {
          name: true,
          wholeClass: true,
          class: { select: { name: true } },
          members: { select: { fromDate: true, toDate: true, pupil: true } },
        },
      },
      marks: { where: { workTypeId: homework.id }, select: { pupilId: true } },
    },
  })
  const csv = [['Класс', 'Группа', 'Дата', 'Урок', 'Обучающийся', 'Дата рождения', 'Вид работы', 'Оценка'].join(';')]
  outer: for (const l of lessons) {
    const marked = new Set(l.marks.map((m) => m.pupilId))
    for (const m of l.group.members) {
      if (m.fromDate > l.date || (m.toDate && m.toDate < l.date) || marked.has(m.pupil.id)) continue
      const p = m.pupil
      csv.push(
        [
          l.group.class.name,
          l.group.wholeClass ? '' : `"${l.group.name}"`,
          formatDay(l.date),
          l.period,
          `${p.lastName} ${p.firstName} ${p.middleName}`,
          formatDay(p.birthDate),
          homework.name,
          String(2 + (csv.length % 4)),
        ].join(';'),
      )
      if (csv.length > 10_000) break outer
    }
  }
  const bytes = new TextEncoder().encode(csv.join('\n'))
  const input = { schoolId: cls.schoolId, kind: 'marks' as const, fileName: 'marks-10000.csv', bytes }
  const marksBefore = await client.mark.count()
  const dry = await measure(() => dryRunImport(input))
  if (!dry.result.ok) throw new Error(`dry run: ${JSON.stringify(dry.result.errors.slice(0, 3))}`)
  row(`Импорт 10 000 оценок: проверка (${(bytes.length / 1024 / 1024).toFixed(2)} МБ CSV)`, ms(dry.ms), dry.queries)
  const apply = await measure(() => applyImport(input))
  row('Импорт 10 000 оценок: запись одной транзакцией', ms(apply.ms), apply.queries, `добавлено ${apply.result.counts.created}`)
  const again = await measure(() => applyImport(input))
  row(
    'Импорт того же файла повторно',
    ms(again.ms),
    again.queries,
    `добавлено ${again.result.counts.created}, без изменений ${again.result.counts.unchanged}`,
  )
  if ((await client.mark.count()) !== marksBefore + 10_000 || again.result.counts.created !== 0) throw new Error('импорт не идемпотентен')

  await client.$disconnect()
  fs.rmSync(dir, { recursive: true, force: true })
  writeReadme(lines)
}

function writeReadme(lines: string[]) {
  const section = [
    '## journal',
    '',
    `\`npx tsx bench/journal/run.ts\`, ${new Date().toISOString().slice(0, 10)}, Node ` +
      `${process.version}, ${os.cpus()[0]?.model ?? 'CPU'}; свежая демо-база (SQLite, better-sqlite3).`,
    'Число запросов SQL не зависит от числа оценок и уроков: у каждого вида сведений — постоянный небольшой набор запросов.',
    '',
    '| Что | Время | Запросов SQL | Примечание |',
    '|---|---|---|---|',
    ...lines,
    '',
  ].join('\n')
  writeReadmeSection('journal', section)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
