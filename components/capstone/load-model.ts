// A capstone model in the browser, in two halves. The page fetches the manifest and weights from
// the URLs the server gave it (lib/capstone/model-files.ts): the model's worker cannot, since every
// worker's policy forbids connecting anywhere (lib/security-headers.ts WORKER_CSP; the learner's
// own code will run in that worker). The worker then checks the bytes against the manifest's
// sha256 with Web Crypto (a truncated download or a stale cache is never run) and builds the
// engine's structures with the reader the server uses (exercises/capstone/weights.ts).
import { tinyGptFrom, tinySamFrom, tinyVitFrom, Weights, type Manifest } from '../../exercises/capstone/weights.ts';

export interface ModelUrls {
  manifest: string;
  weights: string;
}

export interface ModelFiles {
  manifest: Manifest;
  bytes: ArrayBuffer;
}

type Fetch = (url: string) => Promise<Response>;

async function ok(fetchFn: Fetch, url: string): Promise<Response> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`could not load ${url} (HTTP ${res.status})`);
  return res;
}

/** Page side: the model's two files. */
export async function fetchModelFiles(urls: ModelUrls, fetchFn: Fetch = fetch): Promise<ModelFiles> {
  const [manifest, bytes] = await Promise.all([
    ok(fetchFn, urls.manifest).then((r) => r.json() as Promise<Manifest>),
    ok(fetchFn, urls.weights).then((r) => r.arrayBuffer()),
  ]);
  return { manifest, bytes };
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Worker side: the weights, once their sha256 matches the manifest; throws saying what did not match. */
export async function verifiedWeights({ manifest, bytes }: ModelFiles): Promise<Weights> {
  const sha = hex(await crypto.subtle.digest('SHA-256', bytes));
  if (sha !== manifest.sha256) throw new Error(`${manifest.model}: the weights downloaded do not match their manifest (sha256 ${sha.slice(0, 12)}, expected ${manifest.sha256.slice(0, 12)})`);
  return new Weights(manifest, new Uint8Array(bytes));
}

/** TinyGPT, its vocabulary and context length, from its files. */
export async function loadTinyGpt(files: ModelFiles) {
  return tinyGptFrom(await verifiedWeights(files));
}

/** TinySAM, from its files. */
export async function loadTinySam(files: ModelFiles) {
  return tinySamFrom(await verifiedWeights(files));
}

/** TinyViT, from its files. */
export async function loadTinyVit(files: ModelFiles) {
  return tinyVitFrom(await verifiedWeights(files));
}
