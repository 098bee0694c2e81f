// engine/helpers.ts as one self-contained script for the isolate: esbuild bundles it (IIFE,
// platform neutral) into a string that assigns `__attentionLabHelpers`; the sandbox evaluates it in
// each context and keeps only the granted names as globals.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const HELPERS_ENTRY = fileURLToPath(new URL('../engine/helpers.ts', import.meta.url));

let bundled: Promise<string> | undefined;

/** The bundle, built once per process; '' when engine/helpers.ts does not exist. */
export function bundleHelpers(entry = HELPERS_ENTRY): Promise<string> {
  if (entry !== HELPERS_ENTRY) return buildBundle(entry);
  bundled ??= buildBundle(entry);
  return bundled;
}

async function buildBundle(entry: string): Promise<string> {
  if (!existsSync(entry)) return '';
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    globalName: '__attentionLabHelpers',
    platform: 'neutral',
    target: 'esnext',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
