// Before a Run worker runs learner code, it takes away everything a pasted program could use to
// reach the network or the rest of the browser. A worker runs on the page's origin: a fetch() from
// it would carry the learner's session cookie to our own API (read their submissions, submit in
// their name, change their account) or send their code and data anywhere. The server's sandbox has
// none of this to begin with (a bare V8 context); here we get as close as a worker allows:
//
// - Every property of the worker's global object and of its prototype chain (WorkerGlobalScope,
//   EventTarget) is deleted except the ECMAScript built-ins below: fetch, XMLHttpRequest,
//   WebSocket, EventSource, WebTransport, importScripts, indexedDB, caches, BroadcastChannel,
//   Worker, SharedWorker, MessageChannel, navigator, the global postMessage / onmessage /
//   addEventListener (so nothing can talk to the page but the harness's own MessagePort, kept in a
//   closure), timers (which would run learner code after its case ended and its time was counted),
//   and everything else a browser adds.
// - Code made from strings at run time could still write `import("https://...")`, which fetches a
//   script: eval is deleted and the Function constructors (plain, async, generator, async
//   generator) are replaced by one that throws. The bootstrap captured the real Function before
//   this runs, and compiles the learner's module with it.
// - The worker script is also served with a Content-Security-Policy that allows no connections and
//   no scripts from anywhere but our origin (lib/security-headers.ts), in case a browser adds a
//   capability this list does not know of.
//
// lockDown() checks its own work and throws if any of the named capabilities survived; the worker
// then refuses to run learner code and the page runs it on the server.
import type { Realm } from './harness.ts';

/** ECMAScript's own globals (and two harmless helpers of the harness). Nothing else survives. */
const KEEP = new Set([
  'globalThis', 'Infinity', 'NaN', 'undefined',
  'Object', 'Function', 'Array', 'Number', 'Boolean', 'String', 'Symbol', 'BigInt', 'Math', 'JSON', 'Reflect', 'Proxy', 'Intl', 'Date', 'RegExp', 'Promise',
  'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError', 'SuppressedError',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry', 'Iterator', 'DisposableStack', 'AsyncDisposableStack',
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView', 'Atomics',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'escape', 'unescape',
  // the bootstrap's bounded console; structured clone copies case arguments for the reference
  'console', 'structuredClone',
]);

/** What must be gone after lockDown, by name: the network, storage, other threads, the page. */
export const MUST_BE_GONE = [
  'fetch', 'XMLHttpRequest', 'WebSocket', 'WebSocketStream', 'WebTransport', 'EventSource', 'importScripts', 'indexedDB', 'caches',
  'BroadcastChannel', 'Worker', 'SharedWorker', 'MessageChannel', 'navigator', 'postMessage', 'onmessage', 'addEventListener',
  'close', 'setTimeout', 'setInterval', 'queueMicrotask', 'Request', 'eval', 'WebAssembly',
];

/** Locks down the realm learner code will run in; throws when a capability survives. */
export function lockDown(realm: Realm): void {
  const global = realm.global;
  // the realm's own constructors (a node:vm context in tests has its own), read while eval exists
  const kinds = realm.evaluate('[Function, async function () {}.constructor, function* () {}.constructor, async function* () {}.constructor]') as { prototype: object }[];
  const objectPrototype = realm.evaluate('Object.prototype') as object;
  for (let o: object | null = global; o !== null && o !== objectPrototype; o = Object.getPrototypeOf(o)) {
    for (const key of Reflect.ownKeys(o)) {
      if (typeof key === 'symbol' || KEEP.has(key)) continue;
      if (!Reflect.deleteProperty(o, key)) {
        // not configurable: shadow it where possible (a non-writable one stays, and is checked below)
        try {
          Reflect.set(o, key, undefined);
        } catch {
          // checked below
        }
      }
    }
  }
  blockCodeFromStrings(global, kinds);
  const left = MUST_BE_GONE.filter((name) => (global as Record<string, unknown>)[name] !== undefined);
  if (left.length > 0) throw new Error(`could not remove ${left.join(', ')} from the worker`);
}

function blockCodeFromStrings(global: object, kinds: { prototype: object }[]): void {
  const blocked = function Function(): never {
    throw new EvalError('code from strings is not available here');
  };
  for (const ctor of kinds) Object.defineProperty(ctor.prototype, 'constructor', { value: blocked, writable: false, configurable: false });
  blocked.prototype = kinds[0].prototype; // `f instanceof Function` still holds
  Object.defineProperty(global, 'Function', { value: blocked, writable: true, configurable: true, enumerable: false });
}
