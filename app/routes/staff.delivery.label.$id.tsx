// An address label for the envelope: the applicant's name and the address of residence from the application.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { json } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireUserWithPermission } from '#app/utils/auth.server'
import { invariantResponse } from '#app/utils/request.server'
import { getApplication } from '#app/models/applications.server'
import { getSchool } from '#app/models/school.server'
import { postalParts, splitPostcode } from '#app/utils/format'
import { dativeFullName } from '#workflows/declension'

export const meta: MetaFunction = () => [{ title: 'Адресный ярлык' }]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUserWithPermission(request, 'read:application:any')
  const app = await getApplication(user.schoolId, params.id ?? '')
  invariantResponse(app, 'Заявление не найдено')
  const school = await getSchool(user.schoolId)
  // The postcode in its own field on both sides, as the post office reads it (the application's own field, else one
  // typed into the address); the address without it. «Кому» takes the dative, as on an envelope.
  const to = postalParts(app.applicantPostalAddress, app.applicantPostcode)
  const from = splitPostcode(school.address)
  return json({
    id: app.id,
    to: dativeFullName({ lastName: app.applicantLastName, firstName: app.applicantFirstName, middleName: app.applicantMiddleName }),
    address: to.rest,
    postcode: to.postcode,
    number: app.registrationNumber,
    from: school.fullName,
    fromAddress: from.rest,
    fromPostcode: from.postcode,
  })
}

export default function Label() {
  const l = useLoaderData<typeof loader>()
  return (
    <>
      {/* The page's heading for the screen and assistive technology (axe page-has-heading-one); not on the label itself. */}
      <h1 className="no-print">Почтовый ярлык{l.number ? ` к заявлению рег. № ${l.number}` : ''}</h1>
      <p className="no-print">
        <Link to={`/staff/applications/${l.id}`}>← К заявлению</Link> ·{' '}
        <button type="button" onClick={() => window.print()}>
          Распечатать ярлык
        </button>
      </p>
      <div className="address-label">
        <div className="label-from">
          <strong>От кого:</strong> {l.from}
          <br />
          <strong>Откуда:</strong> {l.fromAddress}
          {l.fromPostcode ? (
            <>
              <br />
              <strong>Индекс:</strong> <span className="postcode">{l.fromPostcode}</span>
            </>
          ) : null}
        </div>
        <div className="label-to">
          <strong>Кому:</strong> {l.to}
          <br />
          <strong>Куда:</strong> {l.address || '— адрес не указан в заявлении —'}
          <br />
          <strong>Индекс:</strong>{' '}
          {l.postcode ? (
            <span className="postcode" data-testid="postcode-to">
              {l.postcode}
            </span>
          ) : (
            <span className="postcode-missing">— не указан: уточните у заявителя —</span>
          )}
        </div>
        {l.number ? <p className="muted">К заявлению рег. № {l.number}</p> : null}
      </div>
    </>
  )
}
