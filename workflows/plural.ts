// The one plural rule of the product's Russian (issue 19, item 4): «1 класс», «22 класса», «25 классов»,
// «4 заявления не закрыты». Every number followed by a noun goes through here; app/utils/format.ts re-exports it.

/** The form of a word after the number n: one (1, 21, 101), few (2–4, 22–24) or many (0, 5–20, 11–14, 25…). */
export function plural(n: number, one: string, few: string, many: string): string {
  const abs = Math.abs(Math.trunc(n))
  if (!Number.isInteger(n)) return few // «1,5 дня», «2,5 часа»: a fraction takes the genitive singular
  const mod10 = abs % 10
  const mod100 = abs % 100
  if (mod10 === 1 && mod100 !== 11) return one
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few
  return many
}

/** The number and its word: count(22, 'класс', 'класса', 'классов') → «22 класса». */
export function count(n: number, one: string, few: string, many: string): string {
  return `${n.toLocaleString('ru-RU')} ${plural(n, one, few, many)}`
}
