import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { helperDeclarations } from '../../engine/helpers.ts';
import { buildDeclarations, exerciseDeclarations, GLOBAL_TYPES } from '../../exercises/declarations.ts';
import { getExercise } from '../../exercises/catalog.ts';
import { typeCheckSource } from '../../exercises/source-check.ts';

/** Names of the top-level types and interfaces declared in a TypeScript text. */
function typeNames(text: string): string[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2023);
  return file.statements
    .filter((s): s is ts.TypeAliasDeclaration | ts.InterfaceDeclaration => ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s))
    .map((s) => s.name.text)
    .sort();
}

const engineTypes = readFileSync(new URL('../../engine/types.ts', import.meta.url), 'utf8');

describe('the global declarations', () => {
  it('declare exactly the types of engine/types.ts', () => {
    expect(typeNames(GLOBAL_TYPES)).toEqual(typeNames(engineTypes));
  });

  it('declare each type the same as engine/types.ts (mutually assignable)', () => {
    const names = typeNames(engineTypes);
    // engine/types.ts wrapped in a namespace E, beside the globals: E.Matrix vs Matrix, and so on
    const probe = [
      `declare namespace E {\n${engineTypes}\n}`,
      'type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
      ...names.map((n) => `const same_${n}: Same<E.${n}, ${n}> = true;`),
    ].join('\n');
    const errors = typeCheckSource(probe, [], 'probe.ts');
    expect(errors).toEqual([]);
  });

  it('add one declare-function line per granted helper, and console', () => {
    const text = exerciseDeclarations(getExercise('attention/multi-head')!);
    for (const h of ['matmul', 'transpose', 'softmax', 'attention']) expect(text).toContain(helperDeclarations[h]);
    expect(text).not.toContain('declare function multiHeadAttention');
    expect(text).toContain('declare const console');
    expect(buildDeclarations([])).toContain('// No helpers in this exercise.');
  });

  it('refuse an unknown helper', () => {
    expect(() => buildDeclarations(['matmul', 'einsum'])).toThrowError('unknown helper einsum (see engine/helpers.ts)');
  });
});

describe('typeCheckSource', () => {
  it('accepts learner code that uses the global types and the granted helpers', () => {
    const code = 'export function f(Q: Matrix, m?: Mask): Matrix { console.log(m); return softmax(matmul(Q, transpose(Q))); }';
    expect(typeCheckSource(code, ['matmul', 'transpose', 'softmax'])).toEqual([]);
  });

  it('reports helpers that were not granted, DOM and Node globals, and type errors with positions', () => {
    expect(typeCheckSource('export function f(a: Matrix): Matrix { return matmul(a, a); }', [])).toEqual([
      "solution.ts:1:47: error TS2304: Cannot find name 'matmul'.",
    ]);
    expect(typeCheckSource('export const f = () => document.title;', [])[0]).toMatch(/Cannot find name 'document'/);
    expect(typeCheckSource('export function f(a: Vector): number {\n  return a;\n}', [], 'starter.ts')[0]).toMatch(
      /^starter\.ts:2:3: error TS2322: Type 'Vector' is not assignable to type 'number'/,
    );
  });
});
