import type { NextConfig } from 'next';

const config: NextConfig = {
  // Native and Node-only packages stay out of the bundle and load from node_modules at run time.
  serverExternalPackages: ['isolated-vm', 'esbuild', 'sucrase', 'pg', 'pg-boss', '@prisma/adapter-pg', 'typescript', 'bcryptjs'],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default config;
