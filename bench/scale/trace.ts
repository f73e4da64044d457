// bench/scale, one page's loader called once against a grown copy, every statement printed as it ends with its time:
//   DATABASE_URL=file:bench/out/scale/scale-1000000.db BENCH_COOKIES=… BENCH_IDS=… npx tsx bench/scale/trace.ts [page]
// (what bare.ts runs, one statement at a time — to find the statement that takes long before a page answers). The
// cookies and ids as run.ts hands them to bare.ts; statements over 20 ms are printed.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaClient } from '#app/generated/prisma/client'
import { callLoader, PAGES } from './pages'

const url = process.env.DATABASE_URL as string
const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }), log: [{ emit: 'event', level: 'query' }] })
client.$on('query', (e) => {
  if (e.duration > 20) console.error(`${String(e.duration).padStart(7)} ms  ${e.query.replace(/`main`\./g, '').slice(0, 600)}`)
})
;(globalThis as { __db?: unknown }).__db = client

async function main() {
  const only = process.argv[2]
  for (const [i, page] of PAGES.entries()) {
    if (only !== undefined && Number(only) !== i) continue
    for (let call = 0; call < 2; call++) {
      const t = performance.now()
      const response = await callLoader(page)
      console.error(`${page.name} (${call + 1}): ${response.status} in ${(performance.now() - t).toFixed(0)} ms`)
    }
  }
}
main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
