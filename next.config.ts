import type { NextConfig } from 'next';
import { SECURITY_HEADERS, WORKER_CSP } from './lib/security-headers.ts';
import { sharedInstallRoot } from './lib/build-state.ts';

// Worktrees sharing one install build with Turbopack's root above both (lib/build-state.ts).
const installRoot = sharedInstallRoot();

const config: NextConfig = {
  // Native and Node-only packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ['isolated-vm', 'esbuild', 'sucrase', 'pg', 'pg-boss', '@prisma/adapter-pg', 'typescript', 'bcryptjs', 'pino', 'prom-client'],
  poweredByHeader: false,
  ...(installRoot ? { turbopack: { root: installRoot }, outputFileTracingRoot: installRoot } : {}),
  // NEXT_DIST_DIR lets a second build live beside .next (e.g. end-to-end tests run while someone
  // else rebuilds); unset, it is the usual .next.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // `npm run typecheck` is the type gate. The end-to-end tests build with NEXT_SKIP_TYPECHECK=1 so
  // a type error in an unrelated file (a test being written) cannot stop them.
  typescript: { ignoreBuildErrors: process.env.NEXT_SKIP_TYPECHECK === '1' },
  experimental: {
    // Code (64 KB) + a scratch case (32 KB), serialised: anything larger is refused before parsing.
    serverActions: { bodySizeLimit: '256kb' },
    // What the proxy buffers of a request body (the proxy refuses larger declared bodies itself).
    proxyClientMaxBodySize: '1mb',
    // forbidden() -> app/forbidden.tsx with status 403 (lib/session.ts requireRole).
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: '/:path*', headers: [...SECURITY_HEADERS] },
      // a worker's script (Sec-Fetch-Dest: worker) carries the worker's own policy: see WORKER_CSP
      {
        source: '/_next/static/:path*',
        has: [{ type: 'header', key: 'sec-fetch-dest', value: 'worker' }],
        headers: [{ key: 'Content-Security-Policy', value: WORKER_CSP }, { key: 'Vary', value: 'Sec-Fetch-Dest' }],
      },
    ];
  },
};

export default config;
