import { describe, expect, it } from 'vitest'
import { autoReplyText, bounceReason, classifyHeaders, dsnActions, ourMessageIds, subjectRef, type HeaderView } from './classify'
import { renderHtml, renderText } from './letter'
import { mailApplicant, prefillFromMail } from './prefill'

function headers(h: Record<string, string>, extra: Partial<HeaderView> = {}): HeaderView {
  return {
    get: (n) => h[n] ?? '',
    contentType: 'text/plain',
    reportType: '',
    from: 'parent@example.ru',
    subject: h.subject ?? '',
    ...extra,
  }
}

describe('classifying incoming mail', () => {
  it('recognises bounces by the report type or the mailer-daemon, auto-replies by RFC 3834 and common headers', () => {
    expect(classifyHeaders(headers({}, { contentType: 'multipart/report', reportType: 'delivery-status' }))).toBe('bounce')
    expect(classifyHeaders(headers({ subject: 'Undelivered Mail Returned to Sender' }, { from: 'mailer-daemon@mx.ru' }))).toBe('bounce')
    expect(classifyHeaders(headers({ 'auto-submitted': 'auto-replied' }))).toBe('auto_reply')
    expect(classifyHeaders(headers({ 'auto-submitted': 'no' }))).toBe('message')
    expect(classifyHeaders(headers({ 'x-autoreply': 'yes' }))).toBe('auto_reply')
    expect(classifyHeaders(headers({ precedence: 'auto_reply' }))).toBe('auto_reply')
    expect(classifyHeaders(headers({ subject: 'Автоответ: Заявление № 3' }))).toBe('auto_reply')
    expect(classifyHeaders(headers({ subject: 'Заявление на выписку' }))).toBe('message')
  })

  it('a delay warning or a read receipt is a notice, not a return; one failed recipient makes it a return', () => {
    const dsn = { contentType: 'multipart/report', reportType: 'delivery-status' }
    const actions = (text: string) => ({ actions: dsnActions(text) })
    expect(classifyHeaders(headers({}, dsn), actions('Final-Recipient: rfc822; a@b.ru\r\nAction: delayed\r\nStatus: 4.4.1'))).toBe(
      'auto_reply',
    )
    expect(classifyHeaders(headers({}, dsn), actions('Action: Delayed\nAction: delivered\nAction: relayed'))).toBe('auto_reply')
    expect(classifyHeaders(headers({}, dsn), actions('Action: delayed\nAction: failed'))).toBe('bounce')
    // No delivery-status part read: a report is a return, as before.
    expect(classifyHeaders(headers({}, dsn), actions(''))).toBe('bounce')
    const receipt = headers(
      { subject: 'Прочитано: Заявление № 15 от 12.05.2026' },
      { contentType: 'multipart/report', reportType: 'disposition-notification' },
    )
    expect(classifyHeaders(receipt)).toBe('auto_reply')
    // A parent's own letter quoting «Action: delayed» is a letter.
    expect(classifyHeaders(headers({ subject: 'Вопрос' }), actions('Action: delayed'))).toBe('message')
  })

  it('finds our Message-IDs and the diagnostic in a bounce', () => {
    const raw =
      'Status: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\nMessage-ID: <abc@school8.example.org>\r\nReferences: <x@other.ru>'
    expect(ourMessageIds(raw, 'school8.example.org')).toEqual(['<abc@school8.example.org>'])
    expect(bounceReason(raw)).toBe('Статус 5.1.1. 550 5.1.1 User unknown')
  })

  it('reads the receipt and the registration number from a subject', () => {
    expect(subjectRef('Re: Заявление (квитанция 20261129-ab12c3) получено')).toEqual({ receiptNumber: '20261129-AB12C3' })
    expect(subjectRef('RE: Заявление № 15 от 12.05.2026 — зарегистрировано')).toEqual({ registration: { number: 15, year: 2026 } })
    expect(subjectRef('Вопрос')).toEqual({})
  })
})

describe('letters and the form prefill', () => {
  it('renders the same blocks as text and escaped HTML', () => {
    const letter = {
      subject: 'Тема <b>',
      blocks: ['Привет, <script>', { list: ['один'] }, { link: 'http://x/s/t?a=1&b=2', label: 'Ссылка' }, { note: 'Подпись' }],
    }
    expect(renderText(letter)).toBe('Привет, <script>\n\n  — один\n\nСсылка: http://x/s/t?a=1&b=2\n\n-- \nПодпись\n')
    const html = renderHtml(letter)
    expect(html).toContain('Привет, &lt;script&gt;')
    expect(html).toContain('href="http://x/s/t?a=1&amp;b=2"')
    expect(html).not.toContain('<script>')
  })

  it('guesses the applicant, pupil, class and kinds from the letter', () => {
    const values = prefillFromMail({
      fromName: 'Иванова Мария Петровна',
      fromAddress: 'ivanova@example.ru',
      text:
        'Прошу выдать сведения об оценках и посещаемости еженедельно. Обучающийся: ' +
        'Иванов Пётр Сергеевич, 5 «А» класс. Тел. +7 (8452) 12-34-56',
    })
    expect(values.applicant).toMatchObject({
      lastName: 'Иванова',
      firstName: 'Мария',
      middleName: 'Петровна',
      email: 'ivanova@example.ru',
      phone: '+7 (8452) 12-34-56',
    })
    expect(values.pupil).toEqual({ lastName: 'Иванов', firstName: 'Пётр', middleName: 'Сергеевич', className: '5А' })
    expect(values.kinds).toEqual(['marks', 'attendance'])
    expect(values).toMatchObject({ periodicity: 'weekly', delivery: 'email' })
  })

  it('reads a name with Latin look-alikes, a decomposed «й» or a soft hyphen as the name it is; a Latin «A» of a class', () => {
    const values = prefillFromMail({
      fromName: 'Ивaнова Мария Сергеевнa',
      fromAddress: 'ivanova@example.ru',
      text: 'Прошу выдать сведения об оценках. Обучающийся: Ивaнов Андреи\u0306 Серге\u00adевич, 5A класс.',
    })
    expect(values.applicant).toMatchObject({ lastName: 'Иванова', firstName: 'Мария', middleName: 'Сергеевна' })
    expect(values.pupil).toEqual({ lastName: 'Иванов', firstName: 'Андрей', middleName: 'Сергеевич', className: '5А' })
  })

  it('the school’s forward of a parent’s letter is the parent’s: the applicant and the answer’s address are the original sender’s', () => {
    const body =
      '\n\nЗаявитель: Зайцева Елена Викторовна. Прошу предоставить информацию об оценках.\n' +
      'Обучающийся: Зайцев Максим Игоревич, 6 «Б» класс.\n'
    const forwards = {
      mailru:
        'Пришло на общий ящик, пересылаю.\n\n-------- Пересылаемое сообщение --------\n' +
        'Понедельник, 7 декабря 2026, 9:15 +03:00 от Зайцева Елена <Zaitseva.E@mail.ru>:' +
        body,
      yandex: '-------- Пересылаемое сообщение --------\n07.12.2026, 09:15, "Зайцева Елена" <zaitseva.e@mail.ru>:' + body,
      gmail:
        '---------- Forwarded message ---------\nFrom: Зайцева Елена <zaitseva.e@mail.ru>\nDate: Mon, 7 Dec 2026 at 09:15\n' +
        'Subject: Заявление\nTo: <secretary@mail.ru>' +
        body,
      attachment: '---------- Вложенное письмо ----------\nОт: Зайцева Елена <zaitseva.e@mail.ru>\nДата: 07.12.2026 09:15' + body,
      outlook:
        '-----Original Message-----\nFrom: Зайцева Елена <zaitseva.e@mail.ru>\nSent: Monday, December 7, 2026 9:15 AM\n' +
        'Subject: Заявление' +
        body,
    }
    for (const [client, text] of Object.entries(forwards)) {
      const values = prefillFromMail({ fromName: 'Секретарь СОШ 8', fromAddress: 'secretary@mail.ru', text, subject: 'FW: Заявление' }, [
        'school8@example.org',
        'Secretary@Mail.ru',
      ])
      expect(values.applicant, client).toMatchObject({ lastName: 'Зайцева', firstName: 'Елена', email: 'zaitseva.e@mail.ru' })
      expect(values.applicant.middleName, client).toBe('Викторовна')
      expect(values.pupil, client).toEqual({ lastName: 'Зайцев', firstName: 'Максим', middleName: 'Игоревич', className: '6Б' })
    }
  })

  it('anyone else’s forward or attached letter leaves the answer’s address the sender’s: the forwarded «From:» is only a hint', () => {
    const own = ['school8@example.org', 'secretary@mail.ru']
    // A parent forwards a teacher's letter; attaches the school's own refusal; fakes a header to «match» the address on file.
    const teacher = {
      fromName: 'Петрова Анна Сергеевна',
      fromAddress: 'petrova@example.ru',
      subject: 'Fwd: Оценки',
      text:
        'Прошу выдать сведения об оценках сына. Тел. +7 912 000-11-22\n\n---------- Forwarded message ---------\n' +
        'From: Смирнова Ольга Ивановна <smirnova.teacher@mail.ru>\nTo: <petrova@example.ru>\n\n' +
        'Заявитель: Смирнова Ольга. Тел. 8 912 333-44-55',
    }
    expect(prefillFromMail(teacher, own).applicant).toMatchObject({
      lastName: 'Петрова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
      email: 'petrova@example.ru',
      phone: '+7 912 000-11-22',
    })
    expect(mailApplicant(teacher, own)).toMatchObject({
      address: 'petrova@example.ru',
      unwrapped: false,
      hint: { name: 'Смирнова Ольга Ивановна', address: 'smirnova.teacher@mail.ru' },
    })
    const refusal = {
      fromName: 'Петрова Анна',
      fromAddress: 'petrova@example.ru',
      text: 'Не согласна с отказом.\n\n---------- Вложенное письмо ----------\nОт: МОУ «СОШ № 8» <school8@example.org>\nТема: отказ',
    }
    expect(prefillFromMail(refusal, own).applicant.email).toBe('petrova@example.ru')
    const fake = {
      fromName: '',
      fromAddress: 'stranger@evil.example',
      text: '-------- Forwarded message --------\nFrom: Иванова Мария <ivanova@real.example>\n\nЗаявитель: Иванова Мария Петровна',
    }
    expect(prefillFromMail(fake, own).applicant.email).toBe('stranger@evil.example')
    expect(mailApplicant(fake, own).hint?.address).toBe('ivanova@real.example')
    // The school's own address is never the applicant's: the employee types the parent's.
    const ownOnly = { fromName: 'Секретарь', fromAddress: 'SECRETARY@mail.ru', text: 'Заявитель: Зайцева Елена Викторовна' }
    expect(prefillFromMail(ownOnly, own).applicant).toMatchObject({ email: '', lastName: 'Зайцева' })
    const ownForward = { ...ownOnly, text: 'Forwarded message\nFrom: Школа <school8@example.org>\n\nЗаявитель: Зайцева Елена' }
    expect(mailApplicant(ownForward, own)).toMatchObject({ address: '', unwrapped: false })
  })

  it('a forward’s sender is its «From:» line only — Outlook’s [mailto:], a bare address, «Фамилия, Имя» — never «To:»', () => {
    const own = ['secretary@mail.ru']
    const forward = (header: string) =>
      mailApplicant(
        { fromName: 'Секретарь', fromAddress: 'secretary@mail.ru', text: `---------- Forwarded message ---------\n${header}\n\nТекст` },
        own,
      )
    expect(forward('From: Зайцева Елена [mailto:zaitseva@mail.ru]\nSent: Monday\nTo: Школа <school8@example.org>')).toMatchObject({
      name: 'Зайцева Елена',
      address: 'zaitseva@mail.ru',
      unwrapped: true,
    })
    expect(forward('От: zaitseva@mail.ru\nКому: Школа <school8@example.org>')).toMatchObject({ address: 'zaitseva@mail.ru' })
    expect(forward('From: "Зайцева, Елена" <zaitseva@mail.ru>')).toMatchObject({ name: 'Зайцева Елена', address: 'zaitseva@mail.ru' })
    // A «To:» line before any «From:» is the recipient's: no sender is guessed from it.
    expect(forward('To: Школа <school8@example.org>\nFrom: Зайцева Елена <zaitseva@mail.ru>')).toMatchObject({ address: '' })
    const values = prefillFromMail(
      {
        fromName: 'Секретарь',
        fromAddress: 'secretary@mail.ru',
        text: '---------- Forwarded message ---------\nFrom: Зайцева, Елена <zaitseva@mail.ru>\nTo: <secretary@mail.ru>\n\nПрошу оценки.',
      },
      own,
    )
    expect(values.applicant).toMatchObject({ lastName: 'Зайцева', firstName: 'Елена', email: 'zaitseva@mail.ru' })
  })

  it('the school’s forward is read from its mark on: the forwarder’s signature, phone and document are not the parent’s', () => {
    const values = prefillFromMail(
      {
        fromName: 'Секретарь',
        fromAddress: 'secretary@mail.ru',
        text:
          'Пересылаю. От: Секретарь Кузнецова Ирина, тел. +7 8452 20-08-08, паспорт 6300 111111\n\n' +
          '-------- Пересылаемое сообщение --------\nОт: Зайцева Елена <zaitseva@mail.ru>\n\n' +
          'Прошу оценки. Обучающийся: Зайцев Максим, 6Б класс.',
      },
      ['secretary@mail.ru'],
    )
    expect(values.applicant).toMatchObject({ lastName: 'Зайцева', firstName: 'Елена', phone: '', identityDocument: '' })
    expect(values.pupil).toMatchObject({ lastName: 'Зайцев', className: '6Б' })
  })

  it('reads a body of dash lines fast (the forward mark’s pattern stays within a line)', () => {
    const text = '-\n'.repeat(10_000)
    const started = performance.now()
    prefillFromMail({ fromName: '', fromAddress: 'a@example.ru', text, subject: 'Fwd: x' })
    expect(performance.now() - started).toBeLessThan(100)
  })

  it('finds the applicant’s name after «гр.», a bracket or in quotes, up to a sentence’s end', () => {
    const name = (line: string) => prefillFromMail({ fromName: '', fromAddress: 'a@example.ru', text: line }).applicant
    const ivanova = { lastName: 'Иванова', firstName: 'Мария', middleName: 'Петровна' }
    expect(name('Заявитель: родитель (законный представитель) Иванова Мария Петровна')).toMatchObject(ivanova)
    expect(name('Заявитель: гр. Иванова Мария Петровна')).toMatchObject(ivanova)
    expect(name('ФИО заявителя: "Иванова Мария Петровна"')).toMatchObject(ivanova)
    expect(name('ФИО заявителя: «Иванова Мария Петровна»')).toMatchObject(ivanova)
    expect(name('Заявитель: Иванова Мария Петровна. Прошу выдать')).toMatchObject(ivanova)
  })

  it('guesses nothing from the quote of the school’s letter in a reply, and falls back to the sender’s name', () => {
    const values = prefillFromMail({
      fromName: 'Петрова Анна Сергеевна',
      fromAddress: 'petrova@example.ru',
      text:
        'Добрый день! Прошу ещё и расписание.\n\n-----Original Message-----\nОт: МОУ «СОШ № 8» [mailto:school8@example.org]\n' +
        'Обучающийся: Сидоров Олег Ильич, 9 «В» класс. Доступ к дневнику: логин sidorov, пароль qwerty. Тел. 8 8452 20-08-08',
    })
    expect(values.applicant).toMatchObject({ lastName: 'Петрова', firstName: 'Анна', middleName: 'Сергеевна', phone: '' })
    expect(values.pupil).toEqual({ lastName: '', firstName: '', middleName: '', className: '' })
    expect(values.kinds).toEqual(['timetable'])
    const gmail = prefillFromMail({
      fromName: 'Петрова Анна',
      fromAddress: 'petrova@example.ru',
      text: 'Спасибо!\n\nПн, 7 дек. 2026 г. в 10:00, МОУ СОШ № 8 <school8@example.org>:\n> Обучающийся: Сидоров Олег, 9 «В» класс',
    })
    expect(gmail.pupil.lastName).toBe('')
    // Outlook's HTML reply: the quote starts with its header block alone (a bordered block, no separator line).
    const outlook = prefillFromMail({
      fromName: 'Петрова Анна',
      fromAddress: 'petrova@example.ru',
      text:
        'Прошу расписание.\n\nОт: Иванова Мария Петровна <school8@example.org>\nОтправлено: 7 декабря 2026 г. 10:00\n' +
        'Кому: petrova@example.ru\nТема: Ответ школы\n\nОбучающийся: Сидоров Олег Ильич, 9 «В» класс. Тел. 8 8452 20-08-08',
    })
    expect(outlook.applicant).toMatchObject({ lastName: 'Петрова', firstName: 'Анна', phone: '' })
    expect(outlook.pupil).toEqual({ lastName: '', firstName: '', middleName: '', className: '' })
    // The applicant's own «От:» line with no «Отправлено:» under it is the application, read.
    const own = prefillFromMail({
      fromName: '',
      fromAddress: 'petrova@example.ru',
      text: 'Директору МОУ «СОШ № 8»\nОт: Петровой Анны Сергеевны\nДата: 07.12.2026\nОбучающийся: Петров Иван Сергеевич, 5А класс',
    })
    expect(own.pupil).toMatchObject({ lastName: 'Петров', firstName: 'Иван', className: '5А' })
  })

  it('leaves a field empty rather than guess it wrong: a name in the genitive, a passport without its number', () => {
    const values = prefillFromMail({
      fromName: 'Алексеева Ирина',
      fromAddress: 'alekseeva@example.ru',
      text:
        'Прошу предоставить сведения о текущей успеваемости моей дочери Алексеевой Ольги ' +
        'Константиновны, 7 «Б» класс.\nКопии паспорта и свидетельства о рождении прилагаю.',
    })
    expect(values.pupil).toEqual({ lastName: '', firstName: '', middleName: '', className: '7Б' })
    expect(values.applicant.identityDocument).toBe('')
    const withNumber = prefillFromMail({
      fromName: '',
      fromAddress: 'a@example.ru',
      text: 'Дочь: Алексеева Ольга Константиновна.\nПаспорт 6310 123456, выдан 01.02.2015.',
    })
    expect(withNumber.pupil).toMatchObject({ lastName: 'Алексеева', firstName: 'Ольга', middleName: 'Константиновна' })
    expect(withNumber.applicant.identityDocument).toBe('Паспорт 6310 123456, выдан 01.02.2015')
  })
})

describe('an auto-reply known by its text alone', () => {
  it('takes the usual out-of-office and «received» texts of Outlook, Exchange, Yandex, Mail.ru and help desks', () => {
    const autoReplies = [
      'Я в отпуске до 14 декабря. По срочным вопросам прошу обращаться к Петровой О. И., тел. 8 (8452) 33-33-33.',
      'Здравствуйте!\n\nНахожусь в очередном отпуске с 01.12 по 20.12, доступ к почте ограничен.\n\n--\nС уважением, Иванов',
      'Ваше письмо получено и будет рассмотрено в ближайшее время.',
      'Спасибо! Ваше обращение успешно зарегистрировано под номером 4521.',
      'Данное сообщение сформировано автоматически, не отвечайте на него.',
      'Буду отсутствовать в офисе до 10.01.2027.',
      'Я на больничном, отвечу после выздоровления.',
      'I am out of the office until December 14 with limited access to e-mail.',
      'Thank you for your email. I will be away until Monday.',
      'Это автоматический ответ. Сотрудник в командировке.',
    ]
    for (const text of autoReplies) expect({ text, auto: autoReplyText(text) }).toEqual({ text, auto: true })
  })

  it('leaves a person’s letter, an application that quotes an auto-reply, and one that mentions a leave', () => {
    const letters = [
      'Прошу предоставить информацию об успеваемости моего сына Петрова Ильи, 5А класс.',
      // An application sent again under the school employee's out-of-office answer.
      'Отправляю заявление повторно, прошу выдать выписку.\n\n> Я в отпуске до 14 декабря.\n> Ваше письмо получено.',
      'Повторно высылаю.\n\n-----Original Message-----\nFrom: Петрова О. И.\nЯ в отпуске до 14 декабря.',
      'Я в отпуске до 20-го, пришлите, пожалуйста, выписку по оценкам дочери на эту почту.',
      'Добрый день! Сын отсутствует по болезни, пришлите домашнее задание.',
      // Only a quote: nothing of the writer's own to read as an auto-reply.
      '> Я в отпуске до 14 декабря.',
      `${'Длинное письмо родителя. '.repeat(80)}\nЯ в отпуске.`,
    ]
    for (const text of letters) expect({ text, auto: autoReplyText(text) }).toEqual({ text, auto: false })
  })
})

describe('options ticked in a letter’s text', () => {
  const kinds = (text: string) => prefillFromMail({ fromName: 'Иванова Мария', fromAddress: 'a@example.ru', text }).kinds
  it('reads a list ticked with «+», «V», «х», «X», «✓», «☑», «[x]»: only the ticked lines, and the heading above them', () => {
    for (const mark of ['+', 'V', 'v', 'х', 'X', '✓', '☑', '[x]', '[+]']) {
      const text =
        'Прошу предоставить информацию:\n' +
        `${mark} об оценках\n` +
        '- о расписании занятий\n' +
        `${mark} о посещаемости\n` +
        'о домашних заданиях\n\nПериодичность: ежемесячно'
      expect({ mark, kinds: kinds(text) }).toEqual({ mark, kinds: ['marks', 'attendance'] })
    }
    // Marks after the options, on one line or in a pasted table.
    expect(kinds('об оценках — +\nо расписании\nо посещаемости: V')).toEqual(['marks', 'attendance'])
    expect(kinds('[ ] оценки [x] расписание [ ] посещаемость')).toEqual(['timetable'])
    expect(kinds('оценки\t\nрасписание\tх')).toEqual(['timetable'])
  })

  it('a letter with no marks is read whole, as before', () => {
    expect(kinds('Прошу сведения об оценках и посещаемости сына.')).toEqual(['marks', 'attendance'])
    expect(kinds('Прошу:\n- оценки\n- расписание')).toEqual(['marks', 'timetable'])
    // A phone with its «+» is no mark.
    expect(kinds('Прошу расписание.\n+7 912 345-67-89 об оценках не нужно')).toEqual(['marks', 'timetable'])
  })
})

describe('names with a Turkic patronymic, a double surname, in capitals', () => {
  const guess = (text: string, fromName = '') => prefillFromMail({ fromName, fromAddress: 'a@example.ru', text })
  it('keeps «оглы», «кызы», «улы», «гызы» with the patronymic, written apart or hyphenated, in any case', () => {
    expect(guess('Заявитель: Мамедов Эльчин Рашид оглы').applicant).toMatchObject({
      lastName: 'Мамедов',
      firstName: 'Эльчин',
      middleName: 'Рашид оглы',
    })
    expect(guess('Заявитель: Алиева Лейла Ильхам-кызы, тел. 8 912 000-00-00').applicant.middleName).toBe('Ильхам кызы')
    expect(guess('Заявитель: ГАСАНОВА АЙГЮН НАДИР ГЫЗЫ').applicant).toMatchObject({
      lastName: 'Гасанова',
      firstName: 'Айгюн',
      middleName: 'Надир гызы',
    })
    expect(guess('', 'Сапаров Нурлан Ерлан-Улы').applicant.middleName).toBe('Ерлан улы')
    expect(guess('Обучающийся: Мамедов Тимур Эльчин оглы, 5А класс.').pupil).toMatchObject({
      lastName: 'Мамедов',
      firstName: 'Тимур',
      middleName: 'Эльчин оглы',
      className: '5А',
    })
  })

  it('reads a hyphenated double surname and a name in capitals; a label with one name gives no pupil', () => {
    expect(guess('Ученица: Римская - Корсакова Анна Сергеевна, 7Б класс').pupil).toMatchObject({
      lastName: 'Римская-Корсакова',
      firstName: 'Анна',
      middleName: 'Сергеевна',
    })
    expect(guess('Ученик: СЕМЁНОВ ПЁТР, 3А класс').pupil).toMatchObject({ lastName: 'Семёнов', firstName: 'Пётр' })
    expect(guess('Прошу выписку, дочь Анна учится в 5А классе.').pupil).toMatchObject({ lastName: '', firstName: '' })
  })
})
