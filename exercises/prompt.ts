// Prompt Markdown -> HTML, on the server: CommonMark + `$...$` / `$$...$$` math typeset by KaTeX.
// Raw HTML passes through because prompts are our own content and figures arrive as SVG blocks
// (see figures.ts); learners never write prompts.
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

/** Markdown (figures already expanded) -> HTML. KaTeX's CSS and fonts come from the `katex` package. */
export async function renderPrompt(markdown: string, options: RenderPromptOptions = {}): Promise<string> {
  const file = await processor.process(markdown);
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
