// Slides for the projector at the parent meeting (Порядок 2.4): ways to apply, steps and deadlines, documents,
// the responsible employee's contacts, and a QR code of the online form. ← → or the buttons turn the slides.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import QRCode from 'qrcode'
import { useEffect, useRef, useState } from 'react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { publicUrl } from '#app/utils/env.server'
import { getSchoolContacts } from '#app/models/school-contacts.server'
import { roomLabel } from '#app/components/staff/room-label'
import { meetingClasses } from '#app/models/school.server'
import { invariantResponse } from '#app/utils/request.server'
import { KIND_FORM_LABELS, KINDS, PERIODICITIES, PERIODICITY_LABELS } from '#app/operations/application-schema'
import { publicApplyUrl } from '#app/models/public-school.server'
import { TERM_TEXT } from '#workflows/deadlines'

export const meta: MetaFunction = () => [{ title: 'Слайды для родительского собрания' }]

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'create:application:any')
  const classId = new URL(request.url).searchParams.get('classId')
  // The same rule as the kit: a class teacher presents only their own class.
  const cls = classId ? (await meetingClasses(user)).find((c) => c.id === classId) : null
  invariantResponse(!classId || cls, 'Класс не найден')
  const applyUrl = await publicApplyUrl(publicUrl(request), user.schoolId)
  const qr = await QRCode.toString(applyUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  return json({ className: cls?.name ?? null, contacts: await getSchoolContacts(user.schoolId), applyUrl, qr })
}

export default function Slides() {
  const { className, contacts, applyUrl, qr } = useLoaderData<typeof loader>()
  const [i, setI] = useState(0)
  const root = useRef<HTMLDivElement>(null)
  const slides = [
    <>
      <h1>Информация о текущей успеваемости обучающегося</h1>
      <p className="slide-lead">
        {contacts?.schoolName}
        {className ? ` · ${className} класс` : ''}
      </p>
      <p>Родители (законные представители) могут получать сведения из электронного журнала — бесплатно, в течение всего учебного года.</p>
    </>,
    <>
      <h2>Что можно получить</h2>
      <ul>
        {KINDS.map((k) => (
          <li key={k}>{KIND_FORM_LABELS[k]}</li>
        ))}
      </ul>
      <p>Периодичность: {PERIODICITIES.map((p) => PERIODICITY_LABELS[p]).join(', ')}.</p>
    </>,
    <>
      <h2>Как подать заявление</h2>
      <ul>
        <li>
          <strong>Лично</strong> — в школе{contacts?.room ? `, ${roomLabel(contacts.room)}` : ''}, или прямо сегодня на собрании.
          Регистрация — {TERM_TEXT.registrationInPerson}.
        </li>
        <li>
          <strong>Почтой</strong> — заявление и копии документов по адресу {contacts?.address}.
        </li>
        <li>
          <strong>По электронной почте</strong> — {contacts?.email ? <a href={`mailto:${contacts.email}`}>{contacts.email}</a> : null}.
        </li>
        <li>
          <strong>Через сайт</strong> — {applyUrl} (QR-код на последнем слайде).
        </li>
      </ul>
    </>,
    <>
      <h2>Какие документы нужны</h2>
      <ul>
        <li>Заявление (бланк раздадим, можно заполнить на сайте).</li>
        <li>Паспорт: при личном обращении — оригинал для просмотра, почтой — копия.</li>
        <li>Документ, подтверждающий статус законного представителя: оригинал или копия.</li>
      </ul>
    </>,
    <>
      <h2>Сроки</h2>
      <ol>
        <li>
          Регистрация: лично — не более {TERM_TEXT.inPersonMinutes}; почтой, по электронной почте, через сайт — не позднее{' '}
          {TERM_TEXT.registrationDays}.
        </li>
        <li>Рассмотрение — не более {TERM_TEXT.reviewDays}; решение принимает директор.</li>
        <li>
          Ответ — не позднее {TERM_TEXT.deliveryDays} со дня регистрации, тем способом, который вы выберете: лично, почтой или по
          электронной почте.
        </li>
      </ol>
    </>,
    <>
      <h2>Куда обращаться</h2>
      <div className="slide-contacts">
        <div>
          <p className="slide-lead">{contacts?.responsibleName}</p>
          <p>
            {contacts?.position}
            {contacts?.room ? `, ${roomLabel(contacts.room)}` : ''}
          </p>
          <p>
            Телефон: {contacts?.phone}
            <br />
            Эл. почта: {contacts?.email}
          </p>
          <p>
            Подать заявление онлайн: <strong>{applyUrl}</strong>
          </p>
        </div>
        <div className="qr" role="img" aria-label={`QR-код адреса ${applyUrl}`} dangerouslySetInnerHTML={{ __html: qr }} />
      </div>
    </>,
  ]
  const go = (n: number) => setI(Math.max(0, Math.min(slides.length - 1, n)))
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (['ArrowRight', 'PageDown', ' '].includes(e.key)) {
        e.preventDefault()
        setI((x) => Math.min(slides.length - 1, x + 1))
      }
      if (['ArrowLeft', 'PageUp'].includes(e.key)) {
        e.preventDefault()
        setI((x) => Math.max(0, x - 1))
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [slides.length])
  return (
    <div className="slides" ref={root}>
      <section className="slide" aria-roledescription="слайд" aria-label={`Слайд ${i + 1} из ${slides.length}`}>
        {slides[i]}
      </section>
      <nav className="slide-nav" aria-label="Слайды">
        <button type="button" className="secondary" onClick={() => go(i - 1)} disabled={i === 0}>
          ← Назад
        </button>
        <span aria-live="polite">
          {i + 1} / {slides.length}
        </span>
        <button type="button" className="secondary" onClick={() => go(i + 1)} disabled={i === slides.length - 1}>
          Вперёд →
        </button>
        <button type="button" className="secondary" onClick={() => root.current?.requestFullscreen?.()}>
          Во весь экран
        </button>
        <Link to="/staff/meeting">Закрыть</Link>
      </nav>
    </div>
  )
}
