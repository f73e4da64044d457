// A class name as people write it — in an import file, on the online form, at the desk — read one way, so that the
// class a parent types is the class the school holds: «5 а», «5-А», «05А», «5«А»», «5а класс», «11 А (профиль)», a
// Latin «5A» → «5А».
import { cyrillicLookalikes, russianLetters } from './text'

/** «5 а», «5-А», «5"А"», «5A» (Latin), «5А класс» → «5А» (grade 1–11, one letter); null when it is not a class name. */
export function parseClassName(value: string): { name: string; grade: number; letter: string } | null {
  // «5А KЛАСС» with a Latin «K»: the word is read as Russian (a lone Latin «5A» is mapped below).
  const compact = cyrillicLookalikes(value.normalize('NFC'))
    .trim()
    // A remark after the class in brackets, as school lists write it: «11 А (профиль)», «9Б (ОВЗ)».
    .replace(/\s*\([^()]*\)$/u, '')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—"«»'“”„]/g, '')
    .replace(/(?:КЛАСС|КЛ\.?)$/, '')
  const m = /^(\d{1,2})(.)$/u.exec(compact)
  if (!m) return null
  const letter = russianLetters(m[2])
  const grade = Number(m[1])
  if (grade < 1 || grade > 11 || !/^[А-ЯЁ]$/.test(letter)) return null
  return { name: `${grade}${letter}`, grade, letter }
}
