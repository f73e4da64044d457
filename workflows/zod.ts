// zod with Russian default messages. Every schema of the product imports `z` from here, never from 'zod': a
// message the schema does not set itself (a number where a name is expected, an object for a class, `kinds` not
// a list) still reaches the user, the portal or the log in Russian (issue 13, item 10; issue 17, item 7).
// The configuration is process-wide (one zod instance), so importing this module once is enough; importing it
// everywhere makes sure no schema parses before it.
import { z } from 'zod'
import { plural } from './plural'

type Issue = z.core.$ZodRawIssue

const TYPE_NAMES: Record<string, string> = {
  string: 'текст',
  number: 'число',
  int: 'целое число',
  bigint: 'целое число',
  boolean: 'да или нет (true/false)',
  array: 'список',
  object: 'объект с полями',
  date: 'дата',
  null: 'null',
  undefined: 'ничего',
  record: 'объект с полями',
  tuple: 'список',
  file: 'файл',
  nan: 'число',
}

function received(input: unknown): string {
  if (input === undefined) return 'ничего'
  if (input === null) return 'null'
  if (Array.isArray(input)) return 'список'
  const t = typeof input
  return t === 'string'
    ? 'текст'
    : t === 'number'
      ? 'число'
      : t === 'boolean'
        ? 'да или нет'
        : t === 'object'
          ? 'объект'
          : 'значение другого вида'
}

const units = (origin: unknown, n: number) => {
  const count = Number(n)
  if (origin === 'string') return `${count} ${plural(count, 'символ', 'символа', 'символов')}`
  if (origin === 'array' || origin === 'set') return `${count} ${plural(count, 'элемент', 'элемента', 'элементов')}`
  if (origin === 'file') return `${count} ${plural(count, 'байт', 'байта', 'байт')}`
  return String(n)
}

/** The Russian message of a zod issue that its schema did not word itself. */
function russianIssue(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'Обязательное поле: значение не указано'
      const expected = TYPE_NAMES[String(issue.expected)] ?? 'значение другого вида'
      return `Неверный тип: ожидается ${expected}, получено ${received(issue.input)}`
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `Недопустимое значение: ожидается ${JSON.stringify(issue.values[0])}`
        : `Недопустимое значение: ожидается одно из ${issue.values.map((v: unknown) => JSON.stringify(v)).join(', ')}`
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? 'Обязательное поле: значение пустое'
        : `Слишком мало: не меньше ${units(issue.origin, Number(issue.minimum))}`
    case 'too_big':
      return `Слишком много: не больше ${units(issue.origin, Number(issue.maximum))}`
    case 'invalid_format':
      return issue.format === 'email' ? 'Неверный адрес электронной почты' : 'Неверный формат значения'
    case 'not_multiple_of':
      return `Значение должно быть кратно ${String(issue.divisor)}`
    case 'unrecognized_keys':
      return `Неизвестные поля: ${issue.keys.join(', ')}`
    case 'invalid_key':
      return 'Неверное имя поля'
    case 'invalid_union':
      return 'Значение не подходит ни под один из допустимых видов'
    case 'invalid_element':
      return 'Неверный элемент'
    default:
      return 'Неверное значение'
  }
}

// The locale map has the lowest priority: a message a schema words itself always wins.
z.config({ localeError: (issue) => russianIssue(issue) })

export { z }
