// Russian names of what the access audit records (152-ФЗ, ст. 18.1–19), for /staff/audit and /staff/activity.
// Every action code the app records needs a label here: audit-labels.test.ts reads the sources and fails on a
// code without one, so the director never sees «download:paper-batch» instead of words.
import { TEMPLATE_TITLES } from '#app/documents/types'
import { IMPORT_KIND_LABELS } from '#app/import/types'
import { own } from '#workflows/own'

export const ACTION_LABELS: Record<string, string> = {
  // Персональные данные: просмотр и скачивание
  'view:pupil': 'просмотр карточки обучающегося',
  'view:class': 'просмотр списка класса',
  'view:journal': 'просмотр журнала класса',
  'view:application': 'просмотр заявления',
  'view:registration-log': 'просмотр журнала регистрации заявлений',
  'view:outgoing-mail': 'просмотр исходящего письма',
  'view:audit': 'просмотр журнала доступа',
  'download:document': 'скачивание документа по заявлению',
  'download:upload': 'скачивание файла заявителя',
  'download:inbound-mail': 'скачивание входящего письма или его вложения',
  'download:meeting-kit': 'скачивание комплекта для родительского собрания',
  'download:paper-batch': 'скачивание пакета выписок класса для печати',
  'download:registration-log': 'выгрузка журнала регистрации заявлений',
  // Заявления и почта
  'apply:online': 'подача заявления через сайт',
  'throttle:apply': 'заявление через сайт не принято: превышен предел подачи',
  'decide:override': 'решение о предоставлении информации вопреки замечаниям предварительной проверки (с основанием)',
  'post-list:add': 'включение в почтовый реестр',
  'refuse:inbound-mail': 'отказ в приёме документов по входящему письму',
  'choose:forwarded-applicant': 'ответ по письму — автору пересланного письма (адрес проверен работником)',
  'ignore:inbound-mail': 'входящее письмо оставлено без регистрации',
  'retry:outgoing-mail': 'повторная отправка исходящего письма',
  'cancel:outgoing-mail': 'отмена отправки исходящего письма',
  'resend-unsure:outgoing-mail': 'повторная отправка письма, о котором неизвестно, ушло ли оно',
  'confirm-sent:outgoing-mail': 'отметка «письмо ушло» для письма, о котором не было известно, ушло ли оно',
  // Учётные записи
  'sign-in': 'вход в систему',
  'change-password': 'смена пароля',
  'create:administrator': 'создание администратора ЭЖ командой create-admin (временный пароль)',
  'create:authority-administrator': 'создание администратора органа управления образованием (временный пароль)',
  'create:school': 'создание школы администратором органа управления образованием',
  'update:school': 'изменение адреса или почтового ящика школы администратором органа управления образованием',
  'throttle:password': 'попытка ввода пароля отклонена: слишком много неудачных попыток',
  'wrong-password:signature': 'неверный пароль при подписи решения',
  'wrong-password:change-password': 'неверный текущий пароль при смене пароля',
  'report-compromise': 'сообщение о компрометации пароля',
  'report-compromise:record': 'запись сообщения о компрометации (по телефону, лично)',
  'report-compromise:acknowledge': 'получение директором сообщения о компрометации',
  'issue:one-time-password': 'выдача временного пароля',
  'mail:one-time-password': 'временный пароль родителя отправлен ему по электронной почте',
  'change:guardian-email': 'изменён адрес электронной почты родителя',
  'change:staff-email': 'изменён адрес электронной почты работника (импорт, без подтверждения)',
  'confirm:guardian-status': 'статус законного представителя подтверждён документом (классный руководитель)',
  'change:class-teacher': 'сменён классный руководитель (импорт классов)',
  'issue:credentials': 'выдача реквизитов доступа к электронному дневнику',
  'produce:credentials-letter': 'формирование письма с паролем по заявлению (для вручения или отправки почтой)',
  // Администрирование ЭЖ
  import: 'импорт данных в электронный журнал',
  'grant:roles': 'назначение ролей учётной записи при импорте сотрудников',
  'request:access-grant': 'запрос роли с доступом к заявлениям или временного пароля такой учётной записи',
  'confirm:access-grant': 'подтверждение запроса доступа (роль, временный пароль)',
  'refuse:access-grant': 'отказ в запросе доступа',
  'replace:access-grant': 'запрос доступа заменён новым',
  'upload:template': 'загрузка новой версии шаблона документа',
  'activate:template': 'выбор действующей версии шаблона документа',
  'set-aside:template': 'отключение версии шаблона с небезопасным содержимым (проверка перед использованием)',
  'load:calendar-year': 'загрузка производственного календаря',
  'update:refusal-grounds': 'изменение перечня оснований для отказа',
  'update:school-setting': 'изменение настройки школы',
  'update:bells': 'изменение расписания звонков',
  'update:class-shifts': 'изменение смен классов',
  'create:school-event': 'добавление школьного мероприятия',
  'update:school-event': 'изменение школьного мероприятия',
  'delete:school-event': 'удаление школьного мероприятия',
  'create:api-token': 'выдача токена доступа к API для внешней системы (регионального портала)',
  'revoke:api-token': 'отзыв токена доступа к API',
  'reset:refusal-grounds': 'восстановление типового перечня оснований для отказа',
  'retention:purge': 'обезличивание данных с истёкшим сроком хранения',
  'retention:years': 'изменение срока хранения',
  'retention:journals': 'удаление журналов успеваемости с истёкшим сроком хранения',
  'retention:events': 'удаление событий школы с истёкшим сроком хранения',
  // Контроль (Порядок 4)
  'control:start-check': 'начало проверки',
  'control:close-check': 'завершение проверки',
  'control:check-report': 'скачивание справки по проверке',
  'verify:registration-log': 'проверка целостности журнала регистрации',
  'report:activity': 'скачивание отчёта об активности',
  'report:curriculum': 'скачивание статистики проведённых занятий',
  'report:attendance': 'скачивание отчёта о посещаемости',
  'report:results': 'скачивание сводной ведомости успеваемости',
  'store:activity-report': 'сохранение ежемесячного отчёта об активности',
  'store:results-archive': 'передача сводной ведомости за учебный год в архив',
  'integrity:results-archive': 'нарушена целостность архивной сводной ведомости',
}

/** An unknown code (an old row, a forgotten label) still reads as Russian, with the code for the developers. */
export function actionLabel(code: string): string {
  return own(ACTION_LABELS, code) ?? `действие: ${code}`
}

/** The kinds of objects audit events point at (AuditEvent.entity), as the object column names them. */
export const ENTITY_LABELS: Record<string, string> = {
  school: 'школа',
  pupil: 'обучающийся',
  class: 'класс',
  application: 'заявление',
  document: 'документ',
  StoredDocument: 'документ',
  user: 'учётная запись',
  staff: 'сотрудник',
  guardian: 'родитель (законный представитель)',
  InboundMessage: 'входящее письмо',
  OutboxJob: 'исходящее письмо',
  template: 'шаблон документа',
  CalendarYear: 'производственный календарь',
  Setting: 'настройка',
  ControlCheck: 'проверка',
  RetentionRun: 'обезличивание',
  import: 'импорт',
  BellPeriod: 'расписание звонков, смена',
  SchoolEvent: 'школьное мероприятие',
  ClassShifts: 'смены классов, учебный год',
  ApiToken: 'токен доступа к API',
}

const SETTING_LABELS: Record<string, string> = {
  'grounds.acceptance': 'основания для отказа в приёме документов',
  'grounds.information': 'основания для отказа в предоставлении информации',
  'retention.years': 'срок хранения',
  'forecast.thresholds': 'пороги прогноза итоговой отметки',
  'deadlines.dueSoonWorkingDays': 'за сколько рабочих дней предупреждать об истечении срока',
}

/** The object of an event from its entity and id alone, when the database has no better name for it. */
export function objectLabel(entity: string, entityId: string): string {
  if (!entity) return ''
  switch (entity) {
    case 'template':
      return `шаблон «${own(TEMPLATE_TITLES as Record<string, string>, entityId) ?? entityId}»`
    case 'import':
      return `импорт: ${own(IMPORT_KIND_LABELS as Record<string, string>, entityId) ?? entityId}`
    case 'CalendarYear':
      return `производственный календарь на ${entityId} год`
    case 'Setting':
      return own(SETTING_LABELS, entityId) ? `настройка: ${own(SETTING_LABELS, entityId)}` : `настройка ${entityId}`
  }
  const noun = own(ENTITY_LABELS, entity) ?? `объект «${entity}»`
  return entityId ? `${noun} ${entityId}` : noun
}
