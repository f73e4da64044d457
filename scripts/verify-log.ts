// `npm run verify-log`: checks the registration log's hash chain; exit code 1 and the first broken row if edited.
import { connectDb } from '../app/utils/db.server'
import { getEnv } from '../app/utils/env.server'
import { checkRegistrationLog } from '../app/models/registration-log-check.server'

async function main() {
  const db = connectDb(getEnv().DATABASE_URL)
  let broken = false
  for (const school of await db.school.findMany({ select: { id: true, shortName: true } })) {
    // With the anchor of the last clean daily check: deleting the newest rows is caught too.
    const { check: result } = await checkRegistrationLog(school.id, db)
    if (result.ok) console.log(`${school.shortName}: журнал регистрации цел, записей: ${result.count}.`)
    else {
      broken = true
      console.error(`${school.shortName}: ${result.messageRu}`)
    }
  }
  await db.$disconnect()
  process.exit(broken ? 1 : 0)
}

main().catch((error) => {
  console.error(error)
  process.exit(2)
})
