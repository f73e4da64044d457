// The words of the staff's lists and their empty states (session 20): a list with nothing in it says so in a sentence
// — never «0 заявлений не закрыто», «Найдено: 0», «Новые (0)» — and speaks of a filter («по выбранному отбору») only
// when one is set. Numbers agree with their nouns through workflows/plural.
import { count } from './plural'

/** A tab's or an option's number in brackets, only when there is something: «Новые (3)», «Новые». */
export const bracketCount = (n: number | null | undefined) => (n ? ` (${n.toLocaleString('ru-RU')})` : '')

/** A heading with its number after a colon, only when there is something: «Отклонения: 2», «Отклонения». */
export const headingCount = (title: string, n: number) => (n ? `${title}: ${n.toLocaleString('ru-RU')}` : title)

/** The queue's first line: how many applications are open, or that none is. */
export function queueSummary(open: number): string {
  if (open === 0) return 'Незакрытых заявлений нет.'
  return `${count(open, 'заявление не закрыто', 'заявления не закрыты', 'заявлений не закрыто')}; сначала — с ближайшим сроком.`
}

/** The queue's status line under the filters: what is shown of what matches, or why nothing is. */
export function queueShown(shown: number, matching: number, open: number, filtered: boolean): string {
  if (shown > 0) return `Показано: ${shown}${matching > shown ? ` из ${matching}` : ''}`
  if (filtered) return open ? 'Заявлений по выбранному отбору нет.' : 'Заявлений по выбранному отбору нет: незакрытых заявлений нет вовсе.'
  return 'Новые заявления появятся здесь, как только поступят или будут приняты.'
}
