// Scale benchmark: `npx tsx bench/scale/run.ts [--sizes 1000,10000,100000,1000000] [--requests 20] [--warmup 200] [--profile]
// [--trace] [--port 3390] [--cpu] [--root DIR]`.
// For each size a copy of the demo school grown to N applications (grow.ts; made once, kept in bench/out/scale),
// served by the production server (node server.js, worker off), signed in as each role over HTTP. Each page: `--warmup`
// requests, then the median of `--requests` sequential ones. Beside it a bare node:http server (bare.ts) runs the same
// SELECT statements with better-sqlite3. Prints the table and writes it to bench/README.md («scale»).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { median, signIn, timeGet } from '../http'
import { writeReadmeSection } from '../readme-section'
import { baseAndSamples, grow } from './grow'
import { PAGES, ROTATION_WARM, type Ids, type Who } from './pages'

const ROOT = path.resolve(__dirname, '..', '..')
const OUT = path.join(ROOT, 'bench', 'out', 'scale')
const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]))
const SIZES = (args.get('--sizes') ?? '1000,10000,100000').split(',').map(Number)
const REQUESTS = Number(args.get('--requests') ?? 20)
// A running server is warm: after 3 requests the first pages measured were V8 still compiling (the queue 37 ms, 17 ms
// once warm); the bare server warms up as many times.
const WARMUP = Number(args.get('--warmup') ?? 200)
// --port: the server's port (the bare one's is the next) when other benchmarks share the machine.
const APP_PORT = Number(args.get('--port') ?? 3390)
const BARE_PORT = APP_PORT + 1
// --cpu: besides the wall-clock medians, each server's CPU time per view over the measured requests (/proc/<pid>/stat),
// which a machine shared with other sessions disturbs far less than wall time (ADR 122). --root: serve another
// checkout's build (its server.js and build/) on this runner's database copies — an A/B run of two builds, interleaved.
const CPU = args.has('--cpu')
const SERVER_ROOT = path.resolve(args.get('--root') ?? ROOT)
const TICK_MS = 1000 / Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100)

/** Milliseconds of CPU (user + system) the process has used so far. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}
const TOKEN = 'bench-portal-token-0123456789abcdef'

async function waitFor(url: string, child: ChildProcess, seconds = 120) {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) throw new Error(`процесс завершился (${child.exitCode}) до готовности ${url}`)
    try {
      if ((await fetch(url)).status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`нет ответа от ${url}`)
}

/** An open application (with a portal client), and the demo parent's first child, in the grown copy. */
function prepareIds(file: string): Ids {
  const conn = new Database(file)
  const [app, portal] = conn
    .prepare(`SELECT "id" FROM "Application" WHERE "status" = 'in_review' ORDER BY "receivedAt" DESC LIMIT 2`)
    .all() as { id: string }[]
  // For the rotating page: applications of every state, spread over the copy, none of them the two above.
  const others = (
    conn
      .prepare(`SELECT "id" FROM "Application" WHERE "id" NOT IN (?, ?) ORDER BY "registrationDue" DESC LIMIT ?`)
      .all(app.id, portal.id, (ROTATION_WARM + REQUESTS) * 7) as { id: string }[]
  )
    .filter((_, n) => n % 7 === 3)
    .map((row) => row.id)
  conn.prepare(`UPDATE "Application" SET "channel" = 'portal', "apiClientId" = 'env' WHERE "id" = ?`).run(portal.id)
  // grow.ts copied the samples' rows with their closing numbers (ADR 075: a row inserted with its number keeps it), so
  // a copy grown before 2026-12-06 holds numbers above the school's last one and every such closed application counted
  // as «rest», open work, at every view after a write. The database's own rule, kept: `closings` is the last number.
  conn.exec(
    `UPDATE "ApplicationStamp" SET "closings" = MAX("closings", ` +
      `(SELECT COALESCE(MAX("closedSeq"), 0) FROM "Application" a WHERE a."schoolId" = "ApplicationStamp"."schoolId"))`,
  )
  const pupil = conn
    .prepare(
      'SELECT l."pupilId" AS id FROM "User" u JOIN "Guardian" g ON g."userId" = u."id" JOIN ' +
        `"GuardianLink" l ON l."guardianId" = g."id" WHERE u."login" = 'parent' LIMIT 1`,
    )
    .get() as { id: string }
  conn.close()
  return { application: app.id, pupil: pupil.id, apiApplication: portal.id, others }
}

type Measured = { app: number[]; bare: number[]; appCpu: number[]; bareCpu: number[] }

async function measureSize(n: number): Promise<Measured> {
  const file = path.join(OUT, `scale-${n}.db`)
  baseAndSamples() // made again when a migration, the seed or the samples changed
  if (!fs.existsSync(file)) grow(n)
  const ids = prepareIds(file)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: `file:${file}`,
    DISABLE_WORKER: 'true',
    NODE_ENV: 'production',
    PORTAL_API_TOKEN: TOKEN,
    DATA_DIR: path.join(OUT, 'data'),
    RENDER_THREADS: '1',
  }
  const app = spawn(process.execPath, ['server.js'], {
    cwd: SERVER_ROOT,
    env: { ...env, PORT: String(APP_PORT) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  let bare: ChildProcess | null = null
  try {
    await waitFor(`http://localhost:${APP_PORT}/healthz`, app)
    const cookies = {
      responsible: await signIn(APP_PORT, 'responsible'),
      director: await signIn(APP_PORT, 'director'),
      parent: await signIn(APP_PORT, 'parent'),
      api: '',
    } satisfies Record<Who, string>
    const loaderEnv = { ...env, BENCH_COOKIES: JSON.stringify(cookies), BENCH_IDS: JSON.stringify(ids) }
    if (args.has('--trace')) {
      // Each page's loader in another process, every slow statement printed as it ends (bench/scale/trace.ts).
      spawnSync(process.execPath, ['--import', 'tsx', 'bench/scale/trace.ts'], { cwd: ROOT, env: loaderEnv, stdio: 'inherit' })
      return { app: [], bare: [], appCpu: [], bareCpu: [] }
    }
    // node itself (tsx as its loader), not the tsx launcher: killing the launcher left its node child serving the
    // previous size's database on the same port, and the next size measured that one.
    bare = spawn(process.execPath, ['--import', 'tsx', 'bench/scale/bare.ts'], {
      cwd: ROOT,
      env: { ...loaderEnv, BARE_PORT: String(BARE_PORT), BARE_PROFILE: args.has('--profile') ? '1' : '0' },
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    await waitFor(`http://127.0.0.1:${BARE_PORT}/0/0`, bare, 900) // at 1 M it replays a cold count first
    const result: Measured = { app: [], bare: [], appCpu: [], bareCpu: [] }
    for (const [i, page] of PAGES.entries()) {
      const headers: Record<string, string> = page.who === 'api' ? { Authorization: `Bearer ${TOKEN}` } : { Cookie: cookies[page.who] }
      // Which of ids.others a rotating page opens: the first few over and over while warming up, then a new one each time.
      const warmK = (w: number) => (page.rotates ? w % ROTATION_WARM : 0)
      const measuredK = (r: number) => (page.rotates ? ROTATION_WARM + r : 0)
      const url = (k: number) => `http://localhost:${APP_PORT}${page.path(ids, k)}`
      const bareUrl = (k: number) => `http://127.0.0.1:${BARE_PORT}/${i}/${k}`
      for (let w = 0; w < WARMUP; w++) await timeGet(url(warmK(w)), headers)
      const appTimes: number[] = []
      const appCpu = cpuMs(app.pid!)
      for (let r = 0; r < REQUESTS; r++) appTimes.push(await timeGet(url(measuredK(r)), headers))
      result.appCpu.push((cpuMs(app.pid!) - appCpu) / REQUESTS)
      const bareTimes: number[] = []
      for (let w = 0; w < WARMUP; w++) await timeGet(bareUrl(warmK(w)), {})
      const bareCpu = cpuMs(bare.pid!)
      for (let r = 0; r < REQUESTS; r++) bareTimes.push(await timeGet(bareUrl(measuredK(r)), {}))
      result.bareCpu.push((cpuMs(bare.pid!) - bareCpu) / REQUESTS)
      result.app.push(median(appTimes))
      result.bare.push(median(bareTimes))
      const [a, b] = [result.appCpu[i], result.bareCpu[i]]
      console.log(
        `${String(n).padStart(8)}  ${page.name}: ${median(appTimes).toFixed(1)} мс (голый сервер ${median(bareTimes).toFixed(1)} мс)` +
          (CPU ? `; CPU/просмотр ${a.toFixed(2)} мс (голый ${b.toFixed(2)} мс, ×${(a / b).toFixed(1)})` : ''),
      )
    }
    return result
  } finally {
    bare?.kill('SIGKILL')
    app.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    app.kill('SIGKILL')
  }
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  const results = new Map<number, Measured>()
  for (const n of SIZES) results.set(n, await measureSize(n))
  if (args.has('--trace')) return // statements printed, nothing measured
  // An A/B or CPU run prints its lines (above) and leaves bench/README.md's table as it is.
  if (CPU || SERVER_ROOT !== ROOT) return
  const first = SIZES[0]
  const last = SIZES[SIZES.length - 1]
  const k = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000} M` : `${n / 1000} k`)
  const lines = [
    '## scale',
    '',
    `\`npx tsx bench/scale/run.ts --sizes ${SIZES.join(',')}${REQUESTS === 20 ? '' : ` --requests ${REQUESTS}`}\` ` +
      `— median of ${REQUESTS} ` +
      `sequential requests of a signed-in user after ${WARMUP} warm-up ones, production`,
    'build (`node server.js`, worker off), on copies of the demo school grown by ' +
      '`bench/scale/grow.ts` (applications cloned from samples the real',
    'procedure wrote; events, registration log, outbox, deliveries, stored ' +
      'answers, audit). «Голый» — node:http + better-sqlite3 running the',
    "same SELECT statements the page's loaders sent (the root's and the route's; bench/scale/bare.ts). " +
      'Targets: largest / smallest ≤ 1.5; page ≤ 2× bare.',
    '',
    `| страница | ${SIZES.map(k).join(' | ')} | ${k(last)} / ${k(first)} | голый ${k(last)} | страница / голый |`,
    `|---|${SIZES.map(() => '---|').join('')}---|---|---|`,
    ...PAGES.map((p, i) => {
      const at = (n: number) => results.get(n)!.app[i]
      const bareLast = results.get(last)!.bare[i]
      return (
        `| ${p.name} | ${SIZES.map((n) => `${at(n).toFixed(1)} мс`).join(' | ')} | ` +
        `${(at(last) / at(first)).toFixed(2)} | ${bareLast.toFixed(1)} мс | ${(at(last) / bareLast).toFixed(1)} |`
      )
    }),
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on the 2-core development machine.`,
  ]
  console.log(lines.join('\n'))
  writeReadmeSection('scale', lines.join('\n'))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
