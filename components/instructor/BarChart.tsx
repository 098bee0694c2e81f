// A horizontal bar chart rendered on the server as SVG: every bar carries its number beside it,
// the SVG has a title and a description for screen readers, and the same numbers follow in a
// table (the fallback for anyone who cannot read the picture). No client JavaScript.
export interface Bar {
  label: string;
  value: number;
  /** What is written beside the bar (default: the value). */
  text?: string;
  /** Optional link target for the label (rendered in the table). */
  href?: string;
}

export interface BarChartProps {
  title: string;
  /** One sentence saying what the chart shows, read to screen readers. */
  description: string;
  bars: Bar[];
  /** The value of a full-width bar (default: the largest value, at least 1). */
  max?: number;
  valueHeader?: string;
  labelHeader?: string;
  empty?: string;
  /** Unique on the page: names the title and description for aria-labelledby. */
  id: string;
}

const ROW = 26;
const LABEL_W = 230;
const BAR_W = 300;
const TEXT_W = 130;
const WIDTH = LABEL_W + BAR_W + TEXT_W;

function truncate(s: string, n = 34): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

export function BarChart({ id, title, description, bars, max, valueHeader = 'Value', labelHeader = 'Item', empty = 'No data yet.' }: BarChartProps) {
  if (bars.length === 0) {
    return (
      <figure className="instr-chart">
        <figcaption>{title}</figcaption>
        <p className="muted">{empty}</p>
      </figure>
    );
  }
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), max === undefined ? 1 : 0) || 1;
  const height = bars.length * ROW + 8;
  return (
    <figure className="instr-chart">
      <figcaption id={`${id}-cap`}>{title}</figcaption>
      <svg role="img" aria-labelledby={`${id}-t`} aria-describedby={`${id}-d`} viewBox={`0 0 ${WIDTH} ${height}`} width="100%" style={{ maxWidth: `${WIDTH}px` }} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>
          {description} {bars.map((b) => `${b.label}: ${b.text ?? b.value}`).join('; ')}.
        </desc>
        {bars.map((b, i) => {
          const y = i * ROW + 4;
          const w = Math.max(0, Math.min(1, b.value / top)) * BAR_W;
          return (
            <g key={`${b.label}-${i}`}>
              <text x={LABEL_W - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" fontSize="12" fill="#1b1f24">
                {truncate(b.label)}
              </text>
              <rect x={LABEL_W} y={y + 3} width={BAR_W} height={ROW - 8} fill="#eef1f4" />
              <rect x={LABEL_W} y={y + 3} width={w} height={ROW - 8} fill="#0b5cad" />
              <text x={LABEL_W + BAR_W + 8} y={y + ROW / 2} dominantBaseline="middle" fontSize="12" fill="#1b1f24">
                {b.text ?? String(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <details className="instr-chart-table">
        <summary>The numbers as a table</summary>
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeader}</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b, i) => (
              <tr key={`${b.label}-${i}`}>
                <th scope="row">{b.href ? <a href={b.href}>{b.label}</a> : b.label}</th>
                <td>{b.text ?? b.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
