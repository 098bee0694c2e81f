// What the metrics name and who may read them: bounded route labels whatever a client asks for,
// the outcome of a verdict, and /metrics access by token or admin session only.
import { describe, expect, it } from 'vitest';
import { gradingOutcome, routeLabel } from '../../../lib/observability/metrics.ts';
import { metricsAccess } from '../../../lib/observability/metrics-access.ts';
import { requestIdFrom } from '../../../lib/observability/request-context.ts';

describe('routeLabel', () => {
  it('names dynamic routes by their pattern, never by their ids', () => {
    expect(routeLabel('/api/submissions/cmx9igklv0000857dfsebu9tw', 200)).toBe('/api/submissions/:id');
    expect(routeLabel('/api/submissions/abc/events', 200)).toBe('/api/submissions/:id/events');
    expect(routeLabel('/exercises/attention/scaled-dot-product', 200)).toBe('/exercises/:module/:slug');
    expect(routeLabel('/reset/secret-token-value', 200)).toBe('/reset/:token');
    expect(routeLabel('/api/auth/callback/credentials', 302)).toBe('/api/auth/callback/:provider');
    expect(routeLabel('/_next/static/chunks/abc.js', 200)).toBe('/_next/static');
    expect(routeLabel('/', 200)).toBe('/');
    expect(routeLabel('/signin', 200)).toBe('/signin');
  });

  it('folds whatever else a client asks for into two labels, so the series stay bounded', () => {
    expect(routeLabel('/random/path/1', 404)).toBe('not_found');
    expect(routeLabel('/exercises/attention/scaled-dot-product', 404)).toBe('not_found');
    expect(routeLabel('/wp-login.php', 200)).toBe('other');
  });
});

describe('gradingOutcome', () => {
  it('keeps the three verdicts and calls anything else an error', () => {
    expect(['passed', 'failed', 'compile_error', 'error', undefined, 'weird'].map(gradingOutcome)).toEqual(['passed', 'failed', 'compile_error', 'error', 'error', 'error']);
  });
});

describe('metricsAccess', () => {
  const env = { METRICS_TOKEN: 'a-long-enough-scrape-token' } as unknown as NodeJS.ProcessEnv;
  it('lets the configured token in, and refuses any other bearer token', () => {
    expect(metricsAccess('Bearer a-long-enough-scrape-token', null, env)).toBe('token');
    expect(metricsAccess('bearer a-long-enough-scrape-token', null, env)).toBe('token');
    expect(metricsAccess('Bearer a-long-enough-scrape-tokem', null, env)).toBe('forbidden');
    expect(metricsAccess('Bearer a-long-enough-scrape-token', { role: 'admin' }, {} as NodeJS.ProcessEnv)).toBe('forbidden'); // no token configured: none works
  });

  it('refuses a token too short to be a secret even when configured', () => {
    expect(metricsAccess('Bearer short', null, { METRICS_TOKEN: 'short' } as unknown as NodeJS.ProcessEnv)).toBe('forbidden');
  });

  it('lets admins in by session, and no one else', () => {
    expect(metricsAccess(null, { role: 'admin' }, env)).toBe('admin');
    expect(metricsAccess(null, { role: 'instructor' }, env)).toBe('forbidden');
    expect(metricsAccess(null, { role: 'student' }, env)).toBe('forbidden');
    expect(metricsAccess(null, null, env)).toBe('unauthenticated');
  });
});

describe('requestIdFrom', () => {
  it("keeps a proxy's plain id and replaces anything else with a fresh UUID", () => {
    expect(requestIdFrom('edge-1234-abcd')).toBe('edge-1234-abcd');
    expect(requestIdFrom(['edge-1234-abcd', 'other-9999'])).toBe('edge-1234-abcd');
    for (const bad of [undefined, '', 'short', 'has space in it', 'x'.repeat(200), 'inject\nline']) expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
