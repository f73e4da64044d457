// The sections of the online application form, in the order of the paper form (appendix to the Порядок).
import type { UseFormRegister } from 'react-hook-form'
import { APPLICANT_ROLES, APPLICANT_ROLE_LABELS, needsStatusDocument } from '#app/operations/application-schema'
import { ID_KINDS, ID_KIND_LABELS, fieldId, type ApplyDefaults, type ApplyFormInput } from './apply-schema'
import { ChoiceGroup, TextField, describedBy, type Choice } from './form-field'

export type Kit = {
  register: UseFormRegister<ApplyFormInput>
  errorOf: (path: string) => string | undefined
  defaults: ApplyDefaults
  /** The role chosen now (watched); null before hydration, when every field is shown. */
  role: string | null
}

/** The personal-data operator the notice names (the school's requisites). */
export type Operator = { fullName: string; address: string; phone: string }

type Path = Parameters<UseFormRegister<ApplyFormInput>>[0]

function Text({
  kit,
  path,
  label,
  value,
  ...rest
}: { kit: Kit; path: Path; label: string; value: string } & Omit<
  Parameters<typeof TextField>[0],
  'id' | 'label' | 'registration' | 'error' | 'defaultValue'
>) {
  return (
    <TextField
      id={fieldId(path)}
      label={label}
      registration={kit.register(path)}
      error={kit.errorOf(path)}
      defaultValue={value}
      {...rest}
    />
  )
}

export function ApplicantFields({ kit }: { kit: Kit }) {
  const { applicant: a, identity: i } = kit.defaults
  const kindError = kit.errorOf('identity.kind')
  return (
    <section aria-labelledby="applicant-title">
      <h2 id="applicant-title">Заявитель — родитель (законный представитель)</h2>
      <Text kit={kit} path="applicant.lastName" label="Фамилия" value={a.lastName} required autoComplete="family-name" />
      <Text kit={kit} path="applicant.firstName" label="Имя" value={a.firstName} required autoComplete="given-name" />
      <Text kit={kit} path="applicant.middleName" label="Отчество" value={a.middleName} autoComplete="additional-name" />
      <ChoiceGroup
        name="applicant-role"
        type="radio"
        legend="Кем вы приходитесь обучающемуся"
        hint={
          'Родителю документ о статусе прикладывать не нужно: школа сверит сведения с журналом. ' +
          'Опекун (попечитель) и иной законный представитель прикладывают копию документа, подтверждающего статус.'
        }
        choices={APPLICANT_ROLES.map((r) => ({ value: r, label: APPLICANT_ROLE_LABELS[r] }))}
        registration={kit.register('applicant.role')}
        checked={(v) => a.role === v}
        error={kit.errorOf('applicant.role')}
      />

      <h3>Документ, удостоверяющий личность</h3>
      <div className="field">
        <label htmlFor="identity-kind">
          Вид документа<span aria-hidden="true"> *</span>
        </label>
        <select
          id="identity-kind"
          {...kit.register('identity.kind')}
          defaultValue={i.kind}
          aria-required
          aria-invalid={kindError ? true : undefined}
          aria-describedby={describedBy(kindError && 'identity-kind-error')}
        >
          {ID_KINDS.map((k) => (
            <option key={k} value={k}>
              {ID_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {kindError ? (
          <p className="field-error" id="identity-kind-error">
            {kindError}
          </p>
        ) : null}
      </div>
      <Text
        kit={kit}
        path="identity.number"
        label="Серия и номер"
        value={i.number}
        required
        hint="Например: 6310 123456"
        autoComplete="off"
      />
      <Text kit={kit} path="identity.issuedBy" label="Кем выдан" value={i.issuedBy} required autoComplete="off" />
      <Text
        kit={kit}
        path="identity.issuedOn"
        label="Дата выдачи"
        value={i.issuedOn}
        required
        hint="ДД.ММ.ГГГГ, например 01.02.2015 (можно и 01022015)"
        inputMode="numeric"
        autoComplete="off"
      />

      <h3>Адрес и контакты</h3>
      <Text
        kit={kit}
        path="applicant.postalAddress"
        label="Адрес проживания"
        value={a.postalAddress}
        required
        autoComplete="street-address"
        hint="На этот адрес придёт ответ, если вы выберете получение почтой."
      />
      <Text
        kit={kit}
        path="applicant.postcode"
        label="Почтовый индекс"
        value={a.postcode}
        autoComplete="postal-code"
        inputMode="numeric"
        hint="6 цифр, например 410056. Нужен, если ответ придёт почтой."
      />
      <Text
        kit={kit}
        path="applicant.email"
        label="Электронная почта"
        value={a.email}
        type="email"
        autoComplete="email"
        spellCheck={false}
        hint="Обязательна, если ответ нужен по электронной почте."
      />
      <Text
        kit={kit}
        path="applicant.phone"
        label="Телефон"
        value={a.phone}
        type="tel"
        autoComplete="tel"
        hint="Например: +7 845 212-34-56"
      />
    </section>
  )
}

export function PupilFields({ kit }: { kit: Kit }) {
  const p = kit.defaults.pupil
  return (
    <section aria-labelledby="pupil-title">
      <h2 id="pupil-title">Обучающийся</h2>
      <Text kit={kit} path="pupil.lastName" label="Фамилия обучающегося" value={p.lastName} required />
      <Text kit={kit} path="pupil.firstName" label="Имя обучающегося" value={p.firstName} required />
      <Text kit={kit} path="pupil.middleName" label="Отчество обучающегося" value={p.middleName} />
      <Text
        kit={kit}
        path="pupil.className"
        label="Класс"
        value={p.className}
        required
        hint="Цифра и буква, например: 5А"
        autoCapitalize="characters"
      />
    </section>
  )
}

export function RequestFields({
  kit,
  kinds,
  periodicities,
  deliveries,
}: {
  kit: Kit
  kinds: Choice[]
  periodicities: Choice[]
  deliveries: Choice[]
}) {
  const d = kit.defaults
  return (
    <section aria-labelledby="request-title">
      <h2 id="request-title">Заявление</h2>
      <ChoiceGroup
        name="kinds"
        type="checkbox"
        legend="Прошу предоставить (предоставлять) мне следующую информацию о текущей успеваемости обучающегося:"
        hint="Отметьте одно или несколько."
        choices={kinds}
        registration={kit.register('kinds')}
        checked={(v) => d.kinds.includes(v)}
        error={kit.errorOf('kinds')}
      />
      <ChoiceGroup
        name="periodicity"
        type="radio"
        legend="Периодичность предоставления информации"
        choices={periodicities}
        registration={kit.register('periodicity')}
        checked={(v) => d.periodicity === v}
        error={kit.errorOf('periodicity')}
      />
      <ChoiceGroup
        name="delivery"
        type="radio"
        legend="Информацию прошу представить (представлять)"
        choices={deliveries}
        registration={kit.register('delivery')}
        checked={(v) => d.delivery === v}
        error={kit.errorOf('delivery')}
      />
    </section>
  )
}

function FileField({
  kit,
  path,
  label,
  hint = 'PDF, JPEG или PNG, не больше 10 МБ.',
  required = true,
}: {
  kit: Kit
  path: 'documents.identity' | 'documents.statusProof'
  label: string
  hint?: string
  required?: boolean
}) {
  const id = fieldId(path)
  const error = kit.errorOf(path)
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : <span className="muted"> (необязательно)</span>}
      </label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <input
        id={id}
        type="file"
        accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
        {...kit.register(path)}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

export function DocumentFields({ kit, operator }: { kit: Kit; operator: Operator | null }) {
  // Without JavaScript (kit.role null) the field is shown with its condition in the hint; the server decides.
  const showStatusProof = kit.role === null || needsStatusDocument(kit.role)
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">Документы (Порядок, п. 2.7)</h2>
      <p className="hint">Копии видны только работникам школы, которые рассматривают заявление.</p>
      <FileField
        kit={kit}
        path="documents.identity"
        label="Копия документа, удостоверяющего личность"
        required={false}
        hint={
          'Прикладывать не обязательно: в заявлении, поданном в электронной форме, достаточно вида и реквизитов ' +
          'документа, указанных выше (Порядок, п. 3.2). PDF, JPEG или PNG, не больше 10 МБ.'
        }
      />
      {showStatusProof ? (
        <FileField
          kit={kit}
          path="documents.statusProof"
          label="Копия документа, подтверждающего статус законного представителя"
          hint={
            (kit.role === null ? 'Только для опекуна (попечителя) и иного законного представителя; родителю не нужна. ' : '') +
            'Например: решение об установлении опеки (попечительства). PDF, JPEG или PNG, не больше 10 МБ.'
          }
        />
      ) : null}
      <PersonalDataNotice operator={operator} />
    </section>
  )
}

/**
 * 152-ФЗ ст. 6 ч. 1 п. 4: processing needed to provide a municipal service needs no consent, so the form informs
 * (ст. 18 ч. 3: the operator, the purpose and the legal basis) and never blocks the application (ADR 046).
 */
function PersonalDataNotice({ operator }: { operator: Operator | null }) {
  return (
    <div className="notice" role="note" aria-labelledby="personal-data-title">
      <h2 id="personal-data-title">Обработка персональных данных</h2>
      <p>
        Оператор персональных данных —{' '}
        {operator
          ? `${operator.fullName}, ${operator.address}${operator.phone ? `, тел. ${operator.phone}` : ''}`
          : 'школа, в которую подаётся заявление'}
        . Цель обработки — предоставление информации о текущей успеваемости обучающегося по вашему заявлению. Правовое основание — пункт 4
        части 1 статьи 6 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» (обработка необходима для предоставления
        муниципальной услуги): отдельное согласие на обработку не требуется, и подача заявления от него не зависит.
      </p>
      <p>
        Обрабатываются сведения, указанные в заявлении, и копии приложенных документов; их видят только работники школы, рассматривающие
        заявление.
      </p>
    </div>
  )
}
