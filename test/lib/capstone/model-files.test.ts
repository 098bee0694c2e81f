// The capstone models' route (app/api/capstone/[model]/[sha]/[file]) through its real handler: it
// serves a known model's manifest.json and weights.bin, byte for byte, under the manifest's sha256
// with a year's immutable cache, and answers 404 for anything else: another file of the model's
// folder, an unknown model, a stale or made-up sha, a path that tries to climb out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET } from '../../../app/api/capstone/[model]/[sha]/[file]/route.ts';
import { modelFileUrl, modelSha256 } from '../../../lib/capstone/model-files.ts';
import { CAPSTONE_MODELS, modelFolder } from '../../../exercises/capstone/files.ts';

async function get(model: string, sha: string, file: string): Promise<Response> {
  return GET(new Request(`http://localhost${modelFileUrl(model as 'tiny-gpt', sha, file as 'weights.bin')}`), { params: Promise.resolve({ model, sha, file }) });
}

describe('GET /api/capstone/<model>/<sha256>/<file>', () => {
  for (const model of CAPSTONE_MODELS) {
    it(`serves ${model}'s manifest and weights exactly, cached as immutable`, async () => {
      const sha = modelSha256(model);
      for (const [file, type] of [['manifest.json', 'application/json; charset=utf-8'], ['weights.bin', 'application/octet-stream']] as const) {
        const res = await get(model, sha, file);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(type);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
        expect(res.headers.get('etag')).toContain(sha);
        const body = Buffer.from(await res.arrayBuffer());
        expect(body.equals(readFileSync(join(modelFolder(model), file)))).toBe(true);
        expect(res.headers.get('content-length')).toBe(String(body.byteLength));
      }
    });
  }

  it('keys the URL by the sha256 the manifest gives for weights.bin', () => {
    const manifest = JSON.parse(readFileSync(join(modelFolder('tiny-gpt'), 'manifest.json'), 'utf8')) as { sha256: string };
    expect(modelSha256('tiny-gpt')).toBe(manifest.sha256);
    expect(modelFileUrl('tiny-gpt', manifest.sha256, 'weights.bin')).toBe(`/api/capstone/tiny-gpt/${manifest.sha256}/weights.bin`);
  });

  it('answers 404, never cached, for anything else', async () => {
    const sha = modelSha256('tiny-gpt');
    const refused: [string, string, string][] = [
      ['tiny-gpt', sha, 'golden.json'], // in the folder, but not for the browser
      ['tiny-gpt', sha, 'MODEL_CARD.md'],
      ['tiny-gpt', '0'.repeat(64), 'weights.bin'], // a stale or made-up version
      ['tiny-gpt', modelSha256('tiny-vit'), 'weights.bin'], // another model's version
      ['tiny-gpt', sha.toUpperCase(), 'manifest.json'],
      ['tiny-bert', sha, 'weights.bin'], // no such model
      ['..', sha, 'weights.bin'],
      ['tiny-gpt', sha, '../tiny-vit/weights.bin'],
      ['tiny-gpt', sha, ''],
    ];
    for (const [model, s, file] of refused) {
      const res = await get(model, s, file);
      expect(res.status, `${model}/${s.slice(0, 8)}/${file}`).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});
