// The application form's fields (appendix to the Порядок) for staff intake, named as the shared schema expects
// ('applicant.lastName' …), with errors under each field. Defaults come from the journal choice.
import { DELIVERIES, DELIVERY_LABELS, KINDS, KIND_FORM_LABELS, PERIODICITIES, PERIODICITY_LABELS } from '#app/operations/application-schema'
import { FieldError, errorProps, fieldId } from './error-summary'
import { z } from '#workflows/zod'
import { formValues, list, text } from '#app/utils/form-schema'

export type IntakeValues = {
  applicant: {
    lastName: string
    firstName: string
    middleName: string
    identityDocument: string
    postalAddress: string
    postcode: string
    email: string
    phone: string
  }
  pupil: { lastName: string; firstName: string; middleName: string; className: string }
  kinds: string[]
  periodicity: string
  delivery: string
}

export const EMPTY_VALUES: IntakeValues = {
  applicant: { lastName: '', firstName: '', middleName: '', identityDocument: '', postalAddress: '', postcode: '', email: '', phone: '' },
  pupil: { lastName: '', firstName: '', middleName: '', className: '' },
  kinds: [],
  periodicity: 'once',
  delivery: 'in_person',
}

export const FIELD_LABELS: Record<string, string> = {
  'applicant.lastName': 'Фамилия заявителя',
  'applicant.firstName': 'Имя заявителя',
  'applicant.middleName': 'Отчество заявителя',
  'applicant.identityDocument': 'Документ, удостоверяющий личность',
  'applicant.postalAddress': 'Адрес проживания',
  'applicant.postcode': 'Почтовый индекс',
  'applicant.email': 'Электронная почта',
  'applicant.phone': 'Телефон',
  'pupil.lastName': 'Фамилия обучающегося',
  'pupil.firstName': 'Имя обучающегося',
  'pupil.middleName': 'Отчество обучающегося',
  'pupil.className': 'Класс',
  kinds: 'Сведения',
  periodicity: 'Периодичность',
  delivery: 'Способ получения',
  receivedOn: 'Дата поступления',
  scan: 'Скан заявления',
  originalsShown: 'Предъявленные документы',
  identityCopy: 'Копия документа, удостоверяющего личность',
}

function Text({
  name,
  value,
  errors,
  type = 'text',
  autoComplete,
  hint,
  inputMode,
}: {
  name: string
  value: string
  errors: Record<string, string>
  type?: string
  autoComplete?: string
  hint?: string
  inputMode?: 'numeric'
}) {
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>{FIELD_LABELS[name]}</label>
      <input name={name} type={type} defaultValue={value} autoComplete={autoComplete} inputMode={inputMode} {...errorProps(name, errors)} />
      {hint ? <p className="hint">{hint}</p> : null}
      <FieldError name={name} errors={errors} />
    </div>
  )
}

export function ApplicationFields({ values, errors }: { values: IntakeValues; errors: Record<string, string> }) {
  const a = values.applicant
  const p = values.pupil
  return (
    <>
      <fieldset className="wide">
        <legend>Заявитель — родитель (законный представитель)</legend>
        <div className="fields">
          <Text name="applicant.lastName" value={a.lastName} errors={errors} autoComplete="off" />
          <Text name="applicant.firstName" value={a.firstName} errors={errors} autoComplete="off" />
          <Text name="applicant.middleName" value={a.middleName} errors={errors} autoComplete="off" />
        </div>
        <Text
          name="applicant.identityDocument"
          value={a.identityDocument}
          errors={errors}
          hint="Вид и реквизиты, например: паспорт 6310 123456, выдан 01.02.2015"
        />
        <div className="fields">
          <Text name="applicant.postalAddress" value={a.postalAddress} errors={errors} />
          <Text
            name="applicant.postcode"
            value={a.postcode}
            errors={errors}
            inputMode="numeric"
            autoComplete="off"
            hint="6 цифр, например 410056: его печатает почтовый ярлык"
          />
        </div>
        <div className="fields">
          <Text name="applicant.email" value={a.email} errors={errors} type="email" />
          <Text name="applicant.phone" value={a.phone} errors={errors} type="tel" />
        </div>
      </fieldset>
      <fieldset className="wide">
        <legend>Обучающийся</legend>
        <div className="fields">
          <Text name="pupil.lastName" value={p.lastName} errors={errors} autoComplete="off" />
          <Text name="pupil.firstName" value={p.firstName} errors={errors} autoComplete="off" />
          <Text name="pupil.middleName" value={p.middleName} errors={errors} autoComplete="off" />
          <Text name="pupil.className" value={p.className} errors={errors} autoComplete="off" />
        </div>
      </fieldset>
      <fieldset className="wide" id={fieldId('kinds')}>
        <legend>Прошу предоставить информацию</legend>
        {KINDS.map((k) => (
          <div className="choice" key={k}>
            <input type="checkbox" id={`kind-${k}`} name="kinds" value={k} defaultChecked={values.kinds.includes(k)} />
            <label htmlFor={`kind-${k}`}>{KIND_FORM_LABELS[k]}</label>
          </div>
        ))}
        <FieldError name="kinds" errors={errors} />
      </fieldset>
      <fieldset id={fieldId('periodicity')}>
        <legend>Периодичность</legend>
        {PERIODICITIES.map((k) => (
          <div className="choice" key={k}>
            <input type="radio" id={`periodicity-${k}`} name="periodicity" value={k} defaultChecked={values.periodicity === k} />
            <label htmlFor={`periodicity-${k}`}>{PERIODICITY_LABELS[k]}</label>
          </div>
        ))}
        <FieldError name="periodicity" errors={errors} />
      </fieldset>
      <fieldset id={fieldId('delivery')}>
        <legend>Информацию прошу представить</legend>
        {DELIVERIES.map((k) => (
          <div className="choice" key={k}>
            <input type="radio" id={`delivery-${k}`} name="delivery" value={k} defaultChecked={values.delivery === k} />
            <label htmlFor={`delivery-${k}`}>{DELIVERY_LABELS[k]}</label>
          </div>
        ))}
        <FieldError name="delivery" errors={errors} />
      </fieldset>
    </>
  )
}

/** The form's fields (flat, 'applicant.lastName' …) back into the nested shape of the shared schema (and of the defaults above). */
const IntakeFieldsForm = z
  .object({
    'applicant.lastName': text(),
    'applicant.firstName': text(),
    'applicant.middleName': text(),
    'applicant.identityDocument': text(),
    'applicant.postalAddress': text(),
    'applicant.postcode': text(),
    'applicant.email': text(),
    'applicant.phone': text(),
    'pupil.lastName': text(),
    'pupil.firstName': text(),
    'pupil.middleName': text(),
    'pupil.className': text(),
    kinds: list(),
    periodicity: text(),
    delivery: text(),
  })
  .transform((f): IntakeValues => ({
    applicant: {
      lastName: f['applicant.lastName'],
      firstName: f['applicant.firstName'],
      middleName: f['applicant.middleName'],
      identityDocument: f['applicant.identityDocument'],
      postalAddress: f['applicant.postalAddress'],
      postcode: f['applicant.postcode'],
      email: f['applicant.email'],
      phone: f['applicant.phone'],
    },
    pupil: {
      lastName: f['pupil.lastName'],
      firstName: f['pupil.firstName'],
      middleName: f['pupil.middleName'],
      className: f['pupil.className'],
    },
    kinds: f.kinds,
    periodicity: f.periodicity,
    delivery: f.delivery,
  }))

/** The application's fields as typed (every field is free text here: ApplicationSchema checks them in the operation). */
export function formToValues(form: FormData): IntakeValues {
  return IntakeFieldsForm.parse(formValues(form))
}
