// The bare comparison server for bench/scale: calls each page's real loader twice with a client that reports every
// statement of the second call, then serves GET /<page index>/<k> from plain node:http by running the same SELECT statements with
// better-sqlite3 and answering their rows as JSON — the floor of what the page's data costs without Remix, Prisma
// and rendering. Started by run.ts with DATABASE_URL, BARE_PORT, BENCH_COOKIES and BENCH_IDS in its environment.
import http from 'node:http'
import Database from 'better-sqlite3'
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/generated/prisma/client'
import { callLoader, PAGES, type Ids } from './pages'

type Query = { query: string; params: string }
const url = process.env.DATABASE_URL as string
const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }), log: [{ emit: 'event', level: 'query' }] })
let captured: Query[] = []
client.$on('query', (e) => captured.push({ query: e.query, params: e.params }))
;(globalThis as { __db?: unknown }).__db = client

async function main() {
  const raw = new Database(url.replace(/^file:/, ''), { readonly: true })
  type Plan = Array<{ stmt: Database.Statement; params: unknown[] }>
  // plans[page][k]: a rotating page has one for each of ids.others (run.ts opens each by its k), the others one.
  const ids = JSON.parse(process.env.BENCH_IDS as string) as Ids
  const plans: Plan[][] = []
  for (const page of PAGES) {
    const kept: Plan[] = []
    for (let k = 0; k < (page.rotates ? ids.others.length : 1); k++) {
      // Twice, the statements of the second call kept: the page is measured after warm-up requests too, and a page's
      // first call in a process may do work kept for the next ones (the dashboard's settled figures, ADR 075/078).
      for (let call = 0; call < 2; call++) {
        captured = []
        const response = await callLoader(page, k)
        if (response.status !== 200) throw new Error(`${page.name}: ${response.status}`)
      }
      kept.push(
        captured
          .filter((q) => /^\s*SELECT/i.test(q.query))
          .map((q) => ({
            stmt: raw.prepare(q.query),
            params: (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === 'boolean' ? Number(p) : p)),
          })),
      )
    }
    plans.push(kept)
  }
  // BARE_PROFILE=1 (run.ts --profile): each statement of each page timed alone (best of 3) with its plan, the slow
  // ones printed — where a page's time goes as the database grows.
  if (process.env.BARE_PROFILE === '1')
    for (const [i, [plan]] of plans.entries())
      for (const { stmt, params } of plan) {
        let best = Infinity
        for (let r = 0; r < 3; r++) {
          const t = performance.now()
          if (stmt.reader) stmt.all(...params)
          else stmt.run(...params)
          best = Math.min(best, performance.now() - t)
        }
        if (best < 2) continue
        const plan = raw.prepare(`EXPLAIN QUERY PLAN ${stmt.source}`).all(...params) as Array<{ detail: string }>
        console.error(
          `[${PAGES[i].name}] ${best.toFixed(1)} мс: ${stmt.source.slice(0, 400)}\n    ${plan.map((p) => p.detail).join('\n    ')}`,
        )
      }
  const server = http.createServer((req, res) => {
    const [page, k] = (req.url ?? '/').slice(1).split('/').map(Number)
    const plan = plans[page]?.[k]
    if (!plan) return res.writeHead(404).end()
    // Every row read and turned into JSON, as a page would; sent as a size, since a page's cold count at 1 M reads
    // more rows than one JavaScript string can hold.
    let bytes = 0
    for (const { stmt, params } of plan) {
      const result = stmt.reader ? stmt.all(...params) : [stmt.run(...params)]
      for (const row of result) bytes += JSON.stringify(row).length
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ bytes }))
  })
  server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => console.log(`bare ready ${plans.map((p) => p.length).join(',')}`))
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
