// Letters to the applicant, one per reason. Subjects carry the application's number (or the receipt number
// before registration), so a reply can be matched even when the mail client drops In-Reply-To.
import { DELIVERY_LABELS } from '#app/operations/application-schema'
import { applicantStatusText, type ApplicationStatus } from '#workflows/statuses'
import { formatDate, formatDateTime, formatReceivedAt } from '#workflows/time'
import { DELIVERY_RULE } from '#workflows/deadlines'
import { kindsText } from '#workflows/application-rules'
import { refusedKindsOf } from '#app/documents/extract-data.server'
import type { Block, Letter } from './letter'
import { greeting, pupilLine, subjectBase, type LetterContext } from './letter-context.server'
import { parseGrounds } from '#app/models/json-columns'

export { renderHtml, renderText, type Letter } from './letter'

const deliveryLabel = (d: string) => DELIVERY_LABELS[d as keyof typeof DELIVERY_LABELS] ?? d

function letter(ctx: LetterContext, subject: string, body: Block[], withStatusLink = true): Letter {
  return {
    subject,
    blocks: [
      greeting(ctx.app),
      ...body,
      ...(withStatusLink ? [{ link: ctx.statusUrl, label: 'Состояние заявления' }] : []),
      { note: ctx.signature },
    ],
  }
}

/**
 * notify-applicant reasons: RECEIVE (acknowledgement), REGISTER, GRANT, correction, YEAR_ENDED, STOP_PERIODIC; others — the status line.
 */
export function applicantLetter(ctx: LetterContext, reason: string, items: string[] = []): Letter {
  const { app, timeZone: tz } = ctx
  const base = subjectBase(app, tz)
  switch (reason) {
    case 'RECEIVE':
      return letter(ctx, `Заявление (квитанция ${app.receiptNumber}) получено`, [
        `${ctx.schoolName} получила ваше заявление о предоставлении информации о текущей успеваемости обучающегося.`,
        {
          props: [
            ['Номер квитанции', app.receiptNumber],
            ['Поступило', formatReceivedAt(app.receivedAt, app.channel, tz)],
            ['Обучающийся', pupilLine(app)],
          ],
        },
        `Заявление будет зарегистрировано не позднее ${formatDateTime(app.registrationDue, tz)} ` +
          '(Порядок, п. 3.1.1). Номер квитанции понадобится, если вы обратитесь в школу.',
      ])
    case 'REGISTER':
      return letter(ctx, `${base} — зарегистрировано`, [
        'Ваше заявление зарегистрировано в журнале регистрации заявлений под № ' +
          `${app.registrationNumber}${app.registeredAt ? ` от ${formatDate(app.registeredAt, tz)}` : ''}.`,
        {
          props: [
            ['Обучающийся', pupilLine(app)],
            ['Способ получения', deliveryLabel(app.delivery)],
            ...(ctx.answerBy ? [['Срок предоставления', ctx.answerBy] as [string, string]] : []),
          ],
        },
        `Информация предоставляется в срок ${DELIVERY_RULE}.`,
      ])
    case 'GRANT':
      return letter(ctx, `${base} — принято решение о предоставлении информации`, [
        'Руководитель образовательного учреждения принял решение предоставить запрошенную информацию.',
        ...(refusedKindsOf(app).length
          ? [
              `В части, которой нет в электронном журнале (${kindsText(refusedKindsOf(app))}), в предоставлении информации ` +
                'отказано; уведомление об отказе, подписанное руководителем, направляется тем же способом (Порядок, п. 3.1.2).',
            ]
          : []),
        `Информация будет направлена ${deliveryLabel(app.delivery)}${ctx.answerBy ? ` ${ctx.answerBy}` : ''}.`,
      ])
    case 'correction':
      return letter(ctx, `${base} — требуется исправление`, [
        'При рассмотрении заявления выяснилось, что нужно исправить или дополнить:',
        { list: items.length ? items : ['сведения уточнит ответственный работник'] },
        'Ответьте на это письмо, приложив исправленные документы, или обратитесь к ответственному работнику лично.',
      ])
    case 'YEAR_ENDED':
      return letter(ctx, `${base} — предоставление информации завершено`, [
        'Учебный год закончился: периодическое предоставление информации по заявлению завершено ' +
          '(Порядок, п. 2.3). Для нового учебного года подайте новое заявление.',
      ])
    case 'STOP_PERIODIC':
      return letter(ctx, `${base} — периодическое предоставление прекращено`, [
        'По вашей просьбе периодическое предоставление информации по заявлению прекращено: новых выписок не будет.',
        'Если информация снова понадобится, подайте новое заявление (Порядок, п. 2.3).',
      ])
    default:
      return letter(ctx, `${base} — ${applicantStatusText(app.status as ApplicationStatus).toLowerCase()}`, [
        applicantStatusText(app.status as ApplicationStatus, {
          registrationNumber: app.registrationNumber,
          registeredAt: app.registeredAt,
          timeZone: tz,
        }) + '.',
      ])
  }
}

export type DocumentLetterKind = 'extract' | 'periodic-extract' | 'refusal-notice' | 'acceptance-refusal-notice' | 'credentials'

/** Template names of the document generator → the letter that carries the document. */
export const LETTER_KIND_BY_TEMPLATE: Record<string, DocumentLetterKind> = {
  vypiska: 'extract',
  'otkaz-v-predostavlenii': 'refusal-notice',
  'otkaz-v-prieme': 'acceptance-refusal-notice',
  'rekvizity-dostupa': 'credentials',
}

function grounds(ctx: LetterContext): string[] {
  try {
    return parseGrounds(ctx.app.grounds).filter(Boolean)
  } catch {
    return []
  }
}

/** A letter that carries a document as an attachment (the attachment itself is the signed document). */
export function documentLetter(ctx: LetterContext, kind: DocumentLetterKind, period?: { from: string; to: string }): Letter {
  const base = subjectBase(ctx.app, ctx.timeZone)
  const during = period ? ` за период с ${formatDate(period.from)} по ${formatDate(period.to)}` : ''
  switch (kind) {
    case 'extract':
    case 'periodic-extract':
      return letter(ctx, `${base} — выписка из электронного журнала`, [
        `Во вложении — выписка из электронного журнала успеваемости${during} о текущей успеваемости обучающегося: ${pupilLine(ctx.app)}.`,
      ])
    case 'refusal-notice':
      return letter(ctx, `${base} — уведомление об отказе в предоставлении информации`, [
        'Во вложении — уведомление об отказе в предоставлении информации, подписанное ' +
          'руководителем образовательного учреждения (Порядок, п. 3.1.2).',
        ...(grounds(ctx).length ? ['Основания отказа:', { list: grounds(ctx) } as Block] : []),
      ])
    case 'acceptance-refusal-notice':
      return letter(
        ctx,
        `${base} — уведомление об отказе в приёме документов`,
        [
          'По вашему требованию направляем уведомление об отказе в приёме документов, ' +
            'подписанное руководителем образовательного учреждения (Порядок, п. 3.1.1).',
          ...(grounds(ctx).length ? ['Основания отказа:', { list: grounds(ctx) } as Block] : []),
        ],
        false,
      )
    case 'credentials':
      return letter(ctx, `${base} — реквизиты доступа к электронному дневнику`, [
        'Во вложении — информация для доступа к электронному дневнику и электронному ' +
          'журналу успеваемости: логин, пароль и адрес сайта (Порядок, п. 3.3).',
        'Не передавайте логин и пароль другим лицам (Регламент, п. 3.2). При первом входе система попросит сменить пароль.',
      ])
  }
}

/** The e-mail was not accepted as an application (Порядок 3.1.1: the applicant is told the grounds). */
export function inboundRefusalLetter(args: {
  receivedAt: Date
  timeZone: string
  subject: string
  grounds: string[]
  signature: string
}): Letter {
  return {
    subject: `Re: ${args.subject || 'ваше письмо'} — отказ в приёме документов`,
    blocks: [
      'Здравствуйте!',
      `Ваше письмо от ${formatDateTime(args.receivedAt, args.timeZone)} не может быть принято как ` +
        'заявление о предоставлении информации о текущей успеваемости обучающегося.',
      'Основания отказа в приёме документов (Порядок, п. 3.1.1):',
      { list: args.grounds },
      'Вы можете направить исправленное заявление повторно. По вашему требованию школа ' +
        'выдаст письменное уведомление об отказе, подписанное руководителем.',
      { note: args.signature },
    ],
  }
}
