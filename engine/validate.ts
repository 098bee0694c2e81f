// Argument checks for every curriculum signature: shapes, dimension agreement and the stated
// preconditions. Pure; shared by the reference CLI and the grader, so a bad case is reported the same
// way everywhere: "argument 3 (w.Wq[1]): length 5, expected d = 4; w.Wq should be a matrix d x d of numbers".
import { exerciseIds } from './registry.ts';

type Env = Map<string, number>;
/** A dimension: a symbol bound on first sight and checked after, or a fixed size. */
type Dim = string | number;

/** Where inside an argument something is wrong (".Wq[2]", "" for the argument itself) and what. */
interface Problem {
  path: string;
  msg: string;
  /** The innermost named part (an object key) and what it should be. */
  owner?: { path: string; expect: string };
}

interface Spec {
  /** What is expected, in words ("a matrix n x d of numbers"). */
  expect: string;
  /** null when the value fits. */
  check(value: unknown, env: Env): Problem | null;
}

const here = (msg: string): Problem => ({ path: '', msg });
const within = (prefix: string, p: Problem | null): Problem | null =>
  p ? { path: prefix + p.path, msg: p.msg, owner: p.owner && { path: prefix + p.owner.path, expect: p.owner.expect } } : null;

/** A short description of a value for messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return v.length > 20 ? 'a string' : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

function bind(env: Env, d: Dim, actual: number, what: string): string | null {
  if (typeof d === 'number') return actual === d ? null : `${what} ${actual}, expected ${d}`;
  const known = env.get(d);
  if (known === undefined) {
    env.set(d, actual);
    return null;
  }
  return known === actual ? null : `${what} ${actual}, expected ${d} = ${known}`;
}

const isReal = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function num(opts: { min?: number; max?: number; exclusiveMin?: boolean; exclusiveMax?: boolean } = {}): Spec {
  const range = [
    opts.min !== undefined ? `${opts.exclusiveMin ? '>' : '>='} ${opts.min}` : '',
    opts.max !== undefined ? `${opts.exclusiveMax ? '<' : '<='} ${opts.max}` : '',
  ].filter(Boolean).join(' and ');
  return {
    expect: `a finite number${range ? ` ${range}` : ''}`,
    check(v) {
      if (!isReal(v)) return here(`got ${describeValue(v)}`);
      const low = opts.min !== undefined && (opts.exclusiveMin ? v <= opts.min : v < opts.min);
      const high = opts.max !== undefined && (opts.exclusiveMax ? v >= opts.max : v > opts.max);
      return low || high ? here(`got ${v}`) : null;
    },
  };
}

/** A whole number; `bind` names it as a dimension for later rules. */
function int(opts: { min?: number; bind?: string } = {}): Spec {
  return {
    expect: `a whole number${opts.min !== undefined ? ` >= ${opts.min}` : ''}`,
    check(v, env) {
      if (!isReal(v) || !Number.isInteger(v)) return here(`got ${describeValue(v)}`);
      if (opts.min !== undefined && v < opts.min) return here(`got ${v}`);
      if (opts.bind) env.set(opts.bind, v);
      return null;
    },
  };
}

const bool: Spec = { expect: 'a boolean', check: (v) => (typeof v === 'boolean' ? null : here(`got ${describeValue(v)}`)) };
const str: Spec = { expect: 'a string', check: (v) => (typeof v === 'string' ? null : here(`got ${describeValue(v)}`)) };

/** Leaves of a numeric array: finite numbers, optionally whole and from a set. */
function entry(kind: 'number' | 'int' | 'bool' | 'string', allowed?: readonly number[]): Spec {
  if (kind === 'bool') return bool;
  if (kind === 'string') return str;
  return {
    expect: kind === 'int' ? (allowed ? `whole numbers in {${allowed.join(', ')}}` : 'whole numbers') : 'numbers',
    check(v) {
      if (!isReal(v)) return here(`got ${describeValue(v)}`);
      if (kind === 'int' && !Number.isInteger(v)) return here(`got ${v}, expected a whole number`);
      if (allowed && !allowed.includes(v)) return here(`got ${v}, expected one of ${allowed.join(', ')}`);
      return null;
    },
  };
}

/** A rectangular nested array with named sizes: [r, c] is an r x c matrix, [c, h, w] a tensor. */
function nd(dims: Dim[], leaf: Spec, noun: string, allowEmpty = false): Spec {
  const leafWords = leaf === bool ? 'booleans' : leaf === str ? 'strings' : leaf.expect;
  return {
    expect: `${noun} ${dims.join(' x ')} of ${leafWords}`,
    check(v, env) {
      const walk = (x: unknown, depth: number): Problem | null => {
        if (!Array.isArray(x)) return here(`got ${describeValue(x)}, expected an array`);
        if (x.length === 0 && !(allowEmpty && depth === 0)) return here('got an empty array');
        const bad = bind(env, dims[depth], x.length, 'length');
        if (bad) return here(bad);
        for (let i = 0; i < x.length; i++) {
          const inner = depth + 1 < dims.length ? walk(x[i], depth + 1) : leaf.check(x[i], env);
          if (inner) return within(`[${i}]`, inner);
        }
        return null;
      };
      return walk(v, 0);
    },
  };
}

const vec = (n: Dim, kind: 'number' | 'int' | 'bool' = 'number', allowed?: readonly number[]) => nd([n], entry(kind, allowed), 'a vector');
const mat = (r: Dim, c: Dim, kind: 'number' | 'int' | 'bool' = 'number', allowed?: readonly number[]) => nd([r, c], entry(kind, allowed), 'a matrix');
const t3 = (c: Dim, h: Dim, w: Dim) => nd([c, h, w], entry('number'), 'a tensor');
const t4 = (o: Dim, c: Dim, h: Dim, w: Dim) => nd([o, c, h, w], entry('number'), 'a kernel');

/** An object with (at least) these keys. */
function obj(fields: Record<string, Spec>, noun: string): Spec {
  const keys = Object.keys(fields);
  return {
    expect: `${noun} { ${keys.join(', ')} }`,
    check(v, env) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return here(`got ${describeValue(v)}, expected an object`);
      const o = v as Record<string, unknown>;
      for (const k of keys) {
        if (!(k in o)) return here(`missing key "${k}"`);
        const bad = fields[k].check(o[k], env);
        if (bad) return within(`.${k}`, { ...bad, owner: bad.owner ?? { path: '', expect: fields[k].expect } });
      }
      return null;
    },
  };
}

/** An array of items; symbols in `local` are fresh for every item (each block may have its own d_ff). */
function list(item: Spec, local: string[]): Spec {
  return {
    expect: `an array of ${item.expect}`,
    check(v, env) {
      if (!Array.isArray(v)) return here(`got ${describeValue(v)}, expected an array`);
      if (v.length === 0) return here('got an empty array');
      for (let i = 0; i < v.length; i++) {
        for (const d of local) env.delete(d);
        const bad = item.check(v[i], env);
        if (bad) return within(`[${i}]`, bad);
      }
      return null;
    },
  };
}

const ln = (d: Dim) => obj({ gamma: vec(d), beta: vec(d) }, 'a layer norm { gamma, beta }');
const mha = (d: Dim) => obj({ Wq: mat(d, d), Wk: mat(d, d), Wv: mat(d, d), Wo: mat(d, d), bq: vec(d), bk: vec(d), bv: vec(d), bo: vec(d) }, 'MHAWeights');
const ffn = (d: Dim, f: Dim) => obj({ W1: mat(d, f), b1: vec(f), W2: mat(f, d), b2: vec(d) }, 'a feed-forward { W1, b1, W2, b2 }');
const block = (d: Dim, f: Dim) => obj({ ln1: ln(d), attn: mha(d), ln2: ln(d), ffn: ffn(d, f) }, 'BlockParams');
const samW = (d: Dim, di: Dim) => obj({ Wq: mat(d, di), bq: vec(di), Wk: mat(d, di), bk: vec(di), Wv: mat(d, di), bv: vec(di), Wo: mat(di, d), bo: vec(d) }, 'SamAttentionWeights');

/** Every query row of a mask allows at least one key. */
function rowsAllowSomething(mask: unknown): string | null {
  if (!Array.isArray(mask)) return null;
  const i = mask.findIndex((row) => Array.isArray(row) && !row.includes(true));
  return i >= 0 ? `row ${i} of the mask allows no key (every query needs at least one true)` : null;
}

interface Param { name: string; spec: Spec; optional?: boolean }
interface Signature {
  params: Param[];
  /** Checks across arguments once every shape is known; args and the bound dimensions. */
  rules?: (args: unknown[], env: Env) => string | null;
}

const p = (name: string, spec: Spec, optional = false): Param => ({ name, spec, optional });
const divides = (env: Env, h: string, d: string, what: string) =>
  env.get(d)! % env.get(h)! === 0 ? null : `numHeads = ${env.get(h)} does not divide ${what} = ${env.get(d)}`;
const even = (env: Env, d: string, what: string) => (env.get(d)! % 2 === 0 ? null : `${what} = ${env.get(d)} must be even`);
const idsBelow = (ids: unknown, bound: number, what: string) => {
  const i = (ids as number[]).findIndex((x) => x < 0 || x >= bound);
  return i >= 0 ? `${what}[${i}] = ${(ids as number[])[i]} is outside 0 .. ${bound - 1}` : null;
};
const first = (...xs: (string | null)[]) => xs.find((x) => x !== null) ?? null;

const signatures: Record<string, Signature> = {
  'foundations/dot-product': { params: [p('a', vec('n')), p('b', vec('n'))] },
  'foundations/cosine-similarity': { params: [p('a', vec('n')), p('b', vec('n'))] },
  'foundations/matmul': { params: [p('A', mat('n', 'k')), p('B', mat('k', 'm'))] },
  'foundations/softmax': { params: [p('x', mat('n', 'm'))] },
  'tokens/wordpiece': { params: [p('text', str), p('vocab', nd(['V'], str, 'an array', true))] },
  'tokens/embedding-lookup': {
    params: [p('ids', vec('n', 'int')), p('table', mat('V', 'd'))],
    rules: (a, env) => idsBelow(a[0], env.get('V')!, 'ids'),
  },
  'tokens/mlm-masking': {
    params: [
      p('ids', vec('n', 'int')), p('special', vec('n', 'bool')),
      p('draws', obj({ select: vec('n'), action: vec('n'), randomId: vec('n', 'int') }, 'draws')), p('maskId', int()),
    ],
  },
  'tokens/mlm-loss': {
    params: [p('logits', mat('n', 'V')), p('labels', vec('n', 'int'))],
    rules: (a, env) => {
      const i = (a[1] as number[]).findIndex((l) => l !== -100 && (l < 0 || l >= env.get('V')!));
      return i >= 0 ? `labels[${i}] = ${(a[1] as number[])[i]} is neither -100 nor a class in 0 .. ${env.get('V')! - 1}` : null;
    },
  },
  'attention/qkv': { params: [p('X', mat('n', 'd')), p('Wq', mat('d', 'dk')), p('Wk', mat('d', 'dk')), p('Wv', mat('d', 'dv'))] },
  'attention/scores': { params: [p('Q', mat('n', 'dk')), p('K', mat('m', 'dk'))] },
  'attention/scaled-dot-product': {
    params: [p('Q', mat('n', 'dk')), p('K', mat('m', 'dk')), p('V', mat('m', 'dv')), p('mask', mat('n', 'm', 'bool'), true)],
    rules: (a) => rowsAllowSomething(a[3]),
  },
  'attention/masks': { params: [p('n', int({ min: 1 })), p('validLength', int({ min: 1 })), p('causal', bool)] },
  'attention/multi-head': {
    params: [p('Xq', mat('n', 'd')), p('Xkv', mat('m', 'd')), p('w', mha('d')), p('numHeads', int({ min: 1, bind: 'h' })), p('mask', mat('n', 'm', 'bool'), true)],
    rules: (a, env) => first(divides(env, 'h', 'd', 'd'), rowsAllowSomething(a[4])),
  },
  'position/sinusoidal': { params: [p('seqLen', int({ min: 1 })), p('dModel', int({ min: 2, bind: 'd' }))], rules: (_a, env) => even(env, 'd', 'dModel') },
  'position/relative-shift': { params: [p('k', int()), p('dModel', int({ min: 2, bind: 'd' }))], rules: (_a, env) => even(env, 'd', 'dModel') },
  'position/embed-with-positions': {
    params: [p('ids', vec('n', 'int')), p('table', mat('V', 'd'))],
    rules: (a, env) => first(idsBelow(a[0], env.get('V')!, 'ids'), even(env, 'd', 'the table width')),
  },
  'transformer/layer-norm': { params: [p('x', mat('n', 'd')), p('gamma', vec('d')), p('beta', vec('d')), p('eps', num({ min: 0 }))] },
  'transformer/gelu': { params: [p('x', mat('n', 'm'))] },
  'transformer/feed-forward': { params: [p('x', mat('n', 'd')), p('W1', mat('d', 'dff')), p('b1', vec('dff')), p('W2', mat('dff', 'd')), p('b2', vec('d'))] },
  'transformer/encoder-block': {
    params: [p('x', mat('n', 'd')), p('p', block('d', 'dff')), p('numHeads', int({ min: 1, bind: 'h' })), p('mask', mat('n', 'n', 'bool'), true)],
    rules: (a, env) => first(divides(env, 'h', 'd', 'd'), rowsAllowSomething(a[3])),
  },
  'llm/next-token': { params: [p('logits', vec('V')), p('temperature', num({ min: 0, exclusiveMin: true }))] },
  'llm/top-k-sample': {
    params: [p('logits', vec('V')), p('k', int({ min: 1, bind: 'k' })), p('temperature', num({ min: 0, exclusiveMin: true })), p('u', num({ min: 0, max: 1, exclusiveMax: true }))],
    rules: (_a, env) => (env.get('k')! <= env.get('V')! ? null : `k = ${env.get('k')} exceeds the ${env.get('V')} logits`),
  },
  'llm/greedy-decode': {
    params: [
      p('prompt', vec('T0', 'int')),
      p('model', obj({
        tokenEmbedding: mat('V', 'd'), positionEmbedding: mat('Tmax', 'd'), blocks: list(block('d', 'dff'), ['dff']), lnF: ln('d'),
        numHeads: int({ min: 1, bind: 'h' }),
      }, 'TinyGPT')),
      p('steps', int({ min: 0, bind: 'steps' })),
    ],
    rules: (a, env) => first(
      idsBelow(a[0], env.get('V')!, 'prompt'),
      divides(env, 'h', 'd', 'd'),
      env.get('T0')! + env.get('steps')! <= env.get('Tmax')! ? null
        : `prompt length ${env.get('T0')} + steps ${env.get('steps')} exceeds the ${env.get('Tmax')} position embeddings`,
    ),
  },
  'vision/conv2d': {
    params: [p('image', t3('C', 'H', 'W')), p('kernel', t4('O', 'C', 'k', 'k')), p('bias', vec('O')), p('stride', int({ min: 1 })), p('padding', int({ min: 0, bind: 'pad' }))],
    rules: (_a, env) => {
      const [H, W, k, pad] = ['H', 'W', 'k', 'pad'].map((d) => env.get(d)!);
      return Math.min(H, W) + 2 * pad >= k ? null : `the ${k} x ${k} kernel is larger than the padded ${H + 2 * pad} x ${W + 2 * pad} image`;
    },
  },
  'vision/patchify': { params: [p('image', t3('C', 'H', 'W')), p('patchSize', int({ min: 1, bind: 'p' }))], rules: (_a, env) => patchGrid(env) },
  'vision/patch-embedding': {
    params: [p('image', t3('C', 'H', 'W')), p('W', mat('K', 'D')), p('b', vec('D')), p('patchSize', int({ min: 1, bind: 'p' }))],
    rules: (_a, env) => first(patchGrid(env), patchRows(env)),
  },
  'vision/vit-embeddings': {
    params: [p('patchTokens', mat('N', 'D')), p('cls', vec('D')), p('pos', mat('N1', 'D'))],
    rules: (_a, env) => (env.get('N1') === env.get('N')! + 1 ? null : `pos has ${env.get('N1')} rows, expected N + 1 = ${env.get('N')! + 1}`),
  },
  'vision/cost-model': {
    params: [p('c', obj(Object.fromEntries(['imageSize', 'patchSize', 'channels', 'dModel', 'kernelSize', 'convChannels'].map((k) => [k, int({ min: 1, bind: k })])), 'a CostConfig'))],
    rules: (_a, env) => (env.get('imageSize')! % env.get('patchSize')! === 0 ? null : `patchSize ${env.get('patchSize')} does not divide imageSize ${env.get('imageSize')}`),
  },
  'vision/vit-classify': {
    params: [
      p('image', t3('C', 'H', 'W')),
      p('p', obj({
        patchSize: int({ min: 1, bind: 'p' }), W: mat('K', 'D'), b: vec('D'), cls: vec('D'), pos: mat('N1', 'D'), block: block('D', 'dff'), lnF: ln('D'),
        head: obj({ W: mat('D', 'classes'), b: vec('classes') }, 'a head { W, b }'), numHeads: int({ min: 1, bind: 'h' }),
      }, 'TinyViT')),
    ],
    rules: (_a, env) => {
      const grid = patchGrid(env);
      if (grid) return grid;
      const n = (env.get('H')! / env.get('p')!) * (env.get('W')! / env.get('p')!);
      return first(
        patchRows(env),
        env.get('N1') === n + 1 ? null : `p.pos has ${env.get('N1')} rows, expected ${n} patches + 1 = ${n + 1}`,
        divides(env, 'h', 'D', 'D'),
      );
    },
  },
  'sam/fourier-features': { params: [p('coords', mat('N', 2)), p('gaussian', mat(2, 'F'))] },
  'sam/point-prompts': {
    params: [
      p('points', mat('N', 2)), p('labels', vec('N', 'int', [-1, 0, 1])), p('imageSize', nd([2], entry('number'), 'an [H, W] pair')), p('gaussian', mat(2, 'F')),
      p('emb', obj({ notAPoint: vec('F2'), negative: vec('F2'), positive: vec('F2') }, 'PointEmbeddings')), p('pad', bool),
    ],
    rules: (a, env) => first(positiveSize(a[2]), widthIs2F(env)),
  },
  'sam/box-prompts': {
    params: [p('boxes', mat('B', 4)), p('imageSize', nd([2], entry('number'), 'an [H, W] pair')), p('gaussian', mat(2, 'F')), p('emb', obj({ topLeft: vec('F2'), bottomRight: vec('F2') }, 'BoxEmbeddings'))],
    rules: (a, env) => first(positiveSize(a[1]), widthIs2F(env)),
  },
  'sam/dense-positional-encoding': { params: [p('h', int({ min: 1 })), p('w', int({ min: 1 })), p('gaussian', mat(2, 'F'))] },
  'sam/prompt-image-attention': {
    params: [p('q', mat('n', 'd')), p('k', mat('m', 'd')), p('v', mat('m', 'd')), p('w', samW('d', 'dInt')), p('numHeads', int({ min: 1, bind: 'h' }))],
    rules: (_a, env) => divides(env, 'h', 'dInt', 'd_int'),
  },
  'sam/two-way-block': {
    params: [
      p('queries', mat('Nq', 'd')), p('keys', mat('Nk', 'd')), p('queryPE', mat('Nq', 'd')), p('keyPE', mat('Nk', 'd')),
      p('p', obj({
        selfAttn: samW('d', 'dSelf'), norm1: ln('d'), crossTokenToImage: samW('d', 'dT2I'), norm2: ln('d'),
        mlp: ffn('d', 'mlpDim'), norm3: ln('d'), crossImageToToken: samW('d', 'dI2T'), norm4: ln('d'),
      }, 'TwoWayParams')),
      p('numHeads', int({ min: 1, bind: 'h' })), p('skipFirstLayerPE', bool),
    ],
    rules: (_a, env) => first(
      divides(env, 'h', 'dSelf', 'the selfAttn width'), divides(env, 'h', 'dT2I', 'the crossTokenToImage width'), divides(env, 'h', 'dI2T', 'the crossImageToToken width'),
    ),
  },
  'sam/mask-logits': { params: [p('hyperIn', mat('M', 'C')), p('upscaled', t3('C', 'H', 'W'))] },
  'sam/losses': { params: [p('logits', mat('H', 'W')), p('target', mat('H', 'W', 'int', [0, 1]))] },
};

function patchGrid(env: Env): string | null {
  const [H, W, ps] = ['H', 'W', 'p'].map((d) => env.get(d)!);
  return H % ps === 0 && W % ps === 0 ? null : `patchSize ${ps} does not divide the ${H} x ${W} image`;
}
function patchRows(env: Env): string | null {
  const K = env.get('C')! * env.get('p')! ** 2;
  return env.get('K') === K ? null : `W has ${env.get('K')} rows, expected C p p = ${K}`;
}
function positiveSize(size: unknown): string | null {
  const s = size as number[];
  return s[0] > 0 && s[1] > 0 ? null : `imageSize [${s.join(', ')}] must be positive`;
}
function widthIs2F(env: Env): string | null {
  return env.get('F2') === 2 * env.get('F')! ? null : `the embeddings have ${env.get('F2')} entries, expected 2F = ${2 * env.get('F')!}`;
}

export interface ArgumentProblem {
  /** 0-based index of the argument at fault, or -1 for the argument count or a rule across arguments. */
  argument: number;
  message: string;
}

/** Checks one case's positional arguments against the curriculum signature of `id`; null when they fit. */
export function validateArgs(id: string, args: unknown): ArgumentProblem | null {
  const sig = signatures[id];
  if (!sig) return { argument: -1, message: `unknown exercise id "${id}"` };
  if (!Array.isArray(args)) return { argument: -1, message: `the case is ${describeValue(args)}, expected an array of positional arguments` };
  const required = sig.params.filter((x) => !x.optional).length;
  const names = sig.params.map((x) => (x.optional ? `${x.name}?` : x.name)).join(', ');
  if (args.length < required || args.length > sig.params.length) {
    const count = required === sig.params.length ? `${required}` : `${required} or ${sig.params.length}`;
    return { argument: -1, message: `got ${args.length} arguments, expected ${count} (${names})` };
  }
  const env: Env = new Map();
  for (let i = 0; i < args.length; i++) {
    const { name, spec } = sig.params[i];
    const bad = spec.check(args[i], env);
    if (bad) {
      const owner = bad.owner ? `${name}${bad.owner.path} should be ${bad.owner.expect}` : `expected ${spec.expect}`;
      return { argument: i, message: `argument ${i + 1} (${name}${bad.path}): ${bad.msg}; ${owner}` };
    }
  }
  const rule = sig.rules?.(args, env) ?? null;
  return rule ? { argument: -1, message: rule } : null;
}

/** The curriculum signature of an id as text, "multiHeadAttention(Xq, Xkv, w, numHeads, mask?)". */
export function parameterNames(id: string): string[] {
  return signatures[id]?.params.map((x) => (x.optional ? `${x.name}?` : x.name)) ?? [];
}

/** Ids without a signature here (must be empty; checked by the tests). */
export function idsWithoutSignature(): string[] {
  return exerciseIds.filter((id) => !(id in signatures));
}
