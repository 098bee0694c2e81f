// A small, safe expression language for the answers of expression parts (no eval, no Function):
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/') unary | unary)*      a factor right after another multiplies: 2n, 2(n+1), 2 sqrt(d)
//   unary   := ('-' | '+') unary | power
//   power   := atom ('^' unary)?                       right-associative: 2^3^2 = 2^9; -2^2 = -4; 2^-1 = 0.5
//   atom    := number | name | func '(' expr ')' | '(' expr ')'
//
// Numbers: 12, 1.5, .5, 1e-3. Names: the declared variables, pi, e. Functions: sqrt, exp, log
// (natural; ln too), sin, cos. `**` is read as `^`, `×` and `·` as `*`. Pure; never throws on input.

export type Expr =
  | { type: 'num'; value: number }
  | { type: 'var'; name: string }
  | { type: 'neg'; arg: Expr }
  | { type: 'bin'; op: '+' | '-' | '*' | '/' | '^'; left: Expr; right: Expr }
  | { type: 'call'; fn: FunctionName; arg: Expr };

export type FunctionName = 'sqrt' | 'exp' | 'log' | 'sin' | 'cos';

export type ParseResult = { ok: true; expr: Expr; names: string[] } | { ok: false; error: string };

/** The longest expression accepted, in characters. */
export const MAX_EXPRESSION_CHARS = 500;
const MAX_DEPTH = 60;

const FUNCTIONS: Record<string, FunctionName> = { sqrt: 'sqrt', exp: 'exp', log: 'log', ln: 'log', sin: 'sin', cos: 'cos' };
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

type Token = { t: 'num'; v: number; at: number } | { t: 'name'; v: string; at: number } | { t: 'op'; v: string; at: number } | { t: 'end'; at: number };

function tokenize(src: string): Token[] | string {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num) {
      // "2e" followed by no digits is 2 times e: the regex only takes an exponent with digits
      out.push({ t: 'num', v: Number(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ t: 'name', v: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (src.startsWith('**', i)) {
      out.push({ t: 'op', v: '^', at: i });
      i += 2;
      continue;
    }
    if ('+-*/^()'.includes(c)) out.push({ t: 'op', v: c, at: i });
    else if (c === '×' || c === '·' || c === '⋅') out.push({ t: 'op', v: '*', at: i });
    else if (c === '−') out.push({ t: 'op', v: '-', at: i });
    else return `unexpected character "${c}" at position ${i + 1}`;
    i++;
  }
  out.push({ t: 'end', at: src.length });
  return out;
}

class Parser {
  private pos = 0;
  private depth = 0;
  readonly names = new Set<string>();
  private readonly tokens: Token[];
  private readonly variables: ReadonlySet<string>;

  constructor(tokens: Token[], variables: ReadonlySet<string>) {
    this.tokens = tokens;
    this.variables = variables;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return t.t === 'op' && t.v === v;
  }

  private fail(message: string): never {
    throw new ParseError(message);
  }

  private where(t: Token): string {
    return t.t === 'end' ? 'at the end' : `at position ${t.at + 1}`;
  }

  parseAll(): Expr {
    if (this.peek().t === 'end') this.fail('the expression is empty');
    const e = this.expr();
    const t = this.peek();
    if (t.t !== 'end') this.fail(t.t === 'op' && t.v === ')' ? `unmatched ")" ${this.where(t)}` : `unexpected "${tokenText(t)}" ${this.where(t)}`);
    return e;
  }

  private nest<T>(f: () => T): T {
    if (++this.depth > MAX_DEPTH) this.fail('the expression is nested too deeply');
    try {
      return f();
    } finally {
      this.depth--;
    }
  }

  private expr(): Expr {
    return this.nest(() => {
      let left = this.term();
      while (this.isOp('+') || this.isOp('-')) {
        const op = (this.tokens[this.pos++] as { v: '+' | '-' }).v;
        left = { type: 'bin', op, left, right: this.term() };
      }
      return left;
    });
  }

  private startsFactor(): boolean {
    const t = this.peek();
    return t.t === 'num' || t.t === 'name' || (t.t === 'op' && t.v === '(');
  }

  private term(): Expr {
    let left = this.unary();
    for (;;) {
      if (this.isOp('*') || this.isOp('/')) {
        const op = (this.tokens[this.pos++] as { v: '*' | '/' }).v;
        left = { type: 'bin', op, left, right: this.unary() };
      } else if (this.startsFactor()) {
        left = { type: 'bin', op: '*', left, right: this.unary() }; // implicit product: 2n, 2(n + 1)
      } else return left;
    }
  }

  private unary(): Expr {
    return this.nest(() => {
      if (this.isOp('-')) {
        this.pos++;
        return { type: 'neg', arg: this.unary() };
      }
      if (this.isOp('+')) {
        this.pos++;
        return this.unary();
      }
      return this.power();
    });
  }

  private power(): Expr {
    const base = this.atom();
    if (this.isOp('^')) {
      this.pos++;
      return { type: 'bin', op: '^', left: base, right: this.unary() }; // right-associative, and 2^-1
    }
    return base;
  }

  private atom(): Expr {
    const t = this.peek();
    if (t.t === 'num') {
      this.pos++;
      return { type: 'num', value: t.v };
    }
    if (t.t === 'name') {
      this.pos++;
      const fn = Object.hasOwn(FUNCTIONS, t.v) ? FUNCTIONS[t.v] : undefined; // own keys only: never "constructor"
      if (fn) {
        if (!this.isOp('(')) this.fail(`${t.v} needs its argument in parentheses: ${t.v}(...)`);
        this.pos++;
        const arg = this.expr();
        if (!this.isOp(')')) this.fail(`missing ")" after the argument of ${t.v}`);
        this.pos++;
        return { type: 'call', fn, arg };
      }
      if (this.variables.has(t.v)) {
        this.names.add(t.v);
        return { type: 'var', name: t.v };
      }
      if (Object.hasOwn(CONSTANTS, t.v)) return { type: 'num', value: CONSTANTS[t.v] };
      const known = [...this.variables];
      this.fail(`unknown name "${t.v}" ${this.where(t)}; ${known.length ? `the variables are ${known.join(', ')}` : 'this formula has no variables'} (and pi, e, sqrt, exp, log, sin, cos)`);
    }
    if (t.t === 'op' && t.v === '(') {
      this.pos++;
      const e = this.expr();
      if (!this.isOp(')')) this.fail(`missing ")" ${this.where(this.peek())}`);
      this.pos++;
      return e;
    }
    if (t.t === 'end') this.fail('the expression ends too early');
    this.fail(`unexpected "${tokenText(t)}" ${this.where(t)}`);
  }
}

class ParseError extends Error {}

function tokenText(t: Token): string {
  return t.t === 'end' ? '' : String(t.v);
}

/** Parses `src` over the given variable names. Never throws. */
export function parseExpression(src: unknown, variables: readonly string[]): ParseResult {
  if (typeof src !== 'string') return { ok: false, error: 'an expression must be text' };
  if (src.length > MAX_EXPRESSION_CHARS) return { ok: false, error: `the expression is longer than ${MAX_EXPRESSION_CHARS} characters` };
  const tokens = tokenize(src);
  if (typeof tokens === 'string') return { ok: false, error: tokens };
  const parser = new Parser(tokens, new Set(variables));
  try {
    const expr = parser.parseAll();
    return { ok: true, expr, names: [...parser.names] };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    return { ok: false, error: 'the expression cannot be read' };
  }
}

/** The value at a point (every variable of the expression must be in `env`); NaN for undefined points. */
export function evaluate(e: Expr, env: Readonly<Record<string, number>>): number {
  switch (e.type) {
    case 'num':
      return e.value;
    case 'var':
      return env[e.name] ?? NaN;
    case 'neg':
      return -evaluate(e.arg, env);
    case 'call': {
      const x = evaluate(e.arg, env);
      switch (e.fn) {
        case 'sqrt':
          return Math.sqrt(x);
        case 'exp':
          return Math.exp(x);
        case 'log':
          return Math.log(x);
        case 'sin':
          return Math.sin(x);
        case 'cos':
          return Math.cos(x);
      }
      return NaN;
    }
    case 'bin': {
      const a = evaluate(e.left, env);
      const b = evaluate(e.right, env);
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return Math.pow(a, b);
      }
    }
  }
}

/** Parse and evaluate in one step (tests, the check); NaN when it does not parse. */
export function evaluateText(src: string, env: Readonly<Record<string, number>>): number {
  const p = parseExpression(src, Object.keys(env));
  return p.ok ? evaluate(p.expr, env) : NaN;
}
