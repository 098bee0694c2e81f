// Whether the production build in .next is older than the sources it was built from.
import fs from 'node:fs';
import path from 'node:path';

// prisma/: the generated client (skipped below, being rewritten by every install) follows the schema
const SOURCES = ['app', 'components', 'lib', 'engine', 'grader', 'exercises', 'prisma', 'proxy.ts', 'next.config.ts', 'package-lock.json', 'tsconfig.json'];
const SKIP = new Set(['node_modules', '.next', 'generated']);

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of fs.readdirSync(p)) {
    if (!SKIP.has(entry)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

export function buildIsStale(projectRoot: string): boolean {
  const buildId = path.join(projectRoot, '.next', 'BUILD_ID');
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(projectRoot, s)) > built);
}

/**
 * Turbopack resolves packages only inside its root (by default the project folder). A checkout
 * whose node_modules links to another checkout's (a git worktree sharing one install) needs the
 * folder holding both; in an ordinary checkout this is undefined and nothing changes. File names
 * in the build's manifests are then relative to that folder.
 */
export function sharedInstallRoot(project = process.cwd()): string | undefined {
  let modules: string;
  try {
    modules = fs.realpathSync(path.join(project, 'node_modules'));
  } catch {
    return undefined;
  }
  const real = fs.realpathSync(project);
  if (modules.startsWith(real + path.sep)) return undefined;
  let root = real;
  while (!modules.startsWith(root + path.sep) && path.dirname(root) !== root) root = path.dirname(root);
  return root;
}
