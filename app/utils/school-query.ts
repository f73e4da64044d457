// The `?school=<code>` that keeps a signed-out visitor on one school's pages of a many-school installation (ADR 056).
// Shared by the server and the browser: links are built in components.

export const SCHOOL_PARAM = 'school'

/** The path with the page's school query ('' on a single-school installation or under a school's own host name). */
export function withSchool(path: string, query: string): string {
  if (!query) return path
  return path + (path.includes('?') ? `&${query.slice(1)}` : query)
}
