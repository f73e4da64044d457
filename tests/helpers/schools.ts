import { db } from '#app/utils/db.server'

/** A second school on the same installation, to show that one school never sees another's data or settings. */
export function otherSchool() {
  return db.school.create({
    data: {
      fullName: 'МОУ «СОШ № 9»',
      shortName: 'СОШ № 9',
      directorName: 'Иванов Иван Иванович',
      address: '',
      phone: '',
      email: '',
      diarySiteUrl: '',
    },
  })
}
