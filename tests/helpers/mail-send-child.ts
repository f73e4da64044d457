// One run of the letters' loop in its own process, for the kill -9 tests of outgoing mail (mail-kill.test.ts): the
// SMTP server of the test kills it with SIGKILL at the moment it has a letter. It sends through SMTP on 127.0.0.1 at
// MAIL_CHILD_PORT, on the clock MAIL_CHILD_AHEAD_MS ahead (so the leases of an earlier killed run have run out), and
// prints its summary when it was not killed.
import { dbReady, db } from '#app/utils/db.server'
import { overrideMailSettings } from '#app/mail/config.server'
import { sendDueEmails } from '#app/mail/send-email.server'

async function main() {
  await dbReady()
  overrideMailSettings({ smtp: { host: '127.0.0.1', port: Number(process.env.MAIL_CHILD_PORT), secure: false } })
  const summary = await sendDueEmails(new Date(Date.now() + Number(process.env.MAIL_CHILD_AHEAD_MS ?? 0)))
  console.log(JSON.stringify(summary))
  await db.$disconnect()
  process.exit(0)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
