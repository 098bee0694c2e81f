import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exerciseIds, references } from '../../engine/registry.ts';
import { buildCatalog, definitionProblems, getExercise, listExercises, listModules, toleranceOf } from '../../exercises/catalog.ts';
import { exercisePromptHtml, exerciseVersion, folderVersion, readExerciseFile } from '../../exercises/files.ts';
import { entries } from '../../exercises/index.ts';
import { MODULES } from '../../exercises/types.ts';

const sdpa = entries.find((e) => e.folder === 'attention/scaled-dot-product')!;

describe('the exercise catalog', () => {
  it('lists all 37 curriculum exercises, in curriculum order', () => {
    const ids = listExercises().map((e) => e.id);
    expect(ids).toHaveLength(37);
    expect(ids).toEqual([...exerciseIds]);
  });

  it('groups them into the eight modules, in curriculum order', () => {
    const modules = listModules();
    expect(modules.map((m) => m.id)).toEqual([...MODULES]);
    expect(modules.map((m) => m.exercises.length)).toEqual([4, 4, 5, 3, 4, 3, 6, 8]);
    expect(modules[2]).toMatchObject({ id: 'attention', title: 'Attention' });
    for (const m of modules) expect(m.exercises.map((e) => e.order)).toEqual(m.exercises.map((_, i) => i + 1));
  });

  it('attaches module, slug, the engine reference and figures', () => {
    const ex = getExercise('attention/scaled-dot-product')!;
    expect(ex).toMatchObject({ module: 'attention', slug: 'scaled-dot-product', functionName: 'attention' });
    expect(ex.reference).toBe(references['attention/scaled-dot-product']);
    expect(Object.keys(ex.figures)).toContain('causal-attention-weights');
    expect(ex.misconceptions.map((m) => m.id)).toContain('missing-scale');
    expect(getExercise('attention/nope')).toBeUndefined();
  });

  it('resolves the comparison tolerance: exact, own, or default', () => {
    expect(toleranceOf(getExercise('attention/masks')!)).toEqual({ atol: 0, rtol: 0 });
    expect(toleranceOf(getExercise('foundations/dot-product')!)).toEqual({ atol: 1e-6, rtol: 1e-5 });
    expect(toleranceOf({ tolerance: { atol: 1e-4, rtol: 0 } })).toEqual({ atol: 1e-4, rtol: 0 });
  });
});

describe('definition validation', () => {
  const good = sdpa.definition;
  const problemsOf = (patch: Record<string, unknown>, folder = sdpa.folder) => definitionProblems({ ...good, ...patch }, folder);

  it('accepts every definition in the catalog', () => {
    for (const e of entries) expect(definitionProblems(e.definition, e.folder)).toEqual([]);
  });

  it('rejects bad fields with messages that name the field', () => {
    expect(problemsOf({ points: 0 })).toEqual(['points: must be > 0']);
    expect(problemsOf({ functionName: 'attend' })).toEqual(['functionName: is "attend", the curriculum asks for "attention"']);
    expect(problemsOf({ helpers: ['matmul', 'einsum'] })).toEqual(['helpers: "einsum" is not an engine helper (engine/helpers.ts)']);
    expect(problemsOf({ prerequisites: ['attention/multi-head'] })).toEqual([
      'prerequisites: "attention/multi-head" does not come before "attention/scaled-dot-product" in the curriculum',
    ]);
    expect(problemsOf({ prerequisites: ['attention/qvk'] })).toEqual(['prerequisites: "attention/qvk" is not a curriculum id']);
    expect(problemsOf({ tolerance: { atol: 0.5, rtol: 1e-5 } })).toEqual(['tolerance.atol: above 1e-2 would pass wrong answers']);
    expect(problemsOf({ order: 2 })).toEqual([
      'order: is 2, but "attention/scaled-dot-product" is exercise 3 of module attention in the curriculum',
    ]);
    expect(problemsOf({ hiddenCases: [] })).toEqual(['hiddenCases: must be a function']);
    expect(problemsOf({ colour: 'red' })).toEqual([expect.stringContaining('colour')]);
  });

  it('rejects an id that does not match its folder or the curriculum', () => {
    expect(definitionProblems(good, 'attention/masks')).toContain(
      'id: "attention/scaled-dot-product" does not match its folder exercises/attention/masks/',
    );
    expect(problemsOf({ id: 'attention/flash' }, 'attention/flash')).toEqual([
      'id: "attention/flash" is not a curriculum id (engine/registry.ts exerciseIds)',
    ]);
  });

  it('rejects duplicate misconception ids and malformed misconceptions', () => {
    const m = good.misconceptions[0];
    expect(problemsOf({ misconceptions: [m, m] })).toEqual([`misconceptions: id "${m.id}" is used twice`]);
    expect(problemsOf({ misconceptions: [{ ...m, id: 'Missing Scale' }] })).toEqual([
      'misconceptions.0.id: must be kebab-case',
    ]);
  });

  it('makes buildCatalog throw one error listing every problem with its folder', () => {
    const bad = { folder: sdpa.folder, definition: { ...good, points: -1, hints: [] } };
    expect(() => buildCatalog([bad])).toThrowError(
      'invalid exercise catalog:\n  attention/scaled-dot-product: points: must be > 0\n  attention/scaled-dot-product: hints: give at least one hint',
    );
    expect(() => buildCatalog([sdpa, sdpa])).toThrowError(/listed twice in exercises\/index.ts/);
  });
});

describe('exercise files and versions', () => {
  it('reads the prompt, the starter and the solution of an exercise', () => {
    expect(readExerciseFile('foundations/dot-product', 'starter.ts')).toMatch(/export function dot\(a: Vector, b: Vector\): number/);
    expect(readExerciseFile('foundations/dot-product', 'solution.ts')).toMatch(/export function dot/);
    expect(readExerciseFile('foundations/dot-product', 'prompt.md')).toMatch(/^# The dot product/);
  });

  it('never reads outside the catalog', () => {
    expect(() => readExerciseFile('../../package.json', 'prompt.md')).toThrowError('unknown exercise "../../package.json"');
    expect(() => readExerciseFile('foundations/dot-product', 'exercise.ts' as 'prompt.md')).toThrowError(/not an exercise file/);
  });

  it('gives each exercise a stable short content hash', () => {
    const v = exerciseVersion('attention/scaled-dot-product');
    expect(v).toMatch(/^[0-9a-f]{12}$/);
    expect(exerciseVersion('attention/scaled-dot-product')).toBe(v);
    const all = listExercises().map((e) => exerciseVersion(e.id));
    expect(new Set(all).size).toBe(all.length);
  });

  it('changes the hash when any file of the folder changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exercise-version-'));
    try {
      writeFileSync(join(dir, 'prompt.md'), '# A');
      writeFileSync(join(dir, 'starter.ts'), 'export function f() {}');
      const v1 = folderVersion(dir);
      expect(folderVersion(dir)).toBe(v1);
      writeFileSync(join(dir, 'prompt.md'), '# B');
      const v2 = folderVersion(dir);
      expect(v2).not.toBe(v1);
      writeFileSync(join(dir, 'figures.ts'), 'export const figures = {};');
      expect(folderVersion(dir)).not.toBe(v2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders a prompt to HTML with KaTeX and its figures', async () => {
    const html = await exercisePromptHtml('attention/scaled-dot-product', { throwOnError: true });
    expect(html).toContain('class="katex"');
    expect(html).toContain('<figure class="exercise-figure"><svg');
    expect(html).toContain('Causal attention weights, 6 tokens');
    expect(html).not.toContain('::figure');
  });
});
