import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json, redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TERM_TEXT } from '#workflows/deadlines'
import { getUser } from '#app/utils/auth.server'
import { homePathFor } from '#app/utils/permissions'
import { getSchoolContacts } from '#app/models/school-contacts.server'
import { listPublicSchools, resolvePublicSchool } from '#app/models/public-school.server'
import { withSchool } from '#app/utils/school-query'
import { roomLabel, telHref } from '#app/utils/format'

export const meta: MetaFunction = () => [{ title: 'Информация о текущей успеваемости обучающегося' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request)
  if (user) throw redirect(user.mustChangePassword ? '/change-password' : homePathFor(user.roles))
  // Several schools in one installation (ADR 056): the school of this address, else the parent chooses one.
  const { school, query } = await resolvePublicSchool(request)
  if (!school) return json({ contacts: null, query, schools: await listPublicSchools() })
  return json({ contacts: await getSchoolContacts(school.id), query, schools: null })
}

export default function Index() {
  const { contacts, query, schools } = useLoaderData<typeof loader>()
  if (schools) return <SchoolChooser schools={schools} />
  return (
    <>
      <h1>Информация о текущей успеваемости обучающегося</h1>
      <p>
        Родители (законные представители) могут получить сведения об оценках с темами и видами работ, расписании, домашних заданиях, темах
        уроков, посещаемости, а также доступ к электронному дневнику — один раз или регулярно в течение учебного года. Информация
        предоставляется бесплатно.
      </p>
      {/* Both ways in, side by side in the first screen, also on a phone (issue 19, item 5). */}
      <p className="home-actions">
        <a className="button" href={withSchool('/apply', query)}>
          Подать заявление онлайн
        </a>
        <a className="button secondary" href="/login">
          Войти в электронный дневник
        </a>
      </p>
      <div className="grid">
        <section className="card" aria-labelledby="how">
          <h2 id="how">Как подать заявление</h2>
          <ul>
            <li>лично в школе — регистрация {TERM_TEXT.registrationInPerson};</li>
            <li>по почте или электронной почте — регистрация не позднее {TERM_TEXT.registrationDays};</li>
            <li>на первом родительском собрании у классного руководителя.</li>
          </ul>
          <p>Нужны паспорт и документ, подтверждающий, что вы законный представитель ребёнка.</p>
        </section>
        <section className="card" aria-labelledby="when">
          <h2 id="when">Сроки</h2>
          <p>
            Ответ — не позднее {TERM_TEXT.deliveryDays} со дня регистрации заявления; если последний день срока нерабочий, школа ответит в
            последний рабочий день перед ним.
          </p>
          <p>
            <a href={withSchool('/deadlines', query)}>Рассчитать сроки по дате подачи</a>
          </p>
        </section>
        {contacts ? (
          <section className="card" aria-labelledby="who">
            <h2 id="who">Куда обращаться</h2>
            {/* One contact point everywhere (ADR 051): the school's mailbox, the responsible employee's phone. */}
            <dl className="props">
              {contacts.responsibleName ? (
                <>
                  <dt>Ответственный работник</dt>
                  <dd>
                    {contacts.responsibleName}
                    {contacts.room ? <>, {roomLabel(contacts.room)}</> : null}
                  </dd>
                </>
              ) : null}
              <dt>Адрес для писем</dt>
              <dd>
                {contacts.schoolName}, {contacts.address}
              </dd>
              <dt>Эл. почта</dt>
              <dd>
                <a href={`mailto:${contacts.email}`}>{contacts.email}</a>
              </dd>
              <dt>Телефон</dt>
              <dd>
                <a href={telHref(contacts.phone)}>{contacts.phone}</a>
              </dd>
            </dl>
          </section>
        ) : null}
      </div>
    </>
  )
}

type ChooserSchool = { id: string; shortName: string; fullName: string; address: string; href: string }

/** The home page of an installation with several schools, reached without a school's address (ADR 056). */
function SchoolChooser({ schools }: { schools: ChooserSchool[] }) {
  return (
    <>
      <h1>Информация о текущей успеваемости обучающегося</h1>
      <p>Выберите школу, в которой учится ребёнок: заявление подаётся в его школу, и отвечает на него она.</p>
      <ul className="school-list" aria-label="Школы">
        {schools.map((s) => (
          <li key={s.id}>
            <a href={s.href}>{s.shortName}</a> — {s.fullName}, {s.address}
          </li>
        ))}
      </ul>
      <p>
        <a className="button secondary" href="/login">
          Войти в электронный дневник
        </a>
      </p>
    </>
  )
}
