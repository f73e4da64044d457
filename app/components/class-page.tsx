// The class page of the staff and of a teacher (app/models/class-page.server.ts): the roster, and the credentials panel
// for whoever hands out the class's credentials.
import type { SerializeFrom } from '@remix-run/node'
import type { openClassPage } from '#app/models/class-page.server'
import { ClassCredentials } from './class-credentials'
import { ClassRoster } from './class-roster'

type Page = NonNullable<SerializeFrom<Awaited<ReturnType<typeof openClassPage>>>>

export function ClassPage({ page: { roster, credentials }, from }: { page: Page; from: 'staff' | 'teacher' }) {
  return (
    <>
      <ClassRoster roster={roster} />
      {credentials ? (
        <ClassCredentials
          key={roster.id}
          classId={roster.id}
          guardians={credentials.guardians}
          letters={credentials.letters}
          error={credentials.error}
          from={from}
          mayConfirmStatus={credentials.mayConfirmStatus}
        />
      ) : null}
    </>
  )
}
