// The browser's side of a capstone model: fetch its manifest and weights from the URLs the page was
// given (lib/capstone/model-files.ts), check the weights against the manifest's sha256 with Web
// Crypto (a truncated download or a stale cache is never run), and build the engine's structures
// with the same reader the server uses (exercises/capstone/weights.ts). Runs in the model's worker.
import { tinyGptFrom, Weights, type Manifest } from '../../exercises/capstone/weights.ts';

export interface ModelUrls {
  manifest: string;
  weights: string;
}

type Fetch = (url: string) => Promise<Response>;

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function ok(fetchFn: Fetch, url: string): Promise<Response> {
  const res = await fetchFn(url);
  if (!res.ok) throw new Error(`could not load ${url} (HTTP ${res.status})`);
  return res;
}

/** The model's weights, verified; throws saying what did not match. */
export async function loadWeights(urls: ModelUrls, fetchFn: Fetch = fetch): Promise<Weights> {
  const [manifest, bytes] = await Promise.all([
    ok(fetchFn, urls.manifest).then((r) => r.json() as Promise<Manifest>),
    ok(fetchFn, urls.weights).then((r) => r.arrayBuffer()),
  ]);
  const sha = hex(await crypto.subtle.digest('SHA-256', bytes));
  if (sha !== manifest.sha256) throw new Error(`${manifest.model}: the weights downloaded do not match their manifest (sha256 ${sha.slice(0, 12)}, expected ${manifest.sha256.slice(0, 12)})`);
  return new Weights(manifest, new Uint8Array(bytes));
}

/** TinyGPT, its vocabulary and context length, from its files. */
export async function loadTinyGpt(urls: ModelUrls, fetchFn: Fetch = fetch) {
  return tinyGptFrom(await loadWeights(urls, fetchFn));
}
