import { describe, expect, it } from 'vitest';
import { renderPrompt } from '../../exercises/prompt.ts';

describe('renderPrompt', () => {
  it('renders Markdown with inline and display math through KaTeX', async () => {
    const html = await renderPrompt('# Softmax\n\nInline $\\sqrt{d_k}$.\n\n$$\n\\frac{e^{x_j}}{\\sum_t e^{x_t}}\n$$\n');
    expect(html).toContain('<h1>Softmax</h1>');
    expect(html).toMatch(/<span class="katex">.*<\/span>/s);
    expect(html).toContain('class="katex-display"');
    expect(html).toContain('<math'); // MathML for screen readers
  });

  it('passes trusted HTML (the figures) through', async () => {
    const html = await renderPrompt('Text\n\n<figure class="exercise-figure"><svg role="img"></svg></figure>\n\nMore');
    expect(html).toContain('<figure class="exercise-figure"><svg role="img"></svg></figure>');
  });

  it('throws on a formula KaTeX cannot parse when asked, with the line', async () => {
    await expect(renderPrompt('ok\n\nbad $\\frac{1}{$ here', { throwOnError: true })).rejects.toThrowError(
      /^line 3: KaTeX cannot render a formula: KaTeX parse error/,
    );
    await expect(renderPrompt('$\\notacommand$', { throwOnError: true })).rejects.toThrowError(/Undefined control sequence/);
  });

  it('renders a broken formula in place otherwise', async () => {
    const html = await renderPrompt('bad $\\notacommand$ here');
    expect(html).toContain('here');
  });
});
