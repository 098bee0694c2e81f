// The capstone's models on disk (server side): exercises/capstone/<model>/ holds weights.bin,
// manifest.json, golden.json and MODEL_CARD.md, written by scripts/capstone/train.py.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../files.ts';
import { Weights, type Manifest } from './weights.ts';

export const CAPSTONE_MODELS = ['tiny-gpt', 'tiny-vit', 'tiny-sam'] as const;
export type CapstoneModel = (typeof CAPSTONE_MODELS)[number];

export function modelFolder(model: CapstoneModel): string {
  return join(projectRoot(), 'exercises', 'capstone', model);
}

/** The model's weights, checked against the manifest's sha256 so a truncated or swapped file is never run. */
export function readWeights(model: CapstoneModel): Weights {
  const folder = modelFolder(model);
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as Manifest;
  const bytes = readFileSync(join(folder, 'weights.bin'));
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== manifest.sha256) throw new Error(`${model}: weights.bin does not match its manifest (sha256 ${sha.slice(0, 12)}, expected ${manifest.sha256.slice(0, 12)})`);
  return new Weights(manifest, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

export function readGolden<T>(model: CapstoneModel): T {
  return JSON.parse(readFileSync(join(modelFolder(model), 'golden.json'), 'utf8')) as T;
}
