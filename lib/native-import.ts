// Server modules that Node loads itself, never bundled into the Next build: the grader forks its
// sandbox worker from its own .ts file and bundles the engine and the attention-lab SDK with esbuild
// at start, all found next to its source, which a bundle would move. Node 22 runs our .ts files
// directly (type stripping; the project uses erasable syntax only).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../exercises/files.ts';

export async function nativeImport<T>(relative: string): Promise<T> {
  const url = pathToFileURL(path.join(projectRoot(), relative)).href;
  return (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url)) as T;
}
