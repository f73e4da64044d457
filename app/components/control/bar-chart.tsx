// A horizontal bar chart as inline SVG with its figures in a table beside it: the SVG is one image whose text
// alternative lists every bar; the table is the same data for screen readers, keyboard users and print.
// Wraps under the chart on narrow screens (320 px).
type Bar = { label: string; value: number; text: string }
type ChartTable = { headers: string[]; rows: string[][] }

const ROW = 40
const WIDTH = 300
const LABEL_MAX = 38

const short = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s)

export function BarChart({
  id,
  title,
  bars,
  max,
  table,
  empty = 'Нет данных за период.',
}: {
  id: string
  title: string
  bars: Bar[]
  /** The value of a full-width bar; the largest value by default. */
  max?: number
  table: ChartTable
  empty?: string
}) {
  const top = max ?? Math.max(0, ...bars.map((b) => b.value))
  const height = Math.max(1, bars.length) * ROW
  return (
    <section aria-labelledby={`${id}-h`} className="card">
      <h3 id={`${id}-h`}>{title}</h3>
      {bars.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'flex-start' }}>
          <figure style={{ flex: '1 1 16rem', margin: 0, minWidth: 0 }}>
            <svg
              role="img"
              aria-labelledby={`${id}-t ${id}-d`}
              viewBox={`0 0 ${WIDTH} ${height}`}
              width="100%"
              style={{ maxWidth: '28rem', display: 'block' }}
            >
              <title id={`${id}-t`}>{title}</title>
              <desc id={`${id}-d`}>{bars.map((b) => `${b.label}: ${b.text}`).join('; ')}</desc>
              {bars.map((b, i) => {
                const w = top > 0 ? Math.max(b.value > 0 ? 2 : 0, (b.value / top) * (WIDTH - 80)) : 0
                const y = i * ROW
                return (
                  <g key={b.label}>
                    <text x={0} y={y + 13} fontSize={13} fill="#1b1f24">
                      {short(b.label)}
                    </text>
                    <rect x={0} y={y + 18} width={w} height={14} fill="#1f4e9c" />
                    <text x={w + 4} y={y + 30} fontSize={13} fill="#1b1f24">
                      {b.text}
                    </text>
                  </g>
                )
              })}
            </svg>
          </figure>
          <div className="table-wrap" style={{ flex: '1 1 16rem' }} tabIndex={0} role="region" aria-label={`${title}: таблица`}>
            <table>
              <thead>
                <tr>
                  {table.headers.map((h) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.join('|')}>
                    {r.map((c, j) =>
                      j === 0 ? (
                        <th key={j} scope="row">
                          {c}
                        </th>
                      ) : (
                        <td key={j}>{c}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  )
}
