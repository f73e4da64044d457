// A letter is written once as blocks and rendered twice — plain text and HTML — so the two never disagree.
// Every value is escaped in HTML; letters carry no images, scripts or remote resources.

export type Block = string | { list: string[] } | { props: Array<[string, string]> } | { link: string; label: string } | { note: string }

export type Letter = { subject: string; blocks: Block[] }

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

export function renderText(letter: Letter): string {
  const parts = letter.blocks.map((b) => {
    if (typeof b === 'string') return b
    if ('list' in b) return b.list.map((item) => `  — ${item}`).join('\n')
    if ('props' in b) return b.props.map(([k, v]) => `${k}: ${v}`).join('\n')
    if ('link' in b) return `${b.label}: ${b.link}`
    return `-- \n${b.note}`
  })
  return `${parts.join('\n\n')}\n`
}

const P = 'margin:0 0 12px'

export function renderHtml(letter: Letter): string {
  const body = letter.blocks.map((b) => {
    if (typeof b === 'string') return `<p style="${P}">${escapeHtml(b)}</p>`
    if ('list' in b) return `<ul style="${P}">${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
    if ('props' in b) {
      const rows = b.props.map(
        ([k, v]) =>
          `<tr><td style="padding:2px 12px 2px 0;color:#555">${escapeHtml(k)}</td><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`,
      )
      return `<table style="${P};border-collapse:collapse">${rows.join('')}</table>`
    }
    if ('link' in b) return `<p style="${P}"><a href="${escapeHtml(b.link)}">${escapeHtml(b.label)}</a></p>`
    return `<p style="margin:24px 0 0;color:#555;font-size:13px;white-space:pre-line">${escapeHtml(b.note)}</p>`
  })
  return (
    `<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>${escapeHtml(letter.subject)}</title></head>` +
    `<body style="font-family:Arial,sans-serif;font-size:15px;line-height:1.45;color:#1b1f24">${body.join('')}</body></html>`
  )
}
