// The sections of the online application form, in the order of the paper form (appendix to the Порядок).
import type { UseFormRegister } from 'react-hook-form'
import { ID_KINDS, ID_KIND_LABELS, fieldId, type ApplyDefaults, type ApplyFormInput } from './apply-schema'
import { ChoiceGroup, TextField, describedBy, type Choice } from './form-field'

export type Kit = {
  register: UseFormRegister<ApplyFormInput>
  errorOf: (path: string) => string | undefined
  defaults: ApplyDefaults
}

type Path = Parameters<UseFormRegister<ApplyFormInput>>[0]

function Text({ kit, path, label, value, ...rest }: { kit: Kit; path: Path; label: string; value: string } & Omit<Parameters<typeof TextField>[0], 'id' | 'label' | 'registration' | 'error' | 'defaultValue'>) {
  return <TextField id={fieldId(path)} label={label} registration={kit.register(path)} error={kit.errorOf(path)} defaultValue={value} {...rest} />
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

      <h3>Документ, удостоверяющий личность</h3>
      <div className="field">
        <label htmlFor="identity-kind">Вид документа<span aria-hidden="true"> *</span></label>
        <select id="identity-kind" {...kit.register('identity.kind')} defaultValue={i.kind} aria-required aria-invalid={kindError ? true : undefined} aria-describedby={describedBy(kindError && 'identity-kind-error')}>
          {ID_KINDS.map((k) => <option key={k} value={k}>{ID_KIND_LABELS[k]}</option>)}
        </select>
        {kindError ? <p className="field-error" id="identity-kind-error">{kindError}</p> : null}
      </div>
      <Text kit={kit} path="identity.number" label="Серия и номер" value={i.number} required hint="Например: 6310 123456" autoComplete="off" />
      <Text kit={kit} path="identity.issuedBy" label="Кем выдан" value={i.issuedBy} required autoComplete="off" />
      <Text kit={kit} path="identity.issuedOn" label="Дата выдачи" value={i.issuedOn} required hint="ДД.ММ.ГГГГ, например 01.02.2015" inputMode="numeric" autoComplete="off" />

      <h3>Адрес и контакты</h3>
      <Text kit={kit} path="applicant.postalAddress" label="Адрес проживания" value={a.postalAddress} required autoComplete="street-address" hint="На этот адрес придёт ответ, если вы выберете получение почтой." />
      <Text kit={kit} path="applicant.email" label="Электронная почта" value={a.email} type="email" autoComplete="email" spellCheck={false} hint="Обязательна, если ответ нужен по электронной почте." />
      <Text kit={kit} path="applicant.phone" label="Телефон" value={a.phone} type="tel" autoComplete="tel" hint="Например: +7 845 212-34-56" />
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
      <Text kit={kit} path="pupil.className" label="Класс" value={p.className} required hint="Цифра и буква, например: 5А" autoCapitalize="characters" />
    </section>
  )
}

export function RequestFields({ kit, kinds, periodicities, deliveries }: { kit: Kit; kinds: Choice[]; periodicities: Choice[]; deliveries: Choice[] }) {
  const d = kit.defaults
  return (
    <section aria-labelledby="request-title">
      <h2 id="request-title">Заявление</h2>
      <ChoiceGroup name="kinds" type="checkbox" legend="Прошу предоставить (предоставлять) мне следующую информацию о текущей успеваемости обучающегося:" hint="Отметьте одно или несколько." choices={kinds} registration={kit.register('kinds')} checked={(v) => d.kinds.includes(v)} error={kit.errorOf('kinds')} />
      <ChoiceGroup name="periodicity" type="radio" legend="Периодичность предоставления информации" choices={periodicities} registration={kit.register('periodicity')} checked={(v) => d.periodicity === v} error={kit.errorOf('periodicity')} />
      <ChoiceGroup name="delivery" type="radio" legend="Информацию прошу представить (представлять)" choices={deliveries} registration={kit.register('delivery')} checked={(v) => d.delivery === v} error={kit.errorOf('delivery')} />
    </section>
  )
}

function FileField({ kit, path, label }: { kit: Kit; path: 'documents.identity' | 'documents.statusProof'; label: string }) {
  const id = fieldId(path)
  const error = kit.errorOf(path)
  return (
    <div className="field">
      <label htmlFor={id}>{label}<span aria-hidden="true"> *</span></label>
      <p className="hint" id={`${id}-hint`}>PDF, JPEG или PNG, не больше 10 МБ.</p>
      <input id={id} type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" {...kit.register(path)} aria-required aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)} />
      {error ? <p className="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  )
}

export function DocumentFields({ kit }: { kit: Kit }) {
  const consentError = kit.errorOf('consent')
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">Документы (Порядок, п. 2.7)</h2>
      <p className="hint">Копии видны только работникам школы, которые рассматривают заявление.</p>
      <FileField kit={kit} path="documents.identity" label="Копия документа, удостоверяющего личность" />
      <FileField kit={kit} path="documents.statusProof" label="Копия документа, подтверждающего статус законного представителя" />
      <p className="hint">Например: свидетельство о рождении ребёнка, решение об установлении опеки.</p>

      <h2 id="consent-title">Согласие</h2>
      <div className="choice">
        <input type="checkbox" id="consent" value="yes" {...kit.register('consent')} aria-required aria-invalid={consentError ? true : undefined} aria-describedby={describedBy(consentError && 'consent-error')} />
        <label htmlFor="consent">
          Даю согласие на обработку моих персональных данных и персональных данных ребёнка, указанных в заявлении, для
          предоставления информации о текущей успеваемости (Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных
          данных»)<span aria-hidden="true"> *</span>
        </label>
      </div>
      {consentError ? <p className="field-error" id="consent-error">{consentError}</p> : null}
    </section>
  )
}
