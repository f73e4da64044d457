/**
 * The applicant's status link (`/s/<token>`) works as the applicant: whoever holds it can withdraw the application,
 * read the answers and send corrections. Staff read letters to run the procedure, not to act for families, so a
 * letter shown on a staff or administration screen never shows the token — neither the school's letter (the outbox
 * viewer) nor an applicant's reply or a bounce that quotes it (the inbound viewer). The stored letter is unchanged.
 *
 * A reply wraps the quoted link: the token goes on after a line break and the quote marks of the next line
 * («> » or «>> »), or after a quoted-printable soft break («=» at the end of the line) that a quoted part kept. The
 * link is looked for in the text with those breaks taken out; what it spans in the letter is masked, the breaks kept.
 */
const STATUS_LINK = /\/s\/[A-Za-z0-9_-]{16,}/g
/** A break inside a wrapped link: a soft line break, or a line break with the next line's quote marks. */
const WRAP = /=\r?\n|\r?\n(?:[ \t]*>)*[ \t]?/g
const MASK = '••••••'
/** newStatusToken: 24 random bytes in base64url. */
const TOKEN_LENGTH = 32

export function hideStatusLinks(content: string): string {
  // The text without its wrap breaks, and for each of its characters the index it has in the letter.
  let joined = ''
  const at: number[] = []
  let from = 0
  const keep = (to: number) => {
    for (let i = from; i < to; i++) at.push(i)
    joined += content.slice(from, to)
  }
  for (const wrap of content.matchAll(WRAP)) {
    keep(wrap.index)
    from = wrap.index + wrap[0].length
  }
  keep(content.length)

  const masked = new Set<number>()
  const starts = new Set<number>()
  for (const link of joined.matchAll(STATUS_LINK)) {
    const token = link.index + 3
    let end = link.index + link[0].length
    // Across a break the next line's first word may follow without a space: a token is 32 characters, no more.
    if (at[end - 1] - at[link.index] !== end - 1 - link.index) end = Math.min(end, token + TOKEN_LENGTH)
    starts.add(at[token])
    for (let i = token; i < end; i++) masked.add(at[i])
  }
  if (!masked.size) return content
  let out = ''
  for (let i = 0; i < content.length; i++) {
    if (starts.has(i)) out += MASK
    else if (!masked.has(i)) out += content[i]
  }
  return out
}
