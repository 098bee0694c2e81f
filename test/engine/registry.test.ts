// The registry, the helpers and the purity rules the grader and the sandbox rely on.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { helperDeclarations, helpers } from '../../engine/helpers.ts';
import { exerciseIds, functionNames, references } from '../../engine/registry.ts';
import { idsWithoutSignature, parameterNames } from '../../engine/validate.ts';

const engineDir = fileURLToPath(new URL('../../engine/', import.meta.url));
const golden = JSON.parse(readFileSync(new URL('../fixtures/golden/cases.json', import.meta.url), 'utf8')) as Record<string, { name: string; args: unknown[] }[]>;

describe('registry', () => {
  it('lists the 37 curriculum ids once each, grouped by module in curriculum order', () => {
    expect(exerciseIds).toHaveLength(37);
    expect(new Set(exerciseIds).size).toBe(37);
    const modules = exerciseIds.map((id) => id.split('/')[0]);
    expect([...new Set(modules)]).toEqual(['foundations', 'tokens', 'attention', 'position', 'transformer', 'llm', 'vision', 'sam']);
    expect(exerciseIds.slice(0, 4)).toEqual(['foundations/dot-product', 'foundations/cosine-similarity', 'foundations/matmul', 'foundations/softmax']);
    expect(exerciseIds.at(-1)).toBe('sam/losses');
  });

  it('maps every id to a function whose name is the curriculum function name', () => {
    for (const id of exerciseIds) {
      expect(typeof references[id], id).toBe('function');
      expect(references[id].name, id).toBe(functionNames[id]);
    }
    expect(functionNames['attention/multi-head']).toBe('multiHeadAttention');
  });

  it('has an argument signature for every id, in the order of the function parameters', () => {
    expect(idsWithoutSignature()).toEqual([]);
    expect(parameterNames('attention/multi-head')).toEqual(['Xq', 'Xkv', 'w', 'numHeads', 'mask?']);
    for (const id of exerciseIds) {
      const declared = helperDeclarations[functionNames[id]];
      const params = declared.slice(declared.indexOf('(') + 1, declared.lastIndexOf('):'));
      const names = [...params.matchAll(/(?:^|, )(\w+\??):/g)].map((m) => m[1]);
      expect(names, id).toEqual(parameterNames(id));
    }
  });

  it('never mutates its inputs (the same rule learners are held to)', () => {
    for (const id of exerciseIds) {
      for (const c of golden[id]) {
        const args = structuredClone(c.args);
        references[id](...args);
        expect(args, `${id} ${c.name}`).toEqual(c.args);
      }
    }
  });
});

describe('helpers', () => {
  it('offer every curriculum function and the generic helpers, each with a declaration', () => {
    for (const id of exerciseIds) expect(typeof helpers[functionNames[id]], id).toBe('function');
    for (const name of ['transpose', 'add', 'addBias', 'linear', 'relu', 'sigmoid', 'argmax']) expect(typeof helpers[name], name).toBe('function');
    expect(Object.keys(helperDeclarations).sort()).toEqual(Object.keys(helpers).sort());
    for (const [name, decl] of Object.entries(helperDeclarations)) expect(decl, name).toMatch(new RegExp(`^declare function ${name}\\(.*\\): .+;$`));
  });

  it('compute what the references compute and ignore arguments past the curriculum ones', () => {
    const X = [[1000, 0], [1, 2]];
    expect(helpers.softmax(X, { stable: false })).toEqual(references['foundations/softmax'](X));
    const Q = [[1, 2], [0, 1]];
    expect(helpers.attention(Q, Q, Q, undefined, { scale: false })).toEqual(references['attention/scaled-dot-product'](Q, Q, Q));
    expect(helpers.matmul(Q, Q)).toEqual([[1, 4], [0, 1]]);
  });
});

describe('engine purity', () => {
  it('imports nothing outside engine/ and uses no I/O or platform globals', () => {
    for (const f of readdirSync(engineDir).filter((x) => x.endsWith('.ts'))) {
      const text = readFileSync(engineDir + f, 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) expect(m[1], `${f} imports ${m[1]}`).toMatch(/^\.\/[\w-]+\.ts$/);
      expect(text, f).not.toMatch(/\b(require|process|fetch|console|Date\.now|Math\.random)\b/);
    }
  });
});
