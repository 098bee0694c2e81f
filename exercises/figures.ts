// Figures in prompts: an exercise's optional `figures.ts` exports
//   export const figures = { 'sinusoidal-heatmap': () => Figure, ... }
// computed from the engine's own output, and its prompt.md places one with a line of its own:
//   ::figure{name="sinusoidal-heatmap"}
// `expandFigures` swaps each such line for an accessible SVG (an HTML block), which the prompt
// renderer passes through. Pure: no DOM, no fs; runs on the server, in tests and in the browser.

/**
 * A heatmap of a matrix: row i is drawn top to bottom, column j left to right.
 * - `title`: shown above the map and used as the SVG's accessible name.
 * - `matrix`: finite numbers, rectangular, at least 1 x 1 (booleans: pass 1 / 0).
 * - `rowLabel` / `colLabel`: the axis names ("position", "feature", "query i", "key j").
 * - `description`: optional sentence for screen readers (the value range is always added).
 * - `domain`: optional [min, max] of the colour scale; by default symmetric around 0,
 *   [-m, m] with m the largest |value|, so 0 is always white (a diverging scale). A domain with
 *   min >= 0 (0/1 masks, attention weights: [0, 1]) uses only the white-to-red half of the
 *   palette, so min is white and max red, rather than spending the blue half on values that
 *   cannot occur.
 * - `showValues`: print each value in its cell (default: only when the map is at most 8 x 8).
 * - `rowTicks` / `colTicks`: optional tick labels, one per row / column.
 */
export interface HeatmapFigure {
  kind: 'heatmap';
  title: string;
  matrix: number[][];
  rowLabel: string;
  colLabel: string;
  description?: string;
  domain?: [number, number];
  showValues?: boolean;
  rowTicks?: string[];
  colTicks?: string[];
}

/** Only heatmaps for now; a new kind adds a member here and a branch in `renderFigureSvg`. */
export type Figure = HeatmapFigure;

/** What an exercise's `figures.ts` exports: figure name -> a pure function computing it. */
export type FigureSet = Record<string, () => Figure>;

const FIGURE_LINE = /^\s*::figure\{name="([a-z0-9][a-z0-9-]*)"\}\s*$/;
const FIGURE_LIKE = /^\s*::figure\b/;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The figure name a line places, null for any other line; a malformed directive throws. */
function figureDirective(line: string, lineIndex: number): string | null {
  if (!FIGURE_LIKE.test(line)) return null;
  const m = FIGURE_LINE.exec(line);
  if (!m) {
    throw new Error(
      `line ${lineIndex + 1}: malformed figure directive ${JSON.stringify(line.trim())}; ` +
        'write ::figure{name="kebab-case-name"} on a line of its own',
    );
  }
  return m[1];
}

/** Names of the figures a prompt places, in order; malformed directives throw. */
export function figureNames(markdown: string): string[] {
  return markdown
    .split('\n')
    .map(figureDirective)
    .filter((name): name is string => name !== null);
}

/** Replaces every `::figure{name="..."}` line with the figure's SVG; unknown names throw. */
export function expandFigures(markdown: string, figures: FigureSet = {}): string {
  return markdown
    .split('\n')
    .map((line, i) => {
      const name = figureDirective(line, i);
      if (name === null) return line;
      const make = Object.hasOwn(figures, name) ? figures[name] : undefined;
      if (!make) {
        const known = Object.keys(figures);
        throw new Error(
          `line ${i + 1}: unknown figure "${name}"; ` +
            (known.length ? `this exercise's figures.ts defines: ${known.join(', ')}` : 'this exercise has no figures.ts'),
        );
      }
      // An HTML block (CommonMark type 6, <figure>) must be separated by blank lines and hold none.
      return `\n${renderFigureHtml(make(), name)}\n`;
    })
    .join('\n');
}

/** The SVG wrapped in <figure> so Markdown treats it as one HTML block. */
export function renderFigureHtml(fig: Figure, name?: string): string {
  const svg = renderFigureSvg(fig, name);
  return `<figure class="exercise-figure">${svg}</figure>`;
}

// ColorBrewer RdBu (7 classes), negative = blue, 0 = white, positive = red.
const DIVERGING: [number, number, number][] = [
  [33, 102, 172],
  [103, 169, 207],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [239, 138, 98],
  [178, 24, 43],
];

/** Colour of t in [0, 1] on the diverging palette (0.5 is the neutral middle). */
export function divergingColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (DIVERGING.length - 1);
  const i = Math.min(DIVERGING.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [DIVERGING[i], DIVERGING[i + 1]];
  const c = a.map((v, k) => Math.round(v + (b[k] - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1000 || a < 0.01) return v.toExponential(0); // "3e-3": short enough for a cell
  return String(Number(v.toPrecision(a >= 10 ? 3 : 2)));
}

function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

function validateHeatmap(fig: HeatmapFigure): void {
  const { matrix } = fig;
  if (!Array.isArray(matrix) || matrix.length === 0 || !Array.isArray(matrix[0]) || matrix[0].length === 0) {
    throw new Error(`figure "${fig.title}": matrix must be a non-empty number[][]`);
  }
  const cols = matrix[0].length;
  matrix.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`figure "${fig.title}": row ${i} has ${row.length} entries, expected ${cols}`);
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`figure "${fig.title}": matrix[${i}][${j}] is not a finite number`);
      }
    });
  });
  if (fig.rowTicks && fig.rowTicks.length !== matrix.length) {
    throw new Error(`figure "${fig.title}": rowTicks has ${fig.rowTicks.length} labels for ${matrix.length} rows`);
  }
  if (fig.colTicks && fig.colTicks.length !== cols) {
    throw new Error(`figure "${fig.title}": colTicks has ${fig.colTicks.length} labels for ${cols} columns`);
  }
  if (fig.domain && !(fig.domain[0] < fig.domain[1])) {
    throw new Error(`figure "${fig.title}": domain must be [min, max] with min < max`);
  }
}

/**
 * An accessible SVG heatmap: role="img", <title> and <desc> (value range included), axis labels,
 * a diverging colour scale centred on 0 (sequential, white to red, for a domain with min >= 0)
 * with a legend. All text is XML-escaped. `name` only seeds the element ids (several figures may
 * share a page).
 */
export function renderFigureSvg(fig: Figure, name = ''): string {
  if (fig.kind !== 'heatmap') throw new Error(`unknown figure kind ${JSON.stringify((fig as { kind: unknown }).kind)}`);
  validateHeatmap(fig);
  const { matrix } = fig;
  const rows = matrix.length;
  const cols = matrix[0].length;
  const flat = matrix.flat();
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const [dMin, dMax] = fig.domain ?? [-m, m];
  const t = (v: number) => (v - dMin) / (dMax - dMin);
  // palette position: the whole diverging palette, or its upper half (white to red) for a domain
  // that holds no negative values
  const sequential = dMin >= 0;
  const pal = (f: number) => (sequential ? 0.5 + 0.5 * f : f);

  const cell = Math.max(4, Math.min(36, Math.floor(480 / Math.max(rows, cols))));
  const showValues = fig.showValues ?? (rows <= 8 && cols <= 8);
  const tickFont = Math.min(11, Math.max(8, cell - 4));
  // Label every k-th row / column so labels (about 14 px tall) never overlap.
  const tickStep = Math.max(1, Math.ceil(14 / cell));
  const left = 56;
  const top = 40;
  const mapW = cols * cell;
  const mapH = rows * cell;
  const legendX = left + mapW + 24;
  const legendW = 14;
  // the title is one line of 14 px bold text (about 8.5 px a character): never clip it
  const width = Math.max(legendX + legendW + 64, left + Math.ceil(fig.title.length * 8.5) + 8);
  const height = Math.max(top + mapH + 44, top + 150);

  const id = `fig-${shortHash(`${name}|${fig.title}|${rows}x${cols}`)}`;
  const desc =
    (fig.description ? `${fig.description} ` : '') +
    `Heatmap of ${rows} ${rows === 1 ? 'row' : 'rows'} (${fig.rowLabel}) by ${cols} ${cols === 1 ? 'column' : 'columns'} (${fig.colLabel}); ` +
    `values range from ${formatValue(lo)} to ${formatValue(hi)}; ` +
    (sequential
      ? `white is ${formatValue(dMin)}, red is ${formatValue(dMax)}.`
      : 'blue is negative, white is zero, red is positive.');

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="figure-heatmap" role="img" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, sans-serif">`,
  );
  parts.push(`<title id="${id}-title">${escapeXml(fig.title)}</title>`);
  parts.push(`<desc id="${id}-desc">${escapeXml(desc)}</desc>`);
  parts.push(
    `<defs><linearGradient id="${id}-scale" x1="0" y1="1" x2="0" y2="0">` +
      DIVERGING.map((_, k) => {
        const f = k / (DIVERGING.length - 1);
        return `<stop offset="${f.toFixed(3)}" stop-color="${divergingColor(pal(f))}"/>`;
      }).join('') +
      `</linearGradient></defs>`,
  );
  parts.push(`<text x="${left}" y="18" font-size="14" font-weight="600" fill="#111">${escapeXml(fig.title)}</text>`);

  // Cells: one group so screen readers skip them (the <desc> summarises).
  parts.push(`<g aria-hidden="true">`);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = matrix[i][j];
      const tv = pal(t(v));
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${divergingColor(tv)}"/>`,
      );
      if (showValues && cell >= 18) {
        const dark = tv < 0.15 || tv > 0.85;
        parts.push(
          `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" font-size="${Math.min(11, cell / 3)}" ` +
            `text-anchor="middle" fill="${dark ? '#fff' : '#111'}">${escapeXml(formatValue(v))}</text>`,
        );
      }
    }
  }
  parts.push(`<rect x="${left}" y="${top}" width="${mapW}" height="${mapH}" fill="none" stroke="#555" stroke-width="1"/>`);

  for (let i = 0; i < rows; i += tickStep) {
    const label = fig.rowTicks ? fig.rowTicks[i] : String(i);
    parts.push(
      `<text x="${left - 4}" y="${top + i * cell + cell / 2 + 4}" font-size="${tickFont}" text-anchor="end" fill="#333">${escapeXml(label)}</text>`,
    );
  }
  for (let j = 0; j < cols; j += tickStep) {
    const label = fig.colTicks ? fig.colTicks[j] : String(j);
    parts.push(
      `<text x="${left + j * cell + cell / 2}" y="${top - 4}" font-size="${tickFont}" text-anchor="middle" fill="#333">${escapeXml(label)}</text>`,
    );
  }
  parts.push(`</g>`);

  // Axis labels: columns below the map, rows rotated along the left edge.
  parts.push(
    `<text x="${left + mapW / 2}" y="${top + mapH + 20}" font-size="12" text-anchor="middle" fill="#111">${escapeXml(fig.colLabel)} →</text>`,
  );
  parts.push(
    `<text transform="translate(14 ${top + mapH / 2}) rotate(-90)" font-size="12" text-anchor="middle" fill="#111">${escapeXml(fig.rowLabel)} →</text>`,
  );

  // Legend: the gradient with its max, 0 (when inside the domain) and min.
  const legendH = Math.max(100, Math.min(mapH, 240));
  parts.push(`<g aria-hidden="true">`);
  parts.push(
    `<rect x="${legendX}" y="${top}" width="${legendW}" height="${legendH}" fill="url(#${id}-scale)" stroke="#555" stroke-width="1"/>`,
  );
  const legendTick = (v: number) => {
    const y = top + (1 - t(v)) * legendH;
    return (
      `<line x1="${legendX + legendW}" x2="${legendX + legendW + 4}" y1="${y}" y2="${y}" stroke="#555"/>` +
      `<text x="${legendX + legendW + 7}" y="${y + 4}" font-size="10" fill="#333">${escapeXml(formatValue(v))}</text>`
    );
  };
  parts.push(legendTick(dMax));
  if (dMin < 0 && dMax > 0) parts.push(legendTick(0));
  parts.push(legendTick(dMin));
  parts.push(`</g>`);
  parts.push(`</svg>`);
  return parts.join('');
}
