// Accounts in real Chromium against the production build: sign up with the demo join code, sign
// out and in, attempt limits, an expired or forged session, and the security headers. No request
// may leave localhost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { createStudent, forgeSessionCookie, newLearner, SESSION_COOKIE, setSessionCookie, signInThroughForm, signOutThroughHeader, signUpThroughForm } from './support/auth.ts';
import { DEMO } from '../../lib/seed.ts';

const TIMEOUT = 60_000;

describe.skipIf(!chromiumAvailable())('accounts in the browser', () => {
  let app: RunningApp;
  let b: Browsing;
  const ada = newLearner('ada');

  beforeAll(async () => {
    app = await startApp({ worker: false });
    b = await openBrowser(app.baseUrl);
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await app?.stop();
  }, 60_000);

  it('shows anonymous visitors a landing page with sign-up and sign-in', async () => {
    const res = await b.page.goto('/');
    expect(res?.status()).toBe(200);
    await b.page.getByRole('heading', { level: 1, name: 'Attention Lab' }).waitFor();
    expect(await b.page.getByRole('link', { name: 'Sign up with a join code' }).getAttribute('href')).toBe('/signup');
    expect(await b.page.getByRole('main').getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/signin');
  }, TIMEOUT);

  it('signs up with the demo join code and lands on the course map of eight modules', async () => {
    await signUpThroughForm(b.page, ada, DEMO.joinCode.toLowerCase());
    await expect(b.page.locator('.site-header .who').textContent()).resolves.toBe(ada.name);
    const modules = b.page.locator('.modules > li h2');
    expect(await modules.count()).toBe(8);
    expect(await modules.first().textContent()).toMatch(/^1\. Foundations/);
    expect(await b.page.locator('[data-exercise]').count()).toBe(37);
    expect(await b.page.locator('[data-status="not_started"]').count()).toBe(37);
    const user = await app.db.user.findUniqueOrThrow({ where: { email: ada.email }, include: { enrollments: { include: { cohort: true } } } });
    expect(user.role).toBe('student');
    expect(user.enrollments.map((e) => e.cohort.joinCode)).toEqual([DEMO.joinCode]);
    await b.screenshot('course-map');
  }, TIMEOUT);

  it('signs out; protected pages then ask to sign in and come back afterwards', async () => {
    await signOutThroughHeader(b.page);
    await b.page.getByText('You have signed out.').waitFor();
    await b.page.goto('/progress');
    await b.page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('next') === '/progress');
    await b.page.getByText('Please sign in to continue.').waitFor();
    await signInThroughForm(b.page, ada.email, ada.password);
    await b.page.waitForURL((u) => u.pathname === '/progress');
    await b.page.getByRole('heading', { level: 1, name: 'Your progress' }).waitFor();
  }, TIMEOUT);

  it('refuses a wrong join code with a message and creates no account', async () => {
    await b.context.clearCookies();
    const eve = newLearner('eve');
    await b.page.goto('/signup');
    await b.page.getByLabel('Name').fill(eve.name);
    await b.page.getByLabel('Email').fill(eve.email);
    await b.page.getByLabel('Password').fill(eve.password);
    await b.page.getByLabel('Cohort join code').fill('NOT-A-CODE');
    await b.page.getByRole('button', { name: 'Create account' }).click();
    await b.page.getByRole('alert').filter({ hasText: 'That join code does not match any open cohort' }).waitFor();
    // what was typed stays (but the password), and focus is on the field to fix
    expect(await b.page.getByLabel('Email').inputValue()).toBe(eve.email);
    expect(await b.page.evaluate(() => document.activeElement?.id)).toBe('joinCode');
    expect(await app.db.user.count({ where: { email: eve.email } })).toBe(0);
  }, TIMEOUT);

  it('refuses a wrong password, and locks an account after repeated failures with a clear message', async () => {
    const victim = await createStudent(app);
    await b.page.goto('/signin');
    await signInThroughForm(b.page, victim.email, 'not the password');
    await b.page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();
    expect(new URL(b.page.url()).pathname).toBe('/signin');
    for (let i = 0; i < 4; i++) {
      await signInThroughForm(b.page, victim.email, `guess ${i}`);
      await b.page.getByRole('button', { name: 'Sign in' }).waitFor(); // enabled again: the attempt is over
    }
    // the right password no longer helps for a while
    await signInThroughForm(b.page, victim.email, victim.password);
    await b.page.getByRole('alert').filter({ hasText: /Too many failed sign-ins\. Try again in \d+ minutes\./ }).waitFor();
    expect(new URL(b.page.url()).pathname).toBe('/signin');
  }, TIMEOUT);

  it('sends an expired, forged or dropped session to sign-in with a message, never an error', async () => {
    const user = await app.db.user.findUniqueOrThrow({ where: { email: ada.email } });
    const expiredNotice = 'Your session has expired. Please sign in again.';

    // control: a cookie made the way next-auth makes it opens the page while it is valid
    await b.context.clearCookies();
    await setSessionCookie(b.context, app, await forgeSessionCookie(app, user, 60));
    expect((await b.page.goto('/progress'))?.status()).toBe(200);
    await b.page.getByRole('heading', { level: 1, name: 'Your progress' }).waitFor();

    // the same cookie, expired
    await b.context.clearCookies();
    await setSessionCookie(b.context, app, await forgeSessionCookie(app, user, -60));
    expect((await b.page.goto('/progress'))?.status()).toBe(200);
    await b.page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('reason') === 'expired' && u.searchParams.get('next') === '/progress');
    await b.page.getByText(expiredNotice).waitFor();

    // garbage in the cookie
    await b.context.clearCookies();
    await setSessionCookie(b.context, app, 'eyJhbGciOiJkaXIifQ.tampered.value');
    expect((await b.page.goto('/exercises/attention/scaled-dot-product'))?.status()).toBe(200);
    await b.page.getByText(expiredNotice).waitFor();

    // a real session that the browser then drops at its expiry time
    await b.context.clearCookies();
    await signInThroughForm(b.page, ada.email, ada.password);
    await b.page.waitForURL((u) => u.pathname === '/exercises/attention/scaled-dot-product');
    await b.context.clearCookies({ name: SESSION_COOKIE });
    await b.page.goto('/progress');
    await b.page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('reason') === 'expired');
    await b.page.getByText(expiredNotice).waitFor();
    await signInThroughForm(b.page, ada.email, ada.password);
    await b.page.waitForURL((u) => u.pathname === '/progress');
  }, TIMEOUT);

  it('sends security headers: a nonce-based CSP with no other host, no framing, no sniffing', async () => {
    const res = await b.page.goto('/');
    const h = res!.headers();
    const csp = h['content-security-policy'];
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/https?:/);
    expect(csp).not.toContain('unsafe-eval');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('same-origin');
    expect(h['x-powered-by']).toBeUndefined();
    // the page ran under that policy without a violation
    expect(b.pageErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  }, TIMEOUT);

  it('refuses oversized request bodies before they are read', async () => {
    const res = await fetch(`${app.baseUrl}/api/auth/callback/credentials`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'x='.padEnd(200_000, 'a') });
    expect(res.status).toBe(413);
  }, TIMEOUT);

  it('never reached a host other than localhost', () => {
    b.assertNoExternalRequests();
  });
});
