// GET /api/capstone/<model>/<sha256>/<manifest.json | weights.bin>: a capstone model's weights for
// the browser worker that runs it (lib/capstone/model-files.ts decides what exists). Public like any
// static asset: the weights are committed to the repository, and an immutable public cache is the
// point of a URL keyed by their hash.
import { modelFile } from '../../../../../../lib/capstone/model-files.ts';

export const dynamic = 'force-dynamic';

export async function GET(_request: Request, { params }: { params: Promise<{ model: string; sha: string; file: string }> }) {
  const { model, sha, file } = await params;
  const reply = modelFile(model, sha, file);
  if (!reply) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  return new Response(reply.body as BodyInit, { headers: reply.headers });
}
