// The trusted script that runs first in every fresh sandbox context, before helpers and before
// learner code. It is JavaScript source text, not a function: any transform of this file (tsx adds
// `__name` calls, coverage adds counters) would otherwise leak into the isolate.
//
// It captures every intrinsic it needs in a closure, so a learner who later replaces methods on
// Array.prototype, Object.prototype, Reflect, JSON or Function.prototype cannot change how the
// grader reads results:
// - a result is read through Reflect.getOwnPropertyDescriptor (a getter is reported, never run)
//   into fresh null-prototype containers (no planted setter can see the writes);
// - no iteration protocol, spread, instanceof or implicit toString touches learner objects;
// - inputs are rebuilt from an encoding the learner never sees, and mutation is judged against it.
// It is strict mode, so a learner's Error.prepareStackTrace or `fn.caller` cannot reach its
// functions. It returns { load, runCase, takeConsole }; the host keeps them as references and they
// are never reachable from the global object. Nothing learner-controlled is ever thrown or
// returned to the host: isolated-vm would read it outside the timeout (see transpile.ts).

/** Bounds on what one submission may return or print. */
export interface SandboxLimits {
  maxEntries: number; // array elements + object keys in one result
  maxStringChars: number; // one string in a result
  maxTotalStringChars: number; // all strings in one result
  maxDepth: number; // nesting of arrays and objects
  consoleChars: number; // console output of one submission
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  maxEntries: 1_000_000,
  maxStringChars: 1 << 20,
  maxTotalStringChars: 4 << 20,
  maxDepth: 32,
  consoleChars: 64 * 1024,
};

/**
 * Globals removed from every context: WebAssembly.Memory ignores the isolate's memory limit,
 * Atomics.wait blocks the thread, FinalizationRegistry callbacks run outside any call's timeout.
 */
export const REMOVED_GLOBALS = ['WebAssembly', 'SharedArrayBuffer', 'Atomics', 'FinalizationRegistry', 'WeakRef'];

export const BOOTSTRAP_SOURCE = String.raw`(function bootstrap(global, limits, removed) {
  'use strict';
  var R = global.Reflect;
  var apply = R.apply;
  var defineProperty = R.defineProperty;
  var getOwnPropertyDescriptor = R.getOwnPropertyDescriptor;
  var ownKeys = R.ownKeys;
  var getPrototypeOf = R.getPrototypeOf;
  var setPrototypeOf = R.setPrototypeOf;
  var deleteProperty = R.deleteProperty;
  var isArray = global.Array.isArray;
  var isView = global.ArrayBuffer.isView;
  var hasOwn = global.Object.hasOwn;
  var objectIs = global.Object.is;
  var ObjectProto = global.Object.prototype;
  var ArrayProto = global.Array.prototype;
  var PromiseProto = global.Promise.prototype;
  var TypedArrayProto = getPrototypeOf(global.Int8Array.prototype);
  var typedArrayLength = getOwnPropertyDescriptor(TypedArrayProto, 'length').get;
  var typedArrayTag = getOwnPropertyDescriptor(TypedArrayProto, global.Symbol.toStringTag).get;
  var stringSlice = global.String.prototype.slice;
  var symbolToString = global.Symbol.prototype.toString;
  var jsonParse = global.JSON.parse;
  var charCodeAt = global.String.prototype.charCodeAt;
  var INVALID = {};
  var invalidReason = '';

  for (var r = 0; r < removed.length; r++) deleteProperty(global, removed[r]);

  function define(target, key, value) {
    defineProperty(target, key, { __proto__: null, value: value, writable: true, enumerable: true, configurable: true });
  }
  // A new array or object with a null prototype: plain writes to it can never meet a setter a
  // learner planted on Array.prototype or Object.prototype, and __proto__ is an ordinary key.
  function fresh(array) {
    var o = array ? [] : {};
    setPrototypeOf(o, null);
    return o;
  }
  function clip(s, room) {
    return s.length > room ? apply(stringSlice, s, [0, room < 0 ? 0 : room]) : s;
  }
  function isObject(x) {
    return x !== null && (typeof x === 'object' || typeof x === 'function');
  }
  // The value of an own data property, or undefined; a getter is reported, never called.
  function slot(o, k) {
    var d = getOwnPropertyDescriptor(o, k);
    if (d === undefined) return { __proto__: null, kind: 'absent', value: undefined };
    if (!hasOwn(d, 'value')) return { __proto__: null, kind: 'accessor', value: undefined };
    return { __proto__: null, kind: 'data', value: d.value };
  }
  function arrayLength(a) {
    var s = slot(a, 'length');
    return typeof s.value === 'number' ? s.value : 0;
  }
  function pathOf(stack, depth) {
    var p = 'output';
    for (var i = 0; i < depth; i++) {
      var k = stack[i];
      p += typeof k === 'number' ? '[' + k + ']' : '.' + k;
    }
    return p;
  }
  function constructorName(proto) {
    try {
      var c = slot(proto, 'constructor').value;
      var n = typeof c === 'function' ? slot(c, 'name').value : undefined;
      return typeof n === 'string' && n ? clip(n, 80) : 'a class';
    } catch (e) {
      return 'a class';
    }
  }

  // ---- console: bounded, captured only while the host says so ----
  var consoleText = '';
  var consoleUsed = 0;
  var consoleFull = false;
  var capturing = false;

  function format(v, depth, room, top) {
    if (room <= 0) return '';
    switch (typeof v) {
      case 'string': return top ? clip(v, room) : clip("'" + clip(v, room) + "'", room);
      case 'number': return objectIs(v, -0) ? '-0' : '' + v;
      case 'bigint': return '' + v + 'n';
      case 'boolean': return v ? 'true' : 'false';
      case 'undefined': return 'undefined';
      case 'symbol': return clip(apply(symbolToString, v, []), room);
      case 'function': {
        var name = slot(v, 'name').value;
        return clip(typeof name === 'string' && name ? '[Function ' + name + ']' : '[Function]', room);
      }
    }
    if (v === null) return 'null';
    var out, i, n, s;
    if (isArray(v)) {
      if (depth >= 4) return '[Array]';
      n = arrayLength(v);
      out = '[';
      for (i = 0; i < n && out.length < room; i++) {
        if (i >= 100) { out += ', ... ' + (n - i) + ' more'; break; }
        s = slot(v, i);
        out += (i ? ', ' : '') + (s.kind === 'data' ? format(s.value, depth + 1, room - out.length, false) : s.kind === 'absent' ? '<empty>' : '[Getter]');
      }
      return clip(out + ']', room);
    }
    if (isView(v)) {
      var tag, len;
      try { tag = apply(typedArrayTag, v, []); len = apply(typedArrayLength, v, []); } catch (e) { return '[DataView]'; }
      out = tag + '(' + len + ') [';
      for (i = 0; i < len && out.length < room; i++) {
        if (i >= 100) { out += ', ... ' + (len - i) + ' more'; break; }
        out += (i ? ', ' : '') + format(slot(v, i).value, depth + 1, room - out.length, false);
      }
      return clip(out + ']', room);
    }
    if (depth >= 4) return '[Object]';
    var keys = ownKeys(v);
    out = '{';
    n = keys.length;
    for (i = 0; i < n && out.length < room; i++) {
      if (i >= 50) { out += ', ... ' + (n - i) + ' more'; break; }
      var k = keys[i];
      s = slot(v, k);
      out += (i ? ', ' : ' ') + (typeof k === 'symbol' ? '[' + apply(symbolToString, k, []) + ']' : k) + ': ' +
        (s.kind === 'data' ? format(s.value, depth + 1, room - out.length, false) : '[Getter]');
    }
    return clip(out + (n ? ' }' : '}'), room);
  }

  function write(args) {
    if (!capturing || consoleFull) return;
    var room = limits.consoleChars - consoleUsed;
    var line = '';
    try {
      for (var i = 0; i < args.length && line.length < room; i++) {
        line += (i ? ' ' : '') + format(args[i], 0, room - line.length, true);
      }
    } catch (e) {
      line += '[unprintable]';
    }
    line += '\n';
    if (line.length > room) {
      line = clip(line, room) + '\n... console output truncated at ' + limits.consoleChars + ' characters\n';
      consoleFull = true;
    }
    consoleText += line;
    consoleUsed += line.length;
  }
  var consoleObject = {};
  var levels = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  for (var l = 0; l < levels.length; l++) {
    define(consoleObject, levels[l], function () { write(arguments); });
  }
  defineProperty(global, 'console', { __proto__: null, value: consoleObject, writable: true, enumerable: false, configurable: true });

  function takeConsole() {
    var text = consoleText;
    consoleText = '';
    return text;
  }

  // ---- thrown values ----
  function describeThrown(e) {
    var message = '', stack = '';
    try {
      if (isObject(e)) {
        var name = '', msg = '';
        try { var n = e.name; if (typeof n === 'string') name = n; } catch (x) {}
        try { var m = e.message; if (typeof m === 'string') msg = m; } catch (x) {}
        try { var st = e.stack; if (typeof st === 'string') stack = clip(st, 4000); } catch (x) {}
        message = name && msg ? name + ': ' + msg : name || msg || format(e, 0, 500, true);
      } else {
        message = 'threw ' + format(e, 0, 500, false);
      }
    } catch (x) {
      message = 'threw a value that cannot be described';
    }
    return { message: clip(message, 2000), stack: stack };
  }

  // ---- inputs: rebuilt from their encoding (args-codec.ts), compared with it afterwards ----
  // The structure is parsed by the JSON.parse captured above and, like the numbers, never reaches
  // the learner, so both are read directly. The learner's arrays are filled with plain writes,
  // which V8 turns into packed arrays; should a learner have planted index properties (setters)
  // on Array.prototype or Object.prototype, or re-parented Array.prototype, in an earlier case,
  // the arrays are filled with a null prototype first so no setter can meet the writes.
  function hasIndexKey(o) {
    var keys = ownKeys(o);
    for (var i = 0; i < keys.length; i++) {
      var k = keys[i];
      if (typeof k === 'string' && k.length > 0) {
        var c = apply(charCodeAt, k, [0]);
        if (c >= 48 && c <= 57) return true;
      }
    }
    return false;
  }
  function prototypesClean() {
    return getPrototypeOf(ArrayProto) === ObjectProto && !hasIndexKey(ArrayProto) && !hasIndexKey(ObjectProto);
  }
  function decode(tree, nums) {
    var next = 0;
    var clean = prototypesClean();
    function start() {
      var a = [];
      if (!clean) setPrototypeOf(a, null);
      return a;
    }
    function finish(a) {
      if (!clean) setPrototypeOf(a, ArrayProto);
      return a;
    }
    function walk(node) {
      var tag = node[0], out, i, n, row;
      if (tag === 'f') {
        n = node[1];
        out = start();
        for (i = 0; i < n; i++) out[i] = nums[next + i];
        next += n;
        return finish(out);
      }
      if (tag === 'm' || tag === 'k') {
        var rows = node[1], cols = node[2], r, line;
        out = start();
        for (r = 0; r < rows; r++) {
          line = start();
          if (tag === 'm') for (i = 0; i < cols; i++) line[i] = nums[next + i];
          else for (i = 0; i < cols; i++) line[i] = nums[next + i] === 1;
          next += cols;
          out[r] = finish(line);
        }
        return finish(out);
      }
      if (tag === 'n') return nums[next++];
      if (tag === 'p') {
        row = node[1];
        n = row.length;
        out = start();
        for (i = 0; i < n; i++) out[i] = row[i];
        return finish(out);
      }
      if (tag === 'a') {
        n = node.length;
        out = start();
        for (i = 1; i < n; i++) out[i - 1] = walk(node[i]);
        return finish(out);
      }
      if (tag === 'o') {
        out = {};
        for (i = 1; i < node.length; i += 2) define(out, node[i], walk(node[i + 1]));
        return out;
      }
      return tag === 'v' ? node[1] : undefined;
    }
    return walk(tree);
  }
  function short(v) {
    return format(v, 3, 80, false);
  }
  function changed(was, now) {
    return objectIs(was, now) ? null : ['', 'was ' + short(was) + ', now ' + short(now)];
  }
  // The first argument that no longer matches its encoding, as 'argument 2[0][1] was 1, now 7'.
  // The learner's side is read directly: a getter runs under the case's timeout and can only
  // mislead this check, which exists to help the learner.
  function findMutation(tree, nums, args) {
    var next = 0;
    // null when c still matches node, else [path, what happened]; keeps the number cursor in step
    function diff(node, c) {
      var tag = node[0], i, n, d, count, row;
      if (tag === 'n') return changed(nums[next++], c);
      if (tag === 'v') return changed(node[1], c);
      if (tag === 'u') return changed(undefined, c);
      if (tag === 'o') {
        if (!isObject(c) || isArray(c)) return ['', 'was replaced by ' + short(c)];
        count = 0;
        for (i = 1; i < node.length; i += 2) {
          count++;
          if (!hasOwn(c, node[i])) return ['.' + node[i], 'was deleted'];
          d = diff(node[i + 1], c[node[i]]);
          if (d) return ['.' + node[i] + d[0], d[1]];
        }
        if (ownKeys(c).length !== count) return ['', 'gained new keys'];
        return null;
      }
      n = tag === 'f' || tag === 'm' || tag === 'k' ? node[1] : tag === 'p' ? node[1].length : node.length - 1;
      if (!isArray(c)) return ['', 'was replaced by ' + short(c)];
      if (c.length !== n) return ['', 'changed length from ' + n + ' to ' + c.length];
      if (tag === 'f') {
        for (i = 0; i < n; i++) {
          d = changed(nums[next + i], c[i]);
          if (d) return ['[' + i + ']', d[1]];
        }
        next += n;
        return null;
      }
      if (tag === 'm' || tag === 'k') {
        var cols = node[2], r, line, j;
        for (r = 0; r < n; r++) {
          line = c[r];
          if (!isArray(line)) return ['[' + r + ']', 'was replaced by ' + short(line)];
          if (line.length !== cols) return ['[' + r + ']', 'changed length from ' + cols + ' to ' + line.length];
          for (j = 0; j < cols; j++) {
            d = changed(tag === 'm' ? nums[next + j] : nums[next + j] === 1, line[j]);
            if (d) return ['[' + r + '][' + j + ']', d[1]];
          }
          next += cols;
        }
        return null;
      }
      row = node[1];
      for (i = 0; i < n; i++) {
        d = tag === 'p' ? changed(row[i], c[i]) : diff(node[i + 1], c[i]);
        if (d) return ['[' + i + ']' + d[0], d[1]];
      }
      return null;
    }
    for (var i = 1; i < tree.length; i++) {
      var d = diff(tree[i], args[i - 1]);
      if (d) return 'argument ' + i + d[0] + ' ' + d[1];
    }
    return null;
  }

  // ---- results: a fresh plain tree, or the first reason it is not plain data ----
  // Reads go through own property descriptors (a getter is reported, never called); writes go to
  // fresh containers. Structured clone gives the host ordinary arrays and objects.
  function sanitize(root) {
    var entries = 0;
    var stringChars = 0;
    var ancestors = fresh(true);
    var path = fresh(true);
    function fail(depth, why) {
      invalidReason = pathOf(path, depth) + ' ' + why;
      throw INVALID;
    }
    function leaf(x, depth) {
      switch (typeof x) {
        case 'number': case 'boolean': case 'undefined': return x;
        case 'string':
          if (x.length > limits.maxStringChars) fail(depth, 'is a string longer than ' + limits.maxStringChars + ' characters');
          stringChars += x.length;
          if (stringChars > limits.maxTotalStringChars) fail(depth, 'brings the strings of the result past ' + limits.maxTotalStringChars + ' characters');
          return x;
        case 'bigint': fail(depth, 'is a bigint; return a number'); break;
        case 'symbol': fail(depth, 'is a symbol'); break;
        case 'function': fail(depth, 'is a function; return data'); break;
      }
      return walk(x, depth);
    }
    function read(x, k, depth) {
      var d = getOwnPropertyDescriptor(x, k);
      if (d === undefined) return undefined; // a hole
      if (!hasOwn(d, 'value')) fail(depth, 'is a getter; return plain data');
      var v = d.value;
      return typeof v === 'number' ? v : leaf(v, depth);
    }
    function walk(x, depth) {
      if (x === null) return null;
      if (depth >= limits.maxDepth) fail(depth, 'is nested deeper than ' + limits.maxDepth + ' levels');
      for (var a = 0; a < depth; a++) if (ancestors[a] === x) fail(depth, 'refers back to one of its containers (a cycle)');
      if (isView(x)) {
        var tag;
        try { tag = apply(typedArrayTag, x, []); } catch (e) { tag = 'DataView'; }
        fail(depth, 'is a ' + tag + '; return a plain array (Array.from converts it)');
      }
      var proto = getPrototypeOf(x);
      var i, n, out;
      ancestors[depth] = x;
      if (isArray(x)) {
        if (proto !== ArrayProto) fail(depth, 'is an array subclass; return a plain array');
        n = slot(x, 'length').value;
        if (typeof n !== 'number' || n !== n || n < 0 || n > limits.maxEntries - entries) fail(depth, 'has more than ' + limits.maxEntries + ' entries');
        entries += n;
        out = fresh(true);
        for (i = 0; i < n; i++) {
          path[depth] = i;
          out[i] = read(x, i, depth + 1);
        }
        return out;
      }
      if (proto === PromiseProto) fail(depth, 'is a Promise: the function must be synchronous (no async, no await)');
      if (proto !== ObjectProto && proto !== null) fail(depth, 'is an instance of ' + constructorName(proto) + '; return plain arrays, objects and numbers');
      var keys = ownKeys(x);
      n = keys.length;
      if (n > limits.maxEntries - entries) fail(depth, 'has more than ' + limits.maxEntries + ' entries');
      entries += n;
      out = fresh(false);
      for (i = 0; i < n; i++) {
        var k = keys[i];
        if (typeof k === 'symbol') fail(depth, 'has a symbol key');
        path[depth] = k;
        out[k] = read(x, k, depth + 1);
      }
      return out;
    }
    return leaf(root, 0);
  }

  // ---- the learner's module: run here, inside try/catch, so nothing it throws crosses to the host ----
  var FunctionCtor = global.Function;
  var IMPORT = {};
  var importSpecifier = '';
  var target;
  function exportNames(ex) {
    var names = [];
    if (!isObject(ex)) return names;
    var keys = ownKeys(ex);
    for (var i = 0; i < keys.length; i++) {
      if (typeof keys[i] === 'string' && keys[i] !== '__esModule') define(names, names.length, keys[i]);
    }
    return names;
  }
  function load(code, name) {
    var body = '"use strict";' + code + '\n//# sourceURL=file:///solution.js';
    var fn;
    try {
      fn = new FunctionCtor('exports', 'module', 'require', body);
    } catch (e) {
      return { status: 'syntax', message: describeThrown(e).message };
    }
    var exportsObject = {};
    var moduleObject = { exports: exportsObject };
    function require(specifier) {
      importSpecifier = typeof specifier === 'string' ? clip(specifier, 200) : '?';
      throw IMPORT;
    }
    capturing = true;
    try {
      apply(fn, undefined, [exportsObject, moduleObject, require]);
    } catch (e) {
      if (e === IMPORT) return { status: 'import', specifier: importSpecifier };
      var t = describeThrown(e);
      return { status: 'threw', message: t.message, stack: t.stack };
    } finally {
      capturing = false;
    }
    try {
      var ex = slot(moduleObject, 'exports').value;
      var names = exportNames(ex);
      var f = isObject(ex) ? ex[name] : undefined; // esbuild exports are getters: run them here, under the timeout
      if (f === undefined) return { status: 'missing', exports: names };
      if (typeof f !== 'function') return { status: 'not_function', type: f === null ? 'null' : typeof f, exports: names };
      target = f;
      return { status: 'ok', exports: names };
    } catch (e) {
      var t2 = describeThrown(e);
      return { status: 'threw', message: t2.message, stack: t2.stack };
    }
  }

  function runCase(structure, nums, capture) {
    capturing = capture === true;
    try {
      var tree = jsonParse(structure);
      var args = decode(tree, nums);
      var result;
      try {
        result = apply(target, undefined, args);
      } catch (e) {
        if (e === IMPORT) return { status: 'threw', message: 'imports are not available (' + importSpecifier + ')', stack: '' };
        var t = describeThrown(e);
        return { status: 'threw', message: t.message, stack: t.stack };
      }
      var value;
      try {
        value = sanitize(result);
      } catch (e) {
        if (e === INVALID) return { status: 'invalid', message: invalidReason };
        return { status: 'invalid', message: 'reading the result threw: ' + describeThrown(e).message };
      }
      var mutated;
      try {
        mutated = findMutation(tree, nums, args);
      } catch (e) {
        mutated = 'changed in a way that cannot be read back (' + describeThrown(e).message + ')';
      }
      return { status: 'ok', value: value, mutated: mutated };
    } catch (e) {
      // whatever happens, no learner value leaves the isolate
      return { status: 'threw', message: describeThrown(e).message, stack: '' };
    } finally {
      capturing = false;
    }
  }

  return { load: load, runCase: runCase, takeConsole: takeConsole };
})`;
