// The capstone models' files as the browser fetches them: only manifest.json and weights.bin of the
// three known models (never golden.json, the model card or anything a crafted path could reach),
// under a URL that carries the manifest's sha256, so the answer can be cached for a year as
// immutable: retrained weights get a new sha, hence a new URL, and an old URL is refused (404)
// rather than answered with different bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPSTONE_MODELS, modelFolder, type CapstoneModel } from '../../exercises/capstone/files.ts';
import type { Manifest } from '../../exercises/capstone/weights.ts';

export const MODEL_FILES = ['manifest.json', 'weights.bin'] as const;
export type ModelFile = (typeof MODEL_FILES)[number];

const CONTENT_TYPE: Record<ModelFile, string> = {
  'manifest.json': 'application/json; charset=utf-8',
  'weights.bin': 'application/octet-stream',
};

/** The path a page fetches a model's file from. */
export function modelFileUrl(model: CapstoneModel, sha256: string, file: ModelFile): string {
  return `/api/capstone/${model}/${sha256}/${file}`;
}

function isModel(s: string): s is CapstoneModel {
  return (CAPSTONE_MODELS as readonly string[]).includes(s);
}

function isFile(s: string): s is ModelFile {
  return (MODEL_FILES as readonly string[]).includes(s);
}

// The files never change while the process runs (they are committed): read each once.
const cache = new Map<CapstoneModel, { manifest: Manifest; sha256: string; files: Record<ModelFile, Buffer> }>();

function filesOf(model: CapstoneModel) {
  let entry = cache.get(model);
  if (!entry) {
    const folder = modelFolder(model);
    const manifest = readFileSync(join(folder, 'manifest.json'));
    const parsed = JSON.parse(manifest.toString('utf8')) as Manifest;
    entry = { manifest: parsed, sha256: parsed.sha256, files: { 'manifest.json': manifest, 'weights.bin': readFileSync(join(folder, 'weights.bin')) } };
    cache.set(model, entry);
  }
  return entry;
}

/** The model's manifest (configuration, tensors), read once per process. */
export function modelManifest(model: CapstoneModel): Manifest {
  return filesOf(model).manifest;
}

/** The manifest's sha256 of weights.bin: the version key of the model's URLs. */
export function modelSha256(model: CapstoneModel): string {
  return filesOf(model).sha256;
}

export interface ModelFileReply {
  body: Uint8Array;
  headers: Record<string, string>;
}

/** The file, or null (a 404) for anything but a known model's two files under its current sha256. */
export function modelFile(model: string, sha256: string, file: string): ModelFileReply | null {
  if (!isModel(model) || !isFile(file)) return null;
  const { sha256: current, files } = filesOf(model);
  if (sha256 !== current) return null;
  const body = files[file];
  return {
    body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
    headers: {
      'content-type': CONTENT_TYPE[file],
      'content-length': String(body.byteLength),
      // the URL names the content: a year, never revalidated, shared caches welcome (public weights)
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${current}-${file}"`,
      'x-content-type-options': 'nosniff',
    },
  };
}
