/**
 * The applicant's status link (`/s/<token>`) works as the applicant: whoever holds it can withdraw the application,
 * read the answers and send corrections. Staff read letters to run the procedure, not to act for families, so a
 * letter shown on a staff or administration screen never shows the token — neither the school's letter (the outbox
 * viewer) nor an applicant's reply or a bounce that quotes it (the inbound viewer). The stored letter is unchanged.
 */
const STATUS_LINK = /\/s\/[A-Za-z0-9_-]{16,}/g

export const hideStatusLinks = (content: string) => content.replace(STATUS_LINK, '/s/••••••')
