// Applies the committed migrations (prisma/migrations) with Prisma's own `migrate deploy`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function migrate(url: string, projectRoot = process.cwd()): Promise<void> {
  const prisma = path.join(projectRoot, 'node_modules', '.bin', 'prisma');
  try {
    await run(prisma, ['migrate', 'deploy'], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      timeout: 120_000,
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`prisma migrate deploy failed: ${(err.stderr || err.stdout || err.message).trim()}`);
  }
}
