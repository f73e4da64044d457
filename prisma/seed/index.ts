// `npm run seed` — seeds the demo school when the database is empty; `npm run seed -- --reset` rebuilds it.
import { localToday, resetDatabase, seedIfEmpty } from './seed.server'
import { connectDb } from '../../app/utils/db.server'
import { getEnv } from '../../app/utils/env.server'

async function main() {
  const db = connectDb(getEnv().DATABASE_URL)
  const reset = process.argv.includes('--reset')
  const started = Date.now()
  if (reset) await resetDatabase(db)
  const result = await seedIfEmpty(db, localToday())
  console.log(
    result.seeded
      ? `Демо-школа создана за ${((Date.now() - started) / 1000).toFixed(1)} с.`
      : 'База уже заполнена: демо-школа не создавалась заново (используйте --reset).',
  )
  await db.$disconnect()
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
