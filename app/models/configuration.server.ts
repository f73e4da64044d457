// What a half-configured school should know (issue 18.3, ADR 025): said at start-up, on the administrator's page
// and — for mail — on the staff home page.
import { isSmtpConfigured } from '#app/mail/config.server'
import { getEnv, type Env } from '#app/utils/env.server'

export type ConfigurationWarning = { key: 'public-url' | 'smtp' | 'form-secret'; message: string }

export function configurationWarnings(
  env: Pick<Env, 'PUBLIC_URL' | 'PORT' | 'FORM_TOKEN_SECRET' | 'demo'> = getEnv(),
  smtpConfigured = isSmtpConfigured(),
): ConfigurationWarning[] {
  const warnings: ConfigurationWarning[] = []
  if (!env.PUBLIC_URL) {
    warnings.push({
      key: 'public-url',
      message:
        'Не задан адрес сайта (PUBLIC_URL). Письма и реквизиты доступа, которые готовит фоновый обработчик, ' +
        `укажут родителям адрес http://localhost:${env.PORT} — у родителей он не откроется. ` +
        'Задайте PUBLIC_URL (например, https://school8.example.org) и перезапустите сервер; до тех пор ' +
        'документы, подготовленные с этой страницы, берут адрес, по которому она открыта.',
    })
  }
  if (!smtpConfigured) {
    warnings.push({
      key: 'smtp',
      message:
        'Почта не настроена (SMTP_HOST): письма родителям не отправляются, а ждут в очереди — их видно в ' +
        '«Администрирование → Исходящая почта». Ответ заявителю, просившему ответ по электронной почте, передайте другим способом.',
    })
  }
  // A school's server: without it the secret is kept in the database itself, so a copy of the database (a backup
  // taken away) holds the key to the throttle counters' digests of logins — often a password typed into the wrong
  // field — e-mails and identity documents (app/utils/installation-secret.server.ts, ADR 023).
  if (!env.demo && !env.FORM_TOKEN_SECRET) {
    warnings.push({
      key: 'form-secret',
      message:
        'Не задан FORM_TOKEN_SECRET: секрет, которым подписываются формы заявления и скрываются логины, адреса почты и ' +
        'номера документов в счётчиках попыток, хранится в самой базе данных — и в каждой её копии. Задайте ' +
        'FORM_TOKEN_SECRET (не короче 16 символов, например вывод `openssl rand -hex 24`) и перезапустите сервер.',
    })
  }
  return warnings
}
