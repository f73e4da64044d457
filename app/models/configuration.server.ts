// What a half-configured school should know (issue 18.3, ADR 025): said at start-up, on the administrator's page
// and — for mail — on the staff home page.
import { isSmtpConfigured } from '#app/mail/config.server'
import { getEnv, type Env } from '#app/utils/env.server'

export type ConfigurationWarning = { key: 'public-url' | 'smtp'; message: string }

export function configurationWarnings(
  env: Pick<Env, 'PUBLIC_URL' | 'PORT'> = getEnv(),
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
        'Почта не настроена (SMTP_HOST): письма родителям не отправляются, а ждут в очереди — их видно в «Администрирование → Почта». ' +
        'Ответ заявителю, просившему ответ по e-mail, передайте другим способом.',
    })
  }
  return warnings
}
