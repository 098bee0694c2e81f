// Prompt Markdown -> HTML, on the server: CommonMark + `$...$` / `$$...$$` math typeset by KaTeX.
// The built-in prompts are our own content: raw HTML passes through and figures arrive as SVG
// blocks (see figures.ts). An instructor's prompt is shown to their students, so it renders with raw
// HTML dropped, and its figures, drawn by our own renderer from data, are put in afterwards.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkMath from 'remark-math';
import remarkRehype from 'remark-rehype';
import rehypeKatex from 'rehype-katex';
import rehypeStringify from 'rehype-stringify';

export interface RenderPromptOptions {
  /** Throw on the first formula KaTeX cannot parse (the exercises check sets this). */
  throwOnError?: boolean;
}

const processor = unified()
  .use(remarkParse)
  .use(remarkMath)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeKatex, { strict: 'ignore', output: 'htmlAndMathml' })
  .use(rehypeStringify, { allowDangerousHtml: true });

const withoutRawHtml = unified()
  .use(remarkParse)
  .use(remarkMath)
  .use(remarkRehype)
  .use(rehypeKatex, { strict: 'ignore', output: 'htmlAndMathml' })
  .use(rehypeStringify);

/** Markdown (figures already expanded) -> HTML. KaTeX's CSS and fonts come from the `katex` package. */
export async function renderPrompt(markdown: string, options: RenderPromptOptions = {}): Promise<string> {
  return render(processor, markdown, options);
}

/**
 * An instructor's prompt -> HTML: raw HTML in the Markdown is dropped; `figures` maps each
 * `::figure{name="..."}` line to the SVG our renderer drew for it (see figures.ts).
 */
export async function renderAuthoredPrompt(markdown: string, figureHtml: (name: string, line: number) => string, options: RenderPromptOptions = {}): Promise<string> {
  const placed: string[] = [];
  const token = (i: number) => `ATTENTIONLABFIGURE${i}X`;
  const lines = markdown.split('\n').map((line, i) => {
    const m = /^\s*::figure\{name="([a-z0-9][a-z0-9-]*)"\}\s*$/.exec(line);
    if (!m) return line;
    placed.push(figureHtml(m[1], i + 1));
    return `\n${token(placed.length - 1)}\n`;
  });
  let html = await render(withoutRawHtml, lines.join('\n'), options);
  placed.forEach((svg, i) => {
    html = html.replace(`<p>${token(i)}</p>`, svg);
  });
  return html;
}

async function render(p: typeof processor, markdown: string, options: RenderPromptOptions): Promise<string> {
  const file = await p.process(markdown);
  // rehype-katex never throws: it records a message and renders the formula in red instead.
  const failed = file.messages.find((m) => m.source === 'rehype-katex');
  if (options.throwOnError && failed) {
    const point = failed.place && 'start' in failed.place ? failed.place.start : failed.place;
    const where = point ? `line ${point.line}: ` : '';
    const cause = failed.cause instanceof Error ? failed.cause.message : failed.reason;
    throw new Error(`${where}KaTeX cannot render a formula: ${cause}`);
  }
  return String(file);
}
