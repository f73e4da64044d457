import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { MaxPartSizeExceededError, json } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { getCalendar, getSchoolTimeZone, listCalendarYears, loadCalendarYear } from '#app/models/calendar.server'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { plural } from '#app/utils/format'
import { clientIp } from '#app/utils/request.server'
import { CalendarFormatError } from '#workflows/calendar'
import { formatDateTime, localDateOf } from '#workflows/time'
import { readMultipartForm } from '#app/utils/body.server'
import { checkForm, requiredFile } from '#app/utils/form-schema'
import { z } from '#workflows/zod'

export const meta: MetaFunction = () => [{ title: 'Производственный календарь — администрирование ЭЖ' }]

const MAX_FILE_BYTES = 200 * 1024
// The form's other parts are tiny; a body far beyond the file limit is refused before it is read.
const MAX_BODY_BYTES = MAX_FILE_BYTES + 16 * 1024
const TOO_BIG = 'Файл больше 200 КБ — это не производственный календарь на один год. Ничего не загружено.'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  const [years, calendar, timeZone] = await Promise.all([listCalendarYears(), getCalendar(), getSchoolTimeZone(user.schoolId)])
  const thisYear = Number(localDateOf(new Date(), timeZone).slice(0, 4))
  return json({
    years: years.map((y) => ({ ...y, loadedAt: y.loadedAt ? formatDateTime(y.loadedAt, timeZone) : null })),
    missingYears: [thisYear, thisYear + 1].filter((year) => !calendar.hasDataFor(year)),
  })
}

/** One field: the calendar's XML file, chosen and not empty. */
const CalendarForm = z.object({
  file: requiredFile('Выберите файл производственного календаря (XML).'),
})

function refuse(error: string) {
  return json({ ok: false as const, error }, { status: 400 })
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUserWithPermission(request, 'manage:school:any')
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return refuse(TOO_BIG)
  if (!(request.headers.get('content-type') ?? '').startsWith('multipart/form-data')) {
    return refuse('Форма отправлена без файла. Выберите файл календаря и нажмите «Загрузить».')
  }
  let form: FormData
  try {
    // At most the route's limit in all (app/utils/body-limits.ts), whether or not Content-Length was sent.
    form = await readMultipartForm(request, { maxPartSize: MAX_FILE_BYTES })
  } catch (error) {
    if (error instanceof Response) throw error
    if (error instanceof MaxPartSizeExceededError) return refuse(TOO_BIG)
    return refuse('Не удалось принять файл: форма повреждена. Попробуйте выбрать файл ещё раз.')
  }
  const checked = checkForm(CalendarForm, form)
  if (!checked.ok) return refuse(checked.message)
  const { file } = checked.data
  const fileName = file.name || 'calendar.xml'
  try {
    const loaded = await loadCalendarYear(await file.text(), fileName, user.id, { ip: clientIp(request) })
    const message =
      `Загружен производственный календарь на ${loaded.year} год: ` +
      `${loaded.daysOff} ` +
      `${plural(loaded.daysOff, 'выходной и праздничный день', 'выходных и праздничных дня', 'выходных и праздничных дней')}, ` +
      `${loaded.workingDays} ${plural(loaded.workingDays, 'рабочий день', 'рабочих дня', 'рабочих дней')}` +
      `${loaded.replaced ? ' (прежние данные за этот год заменены)' : ''}.`
    return json({ ok: true as const, message, year: loaded.year, daysOff: loaded.daysOff })
  } catch (error) {
    if (error instanceof CalendarFormatError) return refuse(`Файл не загружен: ${error.message}`)
    throw error
  }
}

export default function AdminCalendar() {
  const { years, missingYears } = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const error = result && !result.ok ? result.error : null
  return (
    <>
      <h1>Производственный календарь</h1>
      <p>
        По календарю считаются сроки регистрации заявлений (не позднее 1 рабочего дня, Порядок, п. 3.1.1) и практический срок ответа. Часть
        лет встроена в программу; календарь на следующий год загрузите, когда его опубликуют (обычно в сентябре — октябре).
      </p>
      {missingYears.map((year) => (
        <p className="alert" key={year}>
          Для {year} года нет данных производственного календаря: сроки считаются по выходным и праздникам ТК РФ. Переносы выходных дней не
          учитываются, пока календарь не загружен.
        </p>
      ))}

      <h2 id="years-title">Годы с данными</h2>
      <div className="table-wrap">
        <table aria-labelledby="years-title">
          <thead>
            <tr>
              <th scope="col">Год</th>
              <th scope="col">Источник</th>
              <th scope="col">Рабочих дней</th>
              <th scope="col">Выходных и праздничных дней</th>
              <th scope="col">Из них праздников и переносов</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => (
              <tr key={y.year}>
                <th scope="row">{y.year}</th>
                <td>
                  {y.source === 'shipped' ? 'встроен в программу' : `загружен ${y.loadedAt ?? ''}${y.origin ? ` (${y.origin})` : ''}`}
                </td>
                <td>{y.workingDays}</td>
                <td>{y.daysOff}</td>
                <td>{y.holidays}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Загрузить календарь</h2>
      {result?.ok ? (
        <p className="success" role="status">
          {result.message}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="card" noValidate>
        <label htmlFor="file">Файл производственного календаря (XML)</label>
        <input
          type="file"
          id="file"
          name="file"
          accept=".xml,application/xml,text/xml"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'file-hint file-error' : 'file-hint'}
        />
        <p className="hint" id="file-hint">
          Формат <code>xmlcalendar</code> (как на <code>xmlcalendar.ru</code>):{' '}
          <code>{'<calendar year="2027"><days><day d="01.01" t="1"/>…'}</code>, не больше 200 КБ. Загрузка года, который уже есть, заменяет
          его данные.
        </p>
        {error ? (
          <p className="field-error" id="file-error" role="alert">
            {error}
          </p>
        ) : null}
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Загрузка…' : 'Загрузить'}
          </button>
        </p>
      </Form>
    </>
  )
}
