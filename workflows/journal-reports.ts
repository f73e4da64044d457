// Сводная ведомость (Положение 4.3.8, 4.6.3): a class's final marks of a period per subject — how many of each
// mark, успеваемость (share of pupils with a mark and no «2»/«незачёт») and качество (share of «4» and «5» among
// numeric marks) — and the class's отличники, хорошисты and неуспевающие. Pure.

export type PupilFinals = { pupil: string; marks: Record<string, string> }
type SubjectSummary = {
  subject: string
  five: number
  four: number
  three: number
  two: number
  credit: number
  noCredit: number
  none: number
  progress: string
  quality: string
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`)

export function subjectSummaries(subjects: readonly string[], pupils: readonly PupilFinals[]): SubjectSummary[] {
  return subjects.map((subject) => {
    const values = pupils.map((p) => p.marks[subject])
    const count = (v: string) => values.filter((x) => x === v).length
    const [five, four, three, two, credit, noCredit] = ['5', '4', '3', '2', 'зачёт', 'незачёт'].map(count)
    const numeric = five + four + three + two
    const marked = numeric + credit + noCredit
    return {
      subject,
      five,
      four,
      three,
      two,
      credit,
      noCredit,
      none: pupils.length - marked,
      progress: percent(marked - two - noCredit, marked),
      quality: percent(five + four, numeric),
    }
  })
}

/** Отличники: every mark «5» (or «зачёт»); хорошисты: «4» and «5» with at least one «4»; неуспевающие: any «2»/«незачёт». */
export function classSummary(pupils: readonly PupilFinals[]): { excellent: string[]; good: string[]; failing: string[] } {
  const excellent: string[] = []
  const good: string[] = []
  const failing: string[] = []
  for (const p of pupils) {
    const values = Object.values(p.marks)
    if (values.length === 0) continue
    if (values.some((v) => v === '2' || v === 'незачёт')) failing.push(p.pupil)
    else if (values.every((v) => v === '5' || v === 'зачёт')) excellent.push(p.pupil)
    else if (values.every((v) => v === '5' || v === '4' || v === 'зачёт')) good.push(p.pupil)
  }
  return { excellent, good, failing }
}
