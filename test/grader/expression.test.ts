// The formula language of expression parts: what it reads, how it binds, and what it refuses.
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateText, MAX_EXPRESSION_CHARS, parseExpression } from '../../grader/expression.ts';

const at = (src: string, env: Record<string, number> = {}) => evaluateText(src, env);
const refuses = (src: unknown, vars: string[] = ['x']) => {
  const r = parseExpression(src, vars);
  expect(r.ok, String(src)).toBe(false);
  return r.ok ? '' : r.error;
};

describe('precedence and associativity', () => {
  it('multiplies and divides before adding, left to right', () => {
    expect(at('1 + 2 * 3')).toBe(7);
    expect(at('8 / 4 / 2')).toBe(1);
    expect(at('10 - 4 - 3')).toBe(3);
    expect(at('(1 + 2) * 3')).toBe(9);
  });

  it('reads ^ (and **) right-associatively, above unary minus', () => {
    expect(at('2^3^2')).toBe(512);
    expect(at('2**3**2')).toBe(512);
    expect(at('-2^2')).toBe(-4);
    expect(at('(-2)^2')).toBe(4);
    expect(at('2^-1')).toBe(0.5);
    expect(at('-x^2', { x: 3 })).toBe(-9);
  });

  it('takes unary minus and plus, repeated', () => {
    expect(at('--3')).toBe(3);
    expect(at('-+-3')).toBe(3);
    expect(at('4 - -1')).toBe(5);
  });

  it('multiplies a factor written right after another: 2n, 2(n+1), 2 sqrt(d)', () => {
    expect(at('2n^3', { n: 2 })).toBe(16);
    expect(at('2(n + 1)', { n: 2 })).toBe(6);
    expect(at('2 sqrt(d)', { d: 9 })).toBe(6);
    expect(at('(x)(x)', { x: 5 })).toBe(25);
  });
});

describe('numbers, names and functions', () => {
  it('reads decimals and exponents', () => {
    expect(at('.5 + 1.25 + 1e-3 + 2E2')).toBeCloseTo(201.751, 12);
  });

  it('knows pi and e, and 2e as 2 times e', () => {
    expect(at('pi')).toBe(Math.PI);
    expect(at('e')).toBe(Math.E);
    expect(at('2e')).toBe(2 * Math.E);
  });

  it('evaluates sqrt, exp, log (ln), sin, cos', () => {
    expect(at('sqrt(16) + exp(0) + log(e) + ln(1) + sin(0) + cos(0)')).toBe(7);
    expect(at('exp((1.2 - (-0.5)) / T)', { T: 2 })).toBeCloseTo(Math.exp(0.85), 14);
  });

  it('reads ×, · and the Unicode minus', () => {
    expect(at('3 × 2 · 2 − 1')).toBe(11);
  });

  it('gives NaN (not a throw) where the formula is undefined', () => {
    expect(at('sqrt(x)', { x: -1 })).toBeNaN();
    expect(at('1/x', { x: 0 })).toBe(Infinity);
  });

  it('reports the variables a formula uses', () => {
    const r = parseExpression('s^2 * sqrt(d) + pi', ['d', 's', 'unused']);
    expect(r.ok && r.names.sort()).toEqual(['d', 's']);
    if (r.ok) expect(evaluate(r.expr, { d: 4, s: 3 })).toBeCloseTo(18 + Math.PI, 12);
  });
});

describe('refusals, with a message', () => {
  it('refuses names that are not declared', () => {
    expect(refuses('y + 1')).toMatch(/unknown name "y" at position 1; the variables are x/);
    expect(refuses('Math.exp(1)')).toMatch(/unexpected character "\."/);
    expect(refuses('constructor', [])).toMatch(/unknown name "constructor".*this formula has no variables/);
    expect(refuses('constructor(1)', [])).toMatch(/unknown name "constructor"/);
    expect(refuses('__proto__ + toString', ['x'])).toMatch(/unknown name "__proto__"/);
  });

  it('refuses what is not in the language', () => {
    expect(refuses('x; 1')).toMatch(/unexpected character ";"/);
    expect(refuses('x = 1')).toMatch(/unexpected character "="/);
    expect(refuses('"x"')).toMatch(/unexpected character/);
    expect(refuses('x[0]')).toMatch(/unexpected character "\["/);
    expect(refuses('x => x')).toMatch(/unexpected character "="/);
  });

  it('refuses broken syntax', () => {
    expect(refuses('')).toBe('the expression is empty');
    expect(refuses('   ')).toBe('the expression is empty');
    expect(refuses('(x + 1')).toMatch(/missing "\)"/);
    expect(refuses('x + 1)')).toMatch(/unmatched "\)"/);
    expect(refuses('x +')).toBe('the expression ends too early');
    expect(refuses('* x')).toMatch(/unexpected "\*"/);
    expect(refuses('sqrt x')).toMatch(/sqrt needs its argument in parentheses/);
    expect(refuses('x ^')).toBe('the expression ends too early');
  });

  it('refuses input that is not text, too long or nested too deeply, without throwing', () => {
    expect(refuses(42)).toBe('an expression must be text');
    expect(refuses(null)).toBe('an expression must be text');
    expect(refuses('x+'.repeat(MAX_EXPRESSION_CHARS))).toMatch(/longer than/);
    expect(refuses('('.repeat(200) + 'x' + ')'.repeat(200))).toMatch(/nested too deeply/);
    expect(refuses('-'.repeat(200) + 'x')).toMatch(/nested too deeply/);
  });
});
