// Word documents of the control screens: the check report (templates/proverka.docx) and the monthly activity
// report (templates/otchet-aktivnosti.docx). Like every template they are printed with the school's active
// version (an upload on /admin/templates, or the shipped file after a rollback). Every value is a
// ready-to-print string (dd.MM.yyyy in the school's zone); the data shapes are in app/documents/types.ts.
import { renderPool } from '#app/documents/render-pool.server'
import { loadActiveTemplate } from '#app/documents/template-store.server'
import type {
  ActivityReportData,
  AttendanceReportData,
  CheckReportData,
  CurriculumReportData,
  ResultsReportData,
  TemplateDataMap,
} from '#app/documents/types'

/** The document and the template version it was printed with («otchet-aktivnosti@2»). */
async function render<N extends 'proverka' | 'otchet-aktivnosti' | 'uchet-zanyatiy' | 'poseshchaemost' | 'svodnaya-vedomost'>(
  schoolId: string,
  name: N,
  data: TemplateDataMap[N],
): Promise<{ docx: Buffer; version: string }> {
  const { buffer, version } = await loadActiveTemplate(name, schoolId)
  return { docx: await renderPool().render(buffer, data, version), version }
}

export const renderCheckReport = async (schoolId: string, data: CheckReportData) => (await render(schoolId, 'proverka', data)).docx
export const renderActivityReport = (schoolId: string, data: ActivityReportData) => render(schoolId, 'otchet-aktivnosti', data)
export const renderCurriculumReport = (schoolId: string, data: CurriculumReportData) => render(schoolId, 'uchet-zanyatiy', data)
export const renderAttendanceReport = (schoolId: string, data: AttendanceReportData) => render(schoolId, 'poseshchaemost', data)
export const renderResultsReport = (schoolId: string, data: ResultsReportData) => render(schoolId, 'svodnaya-vedomost', data)

/** «Тушинская Татьяна Викторовна» → «Т.В. Тушинская». */
export function signatureName(fullName: string): string {
  const [last, first, middle] = fullName.trim().split(/\s+/)
  if (!first) return fullName.trim()
  return `${first[0]}.${middle ? `${middle[0]}.` : ''} ${last}`
}
