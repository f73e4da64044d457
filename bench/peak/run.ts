// Peak benchmark (issue 14, ADR 047): `npx tsx bench/peak/run.ts [--seconds 15] [--port 3392]`.
// The parent meeting: many parents open the e-diary at once while someone else opens /deadlines. The production
// server (node server.js, worker off) on a copy of the demo school; a load driver keeps 10, then 50 connections busy
// with the demo parent's e-diary (keep-alive, each connection asks again as soon as it is answered), while a second
// client asks /deadlines every 100 ms. Run twice: with the overload guard as shipped (HEAVY_CONCURRENCY=2) and with
// it opened wide (HEAVY_CONCURRENCY=64, the server as it was before). A small node:http driver instead of
// autocannon: the product's node_modules are installed offline and autocannon is not among them.
// Prints the table and writes it to bench/README.md («peak»), with the machine's load average.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { writeReadmeSection } from '../readme-section'

const ROOT = path.resolve(__dirname, '..', '..')
const OUT = path.join(ROOT, 'bench', 'out', 'peak')
const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1]]))
const SECONDS = Number(args.get('--seconds') ?? 15)
// --port: another port when other benchmarks share the machine.
const PORT = Number(args.get('--port') ?? 3392)
const BASE = `http://127.0.0.1:${PORT}`
// Longer than the server's own limit (REQUEST_TIMEOUT_SECONDS=30): a timeout here means the server did not answer.
const CLIENT_TIMEOUT_MS = 35_000
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name)

/** The seeded demo school, made once (bench/out/peak/base.db). */
function demoDatabase(): string {
  fs.mkdirSync(OUT, { recursive: true })
  const base = path.join(OUT, 'base.db')
  if (!fs.existsSync(base)) {
    console.log('Демо-школа: миграции и заполнение…')
    const env = { ...process.env, DATABASE_URL: `file:${base}.part` }
    for (const [cmd, argv] of [
      [bin('prisma'), ['migrate', 'deploy']],
      [bin('tsx'), ['prisma/seed/index.ts']],
    ] as const) {
      const r = spawnSync(cmd, argv, { cwd: ROOT, env, encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`${cmd}: ${r.stdout}${r.stderr}`)
    }
    fs.renameSync(`${base}.part`, base)
  }
  const copy = path.join(OUT, 'run.db')
  for (const s of ['', '-wal', '-shm']) fs.rmSync(copy + s, { force: true })
  fs.copyFileSync(base, copy)
  return copy
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const pct = (xs: number[], p: number) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))] : NaN)

type Result = { status: number; ms: number } | { status: 'timeout' | 'error'; ms: number }

function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<Result> {
  const t = performance.now()
  return new Promise((resolve) => {
    const req = http.get(url, { agent, headers, timeout: CLIENT_TIMEOUT_MS }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t }))
    })
    req.on('timeout', () => {
      req.destroy()
      resolve({ status: 'timeout', ms: performance.now() - t })
    })
    req.on('error', () => resolve({ status: 'error', ms: performance.now() - t }))
  })
}

/** `connections` loops asking `url` until `seconds` pass; answers per status and the e-diary's throughput. */
async function load(url: string, cookie: string, connections: number, seconds: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const end = performance.now() + seconds * 1000
  const results: Result[] = []
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) results.push(await get(agent, url, { Cookie: cookie }))
    }),
  )
  agent.destroy()
  const ok = results.filter((r) => r.status === 200)
  return {
    ok: ok.length,
    perSecond: ok.length / seconds,
    p50: pct(
      ok.map((r) => r.ms),
      0.5,
    ),
    busy: results.filter((r) => r.status === 503).length,
    timeouts: results.filter((r) => r.status === 'timeout').length,
    other: results.filter((r) => r.status !== 200 && r.status !== 503 && r.status !== 'timeout').length,
  }
}

/** /deadlines every 100 ms until `stop` resolves. */
async function probe(stop: Promise<unknown>) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  let done = false
  void stop.then(() => (done = true))
  const results: Result[] = []
  while (!done) {
    results.push(await get(agent, `${BASE}/deadlines`, {}))
    await new Promise((r) => setTimeout(r, 100))
  }
  agent.destroy()
  const ok = results.filter((r) => r.status === 200).map((r) => r.ms)
  return {
    asked: results.length,
    ok: ok.length,
    p50: pct(ok, 0.5),
    p99: pct(ok, 0.99),
    max: Math.max(...results.map((r) => r.ms)),
    timeouts: results.filter((r) => r.status === 'timeout').length,
  }
}

async function waitFor(url: string, child: ChildProcess) {
  for (let i = 0; i < 480; i++) {
    if (child.exitCode !== null) throw new Error(`сервер завершился (${child.exitCode})`)
    try {
      if ((await fetch(url)).status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`нет ответа от ${url}`)
}

async function signIn(): Promise<string> {
  const res = await fetch(`${BASE}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
    body: new URLSearchParams({ login: 'parent', password: 'demo2026', redirectTo: '' }),
  })
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  if (!cookie) throw new Error(`вход parent: ${res.status}`)
  return cookie
}

type Row = { guard: string; connections: number; diary: Awaited<ReturnType<typeof load>>; deadlines: Awaited<ReturnType<typeof probe>> }

async function measure(
  guard: string,
  heavyConcurrency: number,
  heavyQueue: number,
): Promise<{ idle: Awaited<ReturnType<typeof probe>>; rows: Row[] }> {
  const file = demoDatabase()
  const conn = new Database(file, { readonly: true })
  const pupil = (
    conn
      .prepare(
        'SELECT l."pupilId" AS id FROM "User" u JOIN "Guardian" g ON g."userId" = u."id" JOIN ' +
          `"GuardianLink" l ON l."guardianId" = g."id" WHERE u."login" = 'parent' LIMIT 1`,
      )
      .get() as { id: string }
  ).id
  conn.close()
  const server = spawn(process.execPath, ['server.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEMO: '1',
      DISABLE_WORKER: 'true',
      PORT: String(PORT),
      DATABASE_URL: `file:${file}`,
      DATA_DIR: path.join(OUT, 'data'),
      RENDER_THREADS: '1',
      PDF_CONVERSION: 'off',
      HEAVY_CONCURRENCY: String(heavyConcurrency),
      HEAVY_QUEUE: String(heavyQueue),
      REQUEST_TIMEOUT_SECONDS: '30',
    },
  })
  try {
    await waitFor(`${BASE}/healthz`, server)
    const cookie = await signIn()
    const diary = `${BASE}/parent/children/${pupil}`
    for (let i = 0; i < 5; i++) await get(new http.Agent(), diary, { Cookie: cookie }) // warm up
    const idle = await probe(new Promise((r) => setTimeout(r, 5000)))
    const rows: Row[] = []
    for (const connections of [10, 50]) {
      const running = load(diary, cookie, connections, SECONDS)
      const deadlines = await probe(running)
      rows.push({ guard, connections, diary: await running, deadlines })
      console.log(guard, connections, JSON.stringify(rows[rows.length - 1]))
      await new Promise((r) => setTimeout(r, 3000)) // let the server drain
    }
    return { idle, rows }
  } finally {
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
  }
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' })
  const loadBefore = os.loadavg()
  const shipped = await measure('очередь (2; ждут ≤ 200, ≤ 10 с)', 2, 200)
  const open = await measure('без очереди', 64, 1000)
  const loadAfter = os.loadavg()
  const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : '—')
  const lines = [
    '## peak',
    '',
    `\`npx tsx bench/peak/run.ts --seconds ${SECONDS}\` — the production build (\`node server.js\`, worker off) on the seeded demo school.`,
    "A node:http load driver keeps 10, then 50 keep-alive connections asking the demo parent's e-diary",
    `(\`/parent/children/<id>\`, ${SECONDS} s each) while a second client asks \`/deadlines\` every 100 ms (client timeout`,
    `${CLIENT_TIMEOUT_MS / 1000} s, beyond the server's own 30 s limit). «очередь» is the server as shipped (HEAVY_CONCURRENCY=2,`,
    'HEAVY_QUEUE=200; a diary waits while its turn is expected within 10 s, a third of the time limit, ADR 080 — beyond',
    'that 503 with Retry-After at once); «без очереди» sets HEAVY_CONCURRENCY=64 — every',
    'connection runs at once, the server as it was before ADR 047.',
    '',
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on a shared machine with ${os.cpus().length} cores and a load`,
    `average of ${loadBefore.map((x) => x.toFixed(1)).join(' / ')} at the start and ` +
      `${loadAfter.map((x) => x.toFixed(1)).join(' / ')} at the end (1 / 5 / 15 min): other`,
    'sessions were building and testing at the same time, so absolute times are several times slower than on an idle',
    'machine and vary from run to run; the comparison between the two servers, measured one after the other, is the point.',
    '',
    '| server | idle /deadlines p50 / p99, ms | connections | e-diary answers/s | e-diary p50, ms | e-diary 503 ' +
      '/ timeouts | /deadlines answered | /deadlines p50 / p99 / max, ms | /deadlines timeouts |',
    '|---|---|---|---|---|---|---|---|---|',
  ]
  for (const m of [shipped, open]) {
    for (const r of m.rows) {
      lines.push(
        `| ${r.guard} | ${ms(m.idle.p50)} / ${ms(m.idle.p99)} | ${r.connections} | ${r.diary.perSecond.toFixed(1)} | ` +
          `${ms(r.diary.p50)} | ${r.diary.busy} / ${r.diary.timeouts} | ${r.deadlines.ok} of ${r.deadlines.asked} | ` +
          `${ms(r.deadlines.p50)} / ${ms(r.deadlines.p99)} / ${ms(r.deadlines.max)} | ${r.deadlines.timeouts} |`,
      )
    }
  }
  lines.push(
    '',
    'The driver asks again as soon as it is answered, a 503 included (it does not honour Retry-After), so «503» counts',
    'the immediate refusals of a full queue, not parents turned away for good; «e-diary p50» is over the 200 answers.',
    "Targets of issue 14: /deadlines p99 ≤ 10× its idle p99, no timeouts, the e-diary's throughput at 50 connections",
    '≥ at 10.',
  )
  const section = lines.join('\n')
  console.log(section)
  writeReadmeSection('peak', `${section}\n`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
