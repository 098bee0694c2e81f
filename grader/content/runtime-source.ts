// The trusted script that runs first in an authored exercise's isolate, before the SDK and before
// the author's modules. Source text, not a function, for the reason sandbox-bootstrap.ts gives.
//
// The author's code may replace any method of any built-in prototype, JSON included, so the runtime
// captures every intrinsic it needs before that code runs, reads results through property
// descriptors (a getter is refused, never run), and builds the output text itself. What it returns
// to the host is always a string or a plain object of strings and booleans it made itself.
//
// It returns { load, describe, caseList, call, figureNames, figure, variant } as references held by the host; none
// is reachable from the global object. `createRng` is captured from the SDK before the author's
// code loads, so the seeded inputs cannot be redirected.

export const CONTENT_RUNTIME_SOURCE = String.raw`(function contentRuntime(global, removed, limits, sdkFactory) {
  'use strict';
  var R = global.Reflect;
  var apply = R.apply;
  var ownKeys = R.ownKeys;
  var getOwnPropertyDescriptor = R.getOwnPropertyDescriptor;
  var getPrototypeOf = R.getPrototypeOf;
  var deleteProperty = R.deleteProperty;
  var isArray = global.Array.isArray;
  var objectIs = global.Object.is;
  var ObjectProto = global.Object.prototype;
  var ArrayProto = global.Array.prototype;
  var stringify = global.JSON.stringify;
  var parse = global.JSON.parse;
  var push = ArrayProto.push;
  var join = ArrayProto.join;
  var StringCtor = global.String;
  var ErrorCtor = global.Error;
  var TypeErrorCtor = global.TypeError;
  var FunctionProto = global.Function.prototype;

  for (var r = 0; r < removed.length; r++) deleteProperty(global, removed[r]);

  var sdk = sdkFactory();
  var createRng = sdk.createRng;

  function fail(message) { throw new TypeErrorCtor(message); }

  // ---- encoding (see data-codec.ts) ----
  function encode(value, allowFunctions) {
    var out = [];
    var budget = { entries: 0, chars: 0 };
    write(value, 0, out, budget, allowFunctions, '');
    return apply(join, out, ['']);
  }
  function write(v, depth, out, budget, allowFunctions, path) {
    var t = typeof v;
    if (t === 'number') {
      if (v !== v) return void apply(push, out, ['{"$num":"NaN"}']);
      if (v === Infinity) return void apply(push, out, ['{"$num":"Infinity"}']);
      if (v === -Infinity) return void apply(push, out, ['{"$num":"-Infinity"}']);
      if (objectIs(v, -0)) return void apply(push, out, ['{"$num":"-0"}']);
      return void apply(push, out, ['' + v]);
    }
    if (t === 'string') {
      budget.chars += v.length;
      if (budget.chars > limits.maxTotalStringChars) fail('holds more than ' + limits.maxTotalStringChars + ' characters of strings');
      return void apply(push, out, [stringify(v)]);
    }
    if (t === 'boolean') return void apply(push, out, [v ? 'true' : 'false']);
    if (v === null) return void apply(push, out, ['null']);
    if (t === 'function') {
      if (allowFunctions) return void apply(push, out, ['{"$fn":"function"}']);
      fail('is a function at ' + (path || 'the top level') + ', not data');
    }
    if (t !== 'object') fail('is ' + (t === 'undefined' ? 'undefined' : 'a ' + t) + ' at ' + (path || 'the top level') + '; return plain data (numbers, strings, booleans, null, arrays, plain objects)');
    if (depth >= limits.maxDepth) fail('nests deeper than ' + limits.maxDepth + ' levels');
    var proto = getPrototypeOf(v);
    var keys = ownKeys(v);
    if (isArray(v)) {
      if (proto !== ArrayProto) fail('holds an array of a custom class at ' + (path || 'the top level'));
      var lenDesc = getOwnPropertyDescriptor(v, 'length');
      var n = lenDesc.value;
      if (keys.length !== n + 1) fail('holds an array with holes or extra properties at ' + (path || 'the top level'));
      budget.entries += n;
      if (budget.entries > limits.maxEntries) fail('holds more than ' + limits.maxEntries + ' entries');
      apply(push, out, ['[']);
      for (var i = 0; i < n; i++) {
        var d = getOwnPropertyDescriptor(v, '' + i);
        if (!d || !('value' in d)) fail('holds a getter or a hole at ' + path + '[' + i + ']');
        if (i > 0) apply(push, out, [',']);
        write(d.value, depth + 1, out, budget, allowFunctions, path + '[' + i + ']');
      }
      apply(push, out, [']']);
      return;
    }
    if (proto !== ObjectProto && proto !== null) fail('holds an object that is not a plain object at ' + (path || 'the top level') + ' (a class instance, Map, Set, Date, typed array...)');
    budget.entries += keys.length;
    if (budget.entries > limits.maxEntries) fail('holds more than ' + limits.maxEntries + ' entries');
    apply(push, out, ['{']);
    for (var k = 0; k < keys.length; k++) {
      var key = keys[k];
      if (typeof key !== 'string') fail('holds a symbol key at ' + (path || 'the top level'));
      if (key === '$num' || key === '$fn') fail('uses the reserved key "' + key + '" at ' + (path || 'the top level'));
      var kd = getOwnPropertyDescriptor(v, key);
      if (!('value' in kd)) fail('holds a getter "' + key + '" at ' + (path || 'the top level'));
      if (k > 0) apply(push, out, [',']);
      apply(push, out, [stringify(key), ':']);
      write(kd.value, depth + 1, out, budget, allowFunctions, path ? path + '.' + key : key);
    }
    apply(push, out, ['}']);
  }
  function revive(key, value) {
    if (value !== null && typeof value === 'object' && !isArray(value)) {
      var ks = ownKeys(value);
      if (ks.length === 1 && ks[0] === '$num') {
        var s = value.$num;
        return s === 'NaN' ? NaN : s === 'Infinity' ? Infinity : s === '-Infinity' ? -Infinity : -0;
      }
    }
    return value;
  }
  function decode(text) { return parse(text, revive); }

  // An error's message, read without running the author's code (no toString, no getters).
  function messageOf(e) {
    if (e !== null && typeof e === 'object') {
      var d;
      try { d = getOwnPropertyDescriptor(e, 'message'); } catch (x) { d = undefined; }
      var name;
      try { var nd = getOwnPropertyDescriptor(getPrototypeOf(e) || {}, 'name'); name = nd && typeof nd.value === 'string' ? nd.value : undefined; } catch (x) { name = undefined; }
      if (d && typeof d.value === 'string') return (name && name !== 'Error' ? name + ': ' : '') + apply(StringCtor.prototype.slice, d.value, [0, 500]);
      return 'a thrown object';
    }
    if (typeof e === 'string') return apply(StringCtor.prototype.slice, e, [0, 500]);
    return 'threw ' + (typeof e === 'symbol' ? 'a symbol' : StringCtor(e));
  }
  // the message of an error the runtime raised itself (its text says what was wrong, no class name)
  function plainMessage(e) {
    var d = e !== null && typeof e === 'object' ? getOwnPropertyDescriptor(e, 'message') : undefined;
    return d && typeof d.value === 'string' ? d.value : messageOf(e);
  }
  function guard(f) {
    try { return { ok: true, value: f() }; } catch (e) { return { ok: false, kind: 'threw', message: messageOf(e) }; }
  }
  function own(obj, key) {
    if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return undefined;
    var d = getOwnPropertyDescriptor(obj, key);
    if (!d) return undefined;
    if (!('value' in d)) fail('"' + key + '" is a getter; write it as a plain property');
    return d.value;
  }

  var definition;
  var figures;
  var cases = [];

  function load(factory) {
    // the bundle's own module object (esbuild's live-binding getters), read inside load's timeout
    var exported = factory(sdk);
    definition = exported.definition;
    figures = exported.figures;
    if (definition === null || typeof definition !== 'object') fail('the folder must end with export default defineExercise({...}) in exercise.ts, or defineQuestion({...}) in question.ts');
  }

  function describe() {
    try { return encode(definition, true); } catch (e) { fail(plainMessage(e)); }
  }

  // the case specs of one generator with one seed; stored here, returned encoded
  function caseList(which, seed) {
    var gen = own(definition, which === 'visible' ? 'visibleCases' : 'hiddenCases');
    if (typeof gen !== 'function') fail((which === 'visible' ? 'visibleCases' : 'hiddenCases') + ' is not a function');
    var list = apply(gen, definition, [createRng(seed)]);
    if (!isArray(list)) fail((which === 'visible' ? 'visibleCases' : 'hiddenCases') + ' did not return an array');
    var n = getOwnPropertyDescriptor(list, 'length').value;
    if (n > 1000) fail('returned more than 1000 cases');
    var answer = [];
    cases = [];
    for (var i = 0; i < n; i++) {
      var c = own(list, '' + i);
      var name = own(c, 'name');
      var args = own(c, 'args');
      if (typeof name !== 'string') fail('case ' + i + ' has no name (a string)');
      if (!isArray(args)) fail('case "' + name + '" has no args array');
      var encoded;
      try { encoded = encode(args, false); } catch (e) { fail('the args of case "' + name + '" ' + plainMessage(e)); }
      apply(push, cases, [encoded]);
      apply(push, answer, [{ name: name, args: encoded }]);
    }
    return answer;
  }

  function functionFor(key) {
    if (key === 'reference') return own(definition, 'reference');
    var list = own(definition, 'misconceptions');
    var id = apply(StringCtor.prototype.slice, key, [14]);
    var n = isArray(list) ? getOwnPropertyDescriptor(list, 'length').value : 0;
    for (var i = 0; i < n; i++) {
      var m = own(list, '' + i);
      if (own(m, 'id') === id) return own(m, 'compute');
    }
    return undefined;
  }

  // one function on one stored case: the output encoded, and whether it changed its arguments
  function call(key, index) {
    var f = functionFor(key);
    if (typeof f !== 'function') return { ok: false, kind: 'invalid', message: key + ' is not a function' };
    var before = cases[index];
    var args = decode(before);
    var value;
    try { value = apply(f, undefined, args); } catch (e) { return { ok: false, kind: 'threw', message: messageOf(e) }; }
    var text;
    try { text = encode(value, false); } catch (e) { return { ok: false, kind: 'invalid', message: 'the output ' + plainMessage(e) }; }
    var after;
    try { after = encode(args, false); } catch (e) { after = ''; }
    return { ok: true, value: text, mutated: after !== before };
  }

  function figureNames() {
    if (figures === undefined || figures === null) return [];
    if (typeof figures !== 'object') fail('figures.ts must export const figures = { name: () => Figure, ... }');
    var keys = ownKeys(figures);
    var names = [];
    for (var i = 0; i < keys.length; i++) if (typeof keys[i] === 'string') apply(push, names, [keys[i]]);
    return names;
  }

  function figure(name) {
    var make = own(figures, name);
    if (typeof make !== 'function') return { ok: false, kind: 'invalid', message: 'figure "' + name + '" is not a function' };
    var value;
    try { value = apply(make, undefined, []); } catch (e) { return { ok: false, kind: 'threw', message: messageOf(e) }; }
    try { return { ok: true, value: encode(value, false) }; } catch (e) { return { ok: false, kind: 'invalid', message: 'the figure ' + plainMessage(e) }; }
  }

  // A question's variant for one rng seed: its params (drawn twice, to tell whether they depend on
  // the seed alone), then every function of the params on its own fresh copy of them, so that one
  // function changing its params cannot change what the next one sees.
  function callOn(f, self, paramsText, what) {
    if (typeof f !== 'function') return { ok: false, kind: 'invalid', message: what + ' is not a function' };
    var value;
    try { value = apply(f, self, [decode(paramsText)]); } catch (e) { return { ok: false, kind: 'threw', message: messageOf(e) }; }
    try { return { ok: true, value: encode(value, false) }; } catch (e) { return { ok: false, kind: 'invalid', message: what + ' returned a value that ' + plainMessage(e) }; }
  }
  function listOf(value) {
    if (!isArray(value)) return [];
    var n = getOwnPropertyDescriptor(value, 'length').value;
    var out = [];
    for (var i = 0; i < n; i++) apply(push, out, [own(value, '' + i)]);
    return out;
  }
  function variant(seed) {
    var gen = own(definition, 'generate');
    if (typeof gen !== 'function') fail('generate is not a function');
    var params;
    try { params = encode(apply(gen, definition, [createRng(seed)]), false); } catch (e) { fail('generate: ' + messageOf(e)); }
    var again;
    try { again = encode(apply(gen, definition, [createRng(seed)]), false); } catch (e) { again = ''; }
    var text = own(definition, 'text');
    var worked = own(definition, 'worked');
    var result = {
      params: params,
      deterministic: again === params,
      answers: callOn(own(definition, 'answer'), definition, params, 'answer'),
      text: text === undefined ? null : callOn(text, definition, params, 'text'),
      worked: worked === undefined ? null : callOn(worked, definition, params, 'worked'),
      options: [],
      misconceptions: []
    };
    var parts = listOf(own(definition, 'parts'));
    for (var i = 0; i < parts.length; i++) {
      var name = own(parts[i], 'name');
      if (typeof name !== 'string' || own(parts[i], 'kind') !== 'choice') continue;
      apply(push, result.options, [{ part: name, result: callOn(own(parts[i], 'options'), parts[i], params, 'options of part ' + name) }]);
    }
    var ms = listOf(own(definition, 'misconceptions'));
    for (var j = 0; j < ms.length; j++) {
      var id = own(ms[j], 'id');
      if (typeof id !== 'string') continue;
      apply(push, result.misconceptions, [{ id: id, result: callOn(own(ms[j], 'compute'), ms[j], params, 'misconception ' + id) }]);
    }
    return result;
  }

  return {
    variant: function (seed) { try { return { ok: true, value: variant(seed) }; } catch (e) { return { ok: false, kind: 'threw', message: plainMessage(e) }; } },
    load: function (factory) { return guard(function () { load(factory); return true; }); },
    describe: function () { return guard(describe); },
    caseList: function (which, seed) { return guard(function () { return caseList(which, seed); }); },
    call: call,
    figureNames: function () { return guard(figureNames); },
    figure: figure
  };
})`;
