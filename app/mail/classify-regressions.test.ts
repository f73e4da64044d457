// rev-rwi8 probes: real parent letters must not be auto-replies; a class letter must not wipe the letter's kinds.
import { describe, expect, test } from 'vitest'
import { autoReplyText } from './classify'
import { prefillFromMail } from './prefill'

describe('a parent letter is never an auto-reply', () => {
  test.each([
    'Сын отсутствует в школе с понедельника, прошу прислать задания',
    'Дочь отсутствует по болезни, нужна бумага для поликлиники',
    'Добрый день! Нахожусь в командировке, документы во вложении.',
    'Прошу выслать табель сына Иванова Петра. Я в командировке до 20-го.',
    'Ваше письмо получено. Подскажите, когда можно забрать документ?',
    'Ваше сообщение получено, но вложения нет, пришлите ещё раз',
    'Я сейчас в отпуске, прошу прислать документ для визы на почту. Петров Иван, 7Б',
  ])('%s', (text) => expect(autoReplyText(text)).toBe(false))
})

describe('a class letter at a line end is no tick', () => {
  const kinds = (text: string) => prefillFromMail({ fromName: 'Иванова Мария', fromAddress: 'a@b.ru', text }).kinds
  test.each([
    'Здравствуйте!\nМой сын Петров Иван учится в классе Х\nПрошу выслать оценки и расписание',
    'Здравствуйте!\nДочь Петрова Анна, класс V\nПрошу выслать оценки за четверть и расписание',
    'Ученик: Петров Иван\tКласс: V\nПрошу выслать оценки и расписание',
    'Здравствуйте, пишу по поводу сына (Х)\nПрошу выслать оценки и расписание',
  ])('%s', (text) => expect(kinds(text)).toEqual(['marks', 'timetable']))
  test('prose after a typed tick is still read', () =>
    expect(kinds('Прошу:\n+ оценки\nрасписание тоже нужно')).toEqual(['marks', 'timetable']))
})

// ADR 125: a day of return alone («до 20.12») makes an away phrase an auto-reply only in a letter that says nothing else.
describe('a day of return is an auto-reply’s only in a letter that says nothing else', () => {
  test.each([
    'Я в командировке до 20.12, документы принесёт бабушка. Спасибо.',
    'Добрый день! Я в отпуске до 25.12. Сын Петров Иван будет в школе с 10.01.',
    'Буду отсутствовать до 15.12 — заберу документ после возвращения.',
  ])('a parent: %s', (text) => expect(autoReplyText(text)).toBe(false))
  test.each([
    'Здравствуйте!\n\nЯ в отпуске до 20.12.2026.\n\nС уважением',
    'Буду отсутствовать в офисе до 10.01.2027.',
    'Thank you for your email. I will be away until Monday.',
  ])('a notice: %s', (text) => expect(autoReplyText(text)).toBe(true))
})

// ADR 125: an away clause is an auto-reply's only when nothing is left of it once its away phrase, its period («до
// 20.12», «с 01.12 по 20.12», «включительно») and «я», «нахожусь», «буду» are taken out — commas or not. A greeting is
// only its words (and an addressee), never the clause that follows it unpunctuated.
const PARENTS_AWAY = [
  'Я в командировке до 20.12 бабушка заберёт документы',
  'Я в отпуске до 20.12 и не смогу прийти на собрание',
  'Я буду отсутствовать до 20.12 так как лежу в больнице с сыном',
  'Спасибо, я в командировке до 20.12 заберу после',
  'Мама в командировке до 20.12, папа на больничном до 18.12',
  'I am away until 20.12 my wife will come',
  'Здравствуйте Маша заболела. Я на больничном до 20.12',
  'Dear teacher my son is ill. I am on sick leave until 20.12',
]
describe('an away clause with words of its own is a parent’s, commas or not', () => {
  test.each(PARENTS_AWAY)('a parent: %s', (text) => expect(autoReplyText(text)).toBe(false))
  test.each([
    'Уважаемые коллеги! Я нахожусь в отпуске до 20.12.2026.',
    'Уважаемый отправитель! Я нахожусь в отпуске с 01.12 по 20.12 включительно.',
    'Здравствуйте, Мария Ивановна! Я на больничном до 20 декабря 2026 г.',
    'Dear Parent, I am on vacation until December 14.',
    'Спасибо за ваше письмо. Я в командировке до 20.12.',
  ])('a notice: %s', (text) => expect(autoReplyText(text)).toBe(true))
})
