import { describe, expect, it } from 'vitest';
import { divergingColor, expandFigures, figureNames, renderFigureSvg, type Figure } from '../../exercises/figures.ts';

const mask: Figure = {
  kind: 'heatmap',
  title: 'Mask <causal> & "padded"',
  matrix: [
    [1, 0],
    [1, 1],
  ],
  rowLabel: 'query i',
  colLabel: 'key j',
};

describe('renderFigureSvg', () => {
  const svg = renderFigureSvg(mask, 'mask');

  it('is an accessible image: role, title and description referenced by aria-labelledby', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    const [, ids] = /aria-labelledby="([^"]+)"/.exec(svg)!;
    const [titleId, descId] = ids.split(' ');
    expect(svg).toContain(`<title id="${titleId}">Mask &lt;causal&gt; &amp; &quot;padded&quot;</title>`);
    expect(svg).toContain(`<desc id="${descId}">Heatmap of 2 rows (query i) by 2 columns (key j); values range from 0 to 1;`);
  });

  it('escapes every text it prints', () => {
    expect(svg).not.toContain('<causal>');
    expect(svg).not.toMatch(/& /);
  });

  it('labels both axes and draws a legend with the ends and zero of the scale', () => {
    expect(svg).toContain('key j →</text>');
    expect(svg).toContain('query i →</text>');
    expect(svg).toMatch(/<linearGradient id="[^"]+-scale"/);
    for (const v of ['1', '0', '-1']) expect(svg).toContain(`font-size="10" fill="#333">${v}</text>`);
  });

  it('draws one cell per entry, with a diverging colour centred on white at 0', () => {
    expect(svg.match(/<rect x="\d+" y="\d+" width="\d+" height="\d+" fill="#/g)).toHaveLength(4);
    expect(divergingColor(0.5)).toBe('#f7f7f7');
    expect(divergingColor(0)).toBe('#2166ac');
    expect(divergingColor(1)).toBe('#b2182b');
    expect(svg).toContain('fill="#f7f7f7"'); // the 0 entry with the symmetric domain [-1, 1]
  });

  it('draws a domain with no negative values (0/1 masks, attention weights) white to red, with no blue', () => {
    const seq = renderFigureSvg({ ...mask, domain: [0, 1] }, 'mask');
    expect(seq).toContain('fill="#f7f7f7"'); // 0 is white, as on the diverging scale
    expect(seq).toContain('fill="#b2182b"'); // 1 is the deepest red
    expect(seq).not.toContain('#2166ac');
    expect(seq).toContain('values range from 0 to 1; white is 0, red is 1.</desc>');
    for (const v of ['1', '0']) expect(seq).toContain(`font-size="10" fill="#333">${v}</text>`);
    expect(seq).not.toContain('font-size="10" fill="#333">-1</text>');
  });

  it('is deterministic', () => {
    expect(renderFigureSvg(mask, 'mask')).toBe(svg);
  });

  it('rejects ragged or non-finite matrices and mismatched ticks', () => {
    expect(() => renderFigureSvg({ ...mask, matrix: [[1, 2], [3]] })).toThrowError('figure "Mask <causal> & "padded"": row 1 has 1 entries, expected 2');
    expect(() => renderFigureSvg({ ...mask, matrix: [[1, NaN]] })).toThrowError(/matrix\[0\]\[1\] is not a finite number/);
    expect(() => renderFigureSvg({ ...mask, rowTicks: ['a'] })).toThrowError(/rowTicks has 1 labels for 2 rows/);
  });
});

describe('expandFigures', () => {
  const figures = { 'causal-mask': () => mask };

  it('replaces a directive line with the figure as an HTML block between blank lines', () => {
    const out = expandFigures('Before.\n::figure{name="causal-mask"}\nAfter.', figures);
    expect(out).toMatch(/^Before\.\n\n<figure class="exercise-figure"><svg [^\n]*<\/svg><\/figure>\n\nAfter\.$/);
  });

  it('leaves text without directives untouched', () => {
    expect(expandFigures('# Title\n\n$x$', figures)).toBe('# Title\n\n$x$');
  });

  it('names an unknown figure and the ones that exist', () => {
    expect(() => expandFigures('a\n::figure{name="nope"}', figures)).toThrowError(
      'line 2: unknown figure "nope"; this exercise\'s figures.ts defines: causal-mask',
    );
    expect(() => expandFigures('::figure{name="nope"}')).toThrowError('line 1: unknown figure "nope"; this exercise has no figures.ts');
  });

  it('rejects a malformed directive', () => {
    expect(() => figureNames('::figure{name=causal}')).toThrowError(/line 1: malformed figure directive/);
    expect(figureNames('x\n::figure{name="a"}\n::figure{name="b-2"}')).toEqual(['a', 'b-2']);
  });
});
