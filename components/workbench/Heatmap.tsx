'use client';
// Expected, actual and |difference| of a matrix output side by side, so a learner sees at once
// whether a whole row (a query), a column (a key or feature) or everything is off.
import { useId } from 'react';
import { formatError, formatNumber, type Grid, type GridPair } from './format.ts';
import styles from './workbench.module.css';

export interface Tolerance {
  atol: number;
  rtol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { atol: 1e-6, rtol: 1e-5 };

// Diverging blue-white-red for signed values (ColorBrewer RdBu ends), sequential for |difference|.
const NEG = [33, 102, 172];
const MID = [247, 247, 247];
const POS = [178, 24, 43];
const DIFF_LOW = [255, 247, 236];
const DIFF_HIGH = [127, 39, 4];

function mix(a: number[], b: number[], t: number): string {
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Signed value in [-range, range] -> colour; out-of-range values clamp to the ends. */
export function divergingColour(v: number, range: number): string {
  if (!Number.isFinite(v)) return 'url(#nan)';
  if (range === 0) return mix(MID, MID, 0);
  const t = Math.max(-1, Math.min(1, v / range));
  return t < 0 ? mix(MID, NEG, -t) : mix(MID, POS, t);
}

export function sequentialColour(v: number, max: number): string {
  if (!Number.isFinite(v)) return 'url(#nan)';
  if (max === 0) return mix(DIFF_LOW, DIFF_LOW, 0);
  // square root: small but real differences still show against exact zeros
  return mix(DIFF_LOW, DIFF_HIGH, Math.sqrt(Math.min(1, v / max)));
}

function maxAbs(grids: Grid[]): number {
  let m = 0;
  for (const g of grids) for (const row of g.values) for (const v of row) if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
  return m;
}

/** Which cells are out of tolerance, and the rows and columns they fall in. */
export function offCells(expected: Grid, actual: Grid, tol: Tolerance) {
  const diff: number[][] = [];
  const off: boolean[][] = [];
  const rows = new Set<number>();
  const cols = new Set<number>();
  let maxDiff = 0;
  for (let i = 0; i < expected.rows; i++) {
    diff.push([]);
    off.push([]);
    for (let j = 0; j < expected.cols; j++) {
      const e = expected.values[i][j];
      const a = actual.values[i][j];
      const d = Number.isFinite(e) && Number.isFinite(a) ? Math.abs(a - e) : e === a ? 0 : NaN;
      const bad = Number.isNaN(d) || d > tol.atol + tol.rtol * Math.abs(e);
      diff[i].push(d);
      off[i].push(bad);
      if (bad) {
        rows.add(i);
        cols.add(j);
      }
      if (Number.isFinite(d)) maxDiff = Math.max(maxDiff, d);
    }
  }
  return { diff, off, rows: [...rows], cols: [...cols], maxDiff };
}

/** "0, 2 and 3", "all 4", "none". */
function listIndices(indices: number[], total: number): string {
  if (indices.length === 0) return 'none';
  if (indices.length === total && total > 1) return `all ${total}`;
  if (indices.length > 8) return `${indices.length} of ${total}`;
  if (indices.length === 1) return String(indices[0]);
  return `${indices.slice(0, -1).join(', ')} and ${indices[indices.length - 1]}`;
}

function cellSize(g: Grid): number {
  return Math.max(3, Math.min(32, Math.floor(220 / Math.max(g.rows, g.cols))));
}

export interface MapProps {
  label: string;
  grid: { rows: number; cols: number; values: number[][] };
  colour: (v: number) => string;
  off?: boolean[][];
  summary: string;
}

export function GridMap({ label, grid, colour, off, summary }: MapProps) {
  const patternId = `nan${useId().replace(/[^A-Za-z0-9_-]/g, '')}`;
  const s = cellSize(grid);
  const labels = s >= 14 && Math.max(grid.rows, grid.cols) <= 20;
  const pad = labels ? 16 : 0;
  const w = pad + grid.cols * s;
  const h = pad + grid.rows * s;
  // per-cell tooltips cost one element each: keep them for matrices a person would hover over
  const titles = grid.rows * grid.cols <= 1600;
  return (
    <figure className={styles.heatmap}>
      <figcaption>{label}</figcaption>
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${label}: ${summary}`}>
        <defs>
          <pattern id={patternId} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="4" height="4" fill="#d4d4d8" />
            <line x1="0" y1="0" x2="0" y2="4" stroke="#52525b" strokeWidth="2" />
          </pattern>
        </defs>
        {labels && grid.values[0].map((_, j) => (
          <text key={`c${j}`} x={pad + j * s + s / 2} y={11} textAnchor="middle" className={styles.axisLabel} aria-hidden="true">{j}</text>
        ))}
        {grid.values.map((row, i) => (
          <g key={i}>
            {labels && <text x={pad - 4} y={pad + i * s + s / 2 + 4} textAnchor="end" className={styles.axisLabel} aria-hidden="true">{i}</text>}
            {row.map((v, j) => {
              const fill = colour(v).replace('url(#nan)', `url(#${patternId})`);
              const bad = off?.[i][j];
              return (
                <rect key={j} x={pad + j * s} y={pad + i * s} width={s} height={s} fill={fill}
                  stroke={bad ? '#111827' : 'rgba(0,0,0,0.08)'} strokeWidth={bad ? Math.min(2, s / 6) : 0.5}>
                  {titles && <title>{`row ${i}, column ${j}: ${formatNumber(v, 6)}${bad ? ' (out of tolerance)' : ''}`}</title>}
                </rect>
              );
            })}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function Legend({ label, min, max, mid, colour }: { label: string; min: number; max: number; mid?: number; colour: (t: number) => string }) {
  const stops = Array.from({ length: 11 }, (_, k) => k / 10);
  return (
    <div className={styles.legend}>
      <span className={styles.legendLabel}>{label}</span>
      <span className={styles.legendBar} aria-hidden="true" style={{ background: `linear-gradient(to right, ${stops.map((t) => colour(min + (max - min) * t)).join(', ')})` }} />
      <span className={styles.legendTicks} aria-hidden="true">
        <span>{formatNumber(min, 3)}</span>
        {mid !== undefined && <span>{formatNumber(mid, 3)}</span>}
        <span>{formatNumber(max, 3)}</span>
      </span>
      <span className={styles.srOnly}>{`${label}: from ${formatNumber(min, 3)} to ${formatNumber(max, 3)}`}</span>
    </div>
  );
}

export function HeatmapTriple({ pair, tolerance = DEFAULT_TOLERANCE, expectedLabel = 'Expected', actualLabel = 'Yours' }: {
  pair: GridPair;
  tolerance?: Tolerance;
  expectedLabel?: string;
  actualLabel?: string;
}) {
  const { expected, actual } = pair;
  const range = maxAbs(actual ? [expected, actual] : [expected]);
  const valueColour = (v: number) => divergingColour(v, range);
  const shape = `${expected.rows} × ${expected.cols}`;
  if (!actual) {
    return (
      <div className={styles.heatmapGroup}>
        <p className={styles.heatmapPath}><code>{pair.path}</code> ({shape}): your value has a different shape, so only the expected values are drawn.</p>
        <div className={styles.heatmapRow}>
          <GridMap label={expectedLabel} grid={expected} colour={valueColour} summary={`${shape} matrix`} />
        </div>
        <Legend label="value" min={-range} max={range} mid={0} colour={valueColour} />
      </div>
    );
  }
  const cmp = offCells(expected, actual, tolerance);
  const diffColour = (v: number) => sequentialColour(v, cmp.maxDiff);
  const offCount = cmp.off.reduce((n, r) => n + r.filter(Boolean).length, 0);
  const where = offCount === 0
    ? 'every entry is within tolerance'
    : `${offCount} of ${expected.rows * expected.cols} entries off; rows ${listIndices(cmp.rows, expected.rows)}; columns ${listIndices(cmp.cols, expected.cols)}`;
  return (
    <div className={styles.heatmapGroup}>
      <p className={styles.heatmapPath}><code>{pair.path}</code> ({shape}): {where}.</p>
      <div className={styles.heatmapRow}>
        <GridMap label={expectedLabel} grid={expected} colour={valueColour} summary={`${shape} matrix of reference values`} />
        <GridMap label={actualLabel} grid={actual} colour={valueColour} off={cmp.off} summary={`${shape} matrix of your values; ${where}`} />
        <GridMap label="|difference|" grid={{ rows: expected.rows, cols: expected.cols, values: cmp.diff }} colour={diffColour} off={cmp.off}
          summary={`largest difference ${formatError(cmp.maxDiff)}; ${where}`} />
      </div>
      <div className={styles.legends}>
        <Legend label="value" min={-range} max={range} mid={0} colour={valueColour} />
        <Legend label="|difference|" min={0} max={cmp.maxDiff} colour={diffColour} />
        {offCount > 0 && <span className={styles.legendNote}><span className={styles.offSwatch} aria-hidden="true" /> outlined: out of tolerance</span>}
      </div>
    </div>
  );
}
