// The applicant's full name as every list, letter and registration-log row writes it: «Фамилия Имя Отчество».
// Shared by the write door, the read models and the mail (issue 20.5: a read model does not import the door).

type ApplicantNameParts = { applicantLastName: string; applicantFirstName: string; applicantMiddleName?: string | null }

export function applicantName(app: ApplicantNameParts): string {
  return [app.applicantLastName, app.applicantFirstName, app.applicantMiddleName].filter(Boolean).join(' ')
}
