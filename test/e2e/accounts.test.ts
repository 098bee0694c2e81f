// Accounts, part 3, in real Chromium against the production build: back to the page asked for
// after signing in (and never off the site), change password, an admin's one-time reset link,
// disabling an account, the audit log, downloading one's data and deleting the account (the
// gradebook keeps the row as "Deleted student", without code). Sessions that must end are
// checked as a second client would see them: plain HTTP with that session's cookie, whose next
// request is sent to sign in.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { createStudent, SESSION_COOKIE, signInThroughForm, signOutThroughHeader } from './support/auth.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { DEMO } from '../../lib/seed.ts';

const TIMEOUT = 90_000;
const EX = 'foundations/dot-product';

/** A second session of an account, signed in over HTTP (as another browser would be). */
async function httpSession(app: RunningApp, email: string, password: string): Promise<{ ok: boolean; cookie: string; location: string | null }> {
  const csrfRes = await fetch(`${app.baseUrl}/api/auth/csrf`);
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${app.baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${app.baseUrl}/` }),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return { ok: !!session, cookie: session?.split(';')[0] ?? '', location: res.headers.get('location') };
}

/** What a session's next request meets: 200, or the sign-in page's reason. */
async function nextRequest(app: RunningApp, cookie: string, path = '/progress'): Promise<string> {
  const res = await fetch(`${app.baseUrl}${path}`, { redirect: 'manual', headers: { cookie } });
  if (res.status === 200) return '200';
  const to = new URL(res.headers.get('location') ?? '', app.baseUrl);
  return to.pathname === '/signin' ? `signin:${to.searchParams.get('reason') ?? ''}` : `${res.status} ${to.pathname}`;
}

async function onlyCookies(b: Browsing) {
  await b.context.clearCookies();
}

describe.skipIf(!chromiumAvailable())('accounts: return-to, passwords, admin tools, data, deletion', () => {
  let app: RunningApp;
  let b: Browsing;
  let admin: { email: string; password: string };
  let cohortId: string;

  beforeAll(async () => {
    app = await startApp({ worker: false });
    b = await openBrowser(app.baseUrl);
    b.page.on('dialog', (d) => void d.accept());
    admin = { email: `admin-${Date.now().toString(36)}@example.test`, password: 'admin password long' };
    await app.db.user.create({ data: { email: admin.email, name: 'Ada Admin', role: 'admin', passwordHash: await hashPassword(admin.password) } });
    cohortId = (await app.db.cohort.findUniqueOrThrow({ where: { joinCode: DEMO.joinCode } })).id;
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await app?.stop();
  }, 60_000);

  async function signInAs(page: Page, email: string, password: string) {
    await onlyCookies(b);
    await page.goto('/signin');
    await signInThroughForm(page, email, password);
    await page.waitForURL((u) => u.pathname !== '/signin');
  }

  it('brings an anonymous visitor back to the deep instructor URL they asked for after sign-in', async () => {
    await onlyCookies(b);
    const deep = `/instructor/cohorts/${cohortId}/gradebook?sort=total&dir=desc`;
    const res = await b.page.goto(deep);
    expect(res?.status()).toBe(200);
    await b.page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('next') === deep);
    await b.page.getByText('Please sign in to continue.').waitFor();
    await signInThroughForm(b.page, DEMO.instructor.email, DEMO.password);
    await b.page.waitForURL((u) => u.pathname + u.search === deep);
    await b.page.getByRole('heading', { level: 1, name: `Gradebook: ${DEMO.cohortName}` }).waitFor();
  }, TIMEOUT);

  it('never follows a return path off the site: hostile values fall back to the role home', async () => {
    for (const [next, who, home] of [
      ['//evil.example/x', DEMO.instructor.email, '/instructor'],
      ['https://evil.example/', DEMO.student.email, '/'],
      ['/\\evil.example', DEMO.student.email, '/'],
      ['javascript:alert(1)', DEMO.instructor.email, '/instructor'],
    ] as const) {
      await onlyCookies(b);
      await b.page.goto(`/signin?next=${encodeURIComponent(next)}`);
      // the form carries no hostile value to the action
      expect(await b.page.locator('input[name="next"]').first().inputValue()).toBe('');
      await signInThroughForm(b.page, who, DEMO.password);
      await b.page.waitForURL((u) => u.pathname === home);
      expect(new URL(b.page.url()).host).toBe(new URL(app.baseUrl).host);
    }
    // the credentials endpoint itself (Auth.js's callbackUrl) keeps to this site too
    const csrfRes = await fetch(`${app.baseUrl}/api/auth/csrf`);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const res = await fetch(`${app.baseUrl}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') },
      body: new URLSearchParams({ csrfToken, email: DEMO.student.email, password: DEMO.password, callbackUrl: 'https://evil.example/steal' }),
    });
    const landed = new URL(res.headers.get('location')!);
    expect(['127.0.0.1', 'localhost']).toContain(landed.hostname);
    expect([landed.port, landed.pathname]).toEqual([new URL(app.baseUrl).port, '/']);
  }, TIMEOUT);

  it('changes the password: the other sessions end at their next request, this one stays', async () => {
    const s = await createStudent(app);
    const other = await httpSession(app, s.email, s.password);
    expect(await nextRequest(app, other.cookie)).toBe('200');
    await signInAs(b.page, s.email, s.password);
    await b.page.goto('/account');
    const form = b.page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill('my new long password');
    await form.getByLabel('New password again').fill('my new long password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').filter({ hasText: 'That is not your current password.' }).waitFor();
    expect(await nextRequest(app, other.cookie)).toBe('200');

    await form.getByLabel('Current password').fill(s.password);
    await form.getByLabel('New password', { exact: true }).fill('my new long password');
    await form.getByLabel('New password again').fill('my new long password');
    await form.getByRole('button', { name: 'Change password' }).click();
    await b.page.waitForURL((u) => u.pathname === '/account' && u.searchParams.get('changed') === '1');
    await b.page.getByRole('status').filter({ hasText: 'Password changed. Your other sessions have been signed out.' }).waitFor();
    expect(await nextRequest(app, other.cookie)).toBe('signin:ended');
    // this browser was signed in again with the new password
    expect((await b.page.goto('/progress'))?.status()).toBe(200);
    await b.page.getByRole('heading', { level: 1, name: 'Your progress' }).waitFor();
    expect((await httpSession(app, s.email, s.password)).ok).toBe(false);
    expect((await httpSession(app, s.email, 'my new long password')).ok).toBe(true);
  }, TIMEOUT);

  it('an admin issues a one-time reset link; it sets a new password once and ends the sessions', async () => {
    const s = await createStudent(app);
    const theirs = await httpSession(app, s.email, s.password);
    await signInAs(b.page, admin.email, admin.password);
    await b.page.goto(`/instructor/admin/users?q=${encodeURIComponent(s.email)}`);
    const row = b.page.locator(`tr[data-account="${s.email}"]`);
    await row.getByRole('button', { name: 'Reset link' }).click();
    const link = row.getByTestId('action-link');
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/reset\/[A-Za-z0-9_-]{43}$/);
    expect(await link.textContent()).toBe(`${app.baseUrl}${href}`);
    // the database holds no usable token
    expect(JSON.stringify(await app.db.passwordReset.findMany({ where: { user: { email: s.email } } }))).not.toContain(href.slice('/reset/'.length));
    // issuing alone ends nothing
    expect(await nextRequest(app, theirs.cookie)).toBe('200');

    await onlyCookies(b);
    await b.page.goto(href);
    await b.page.getByRole('heading', { level: 1, name: 'Set a new password' }).waitFor();
    await b.page.getByLabel('New password', { exact: true }).fill('reset to this one');
    await b.page.getByLabel('New password again').fill('reset to this one');
    await b.page.getByRole('button', { name: 'Set password' }).click();
    await b.page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('reason') === 'reset');
    await b.page.getByText('Your new password is set. Sign in with it.').waitFor();
    expect(await nextRequest(app, theirs.cookie)).toBe('signin:ended');
    expect((await b.page.goto(href))?.status()).toBe(404);
    await signInThroughForm(b.page, s.email, 'reset to this one');
    await b.page.waitForURL((u) => u.pathname === '/');
  }, TIMEOUT);

  it('an admin disables an account: its session ends at the next request, sign-in says why; enabling lets it back in', async () => {
    const s = await createStudent(app);
    const theirs = await httpSession(app, s.email, s.password);
    await signInAs(b.page, admin.email, admin.password);
    await b.page.goto(`/instructor/admin/users?q=${encodeURIComponent(s.email)}`);
    const row = b.page.locator(`tr[data-account="${s.email}"]`);
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByRole('status').filter({ hasText: 'is disabled' }).waitFor();
    expect(await nextRequest(app, theirs.cookie)).toBe('signin:disabled');

    await onlyCookies(b);
    await b.page.goto('/signin');
    await signInThroughForm(b.page, s.email, s.password);
    await b.page.getByRole('alert').filter({ hasText: 'This account has been disabled.' }).waitFor();
    // a wrong password does not learn that the account is disabled
    await signInThroughForm(b.page, s.email, 'not the password');
    await b.page.getByRole('alert').filter({ hasText: 'Wrong email or password.' }).waitFor();

    await signInAs(b.page, admin.email, admin.password);
    await b.page.goto(`/instructor/admin/users?q=${encodeURIComponent(s.email)}`);
    await b.page.locator(`tr[data-account="${s.email}"]`).getByRole('button', { name: 'Enable' }).click();
    await b.page.locator(`tr[data-account="${s.email}"]`).getByRole('status').filter({ hasText: 'can sign in again' }).waitFor();
    // the old session stays ended; a new sign-in works
    expect(await nextRequest(app, theirs.cookie)).not.toBe('200');
    expect((await httpSession(app, s.email, s.password)).ok).toBe(true);

    // and the audit log has both, filtered by action and target
    await b.page.goto(`/instructor/admin/audit?action=account_disable&target=${encodeURIComponent(s.email)}`);
    const rows = b.page.locator('table.audit tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(s.email);
    expect(await rows.first().textContent()).toContain('Ada Admin');
    await b.page.goto(`/instructor/admin/audit?target=${encodeURIComponent(s.email)}`);
    expect(await b.page.locator('table.audit tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')))).toEqual(['account_enable', 'account_disable']);
  }, TIMEOUT);

  it('a learner downloads all their data, then deletes the account; the gradebook keeps the row as "Deleted student", without code', async () => {
    const s = await createStudent(app);
    const marker = `marker-delete-${Date.now().toString(36)}`;
    const { contentVersion } = await app.db.exercise.findUniqueOrThrow({ where: { id: EX } });
    const assignment = await app.db.assignment.upsert({
      where: { cohortId_exerciseId: { cohortId, exerciseId: EX } },
      create: { cohortId, exerciseId: EX, opensAt: new Date(Date.now() - 86_400_000), dueAt: new Date(Date.now() + 86_400_000), latePolicy: 'accept' },
      update: {},
    });
    const verdict = { exerciseId: EX, exerciseVersion: contentVersion, status: 'failed', score: 3, maxScore: 10, cases: [{ name: 'c1', visible: true, passed: false, points: 0, kind: 'wrong', message: marker }], console: marker };
    const sub = await app.db.submission.create({
      // done in the demo cohort, for its assignment (work is scoped to the cohort it was done for)
      data: { userId: s.id, cohortId, assignmentId: assignment.id, exerciseId: EX, exerciseVersion: contentVersion, kind: 'submit', code: `// ${marker}\n`, seed: 'seed', status: 'graded', score: 3, maxScore: 10, verdict, gradedAt: new Date() },
    });

    await signInAs(b.page, s.email, s.password);
    await b.page.goto('/account');
    const [download] = await Promise.all([b.page.waitForEvent('download'), b.page.getByRole('link', { name: 'Download my data' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^attention-lab-my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const doc = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as { profile: { email: string }; enrollments: { cohort: string }[]; submissions: { id: string; code: string }[] };
    expect(doc.profile.email).toBe(s.email);
    expect(doc.enrollments.map((e) => e.cohort)).toEqual([DEMO.cohortName]);
    expect(doc.submissions.find((x) => x.id === sub.id)?.code).toContain(marker);
    expect(JSON.stringify(doc)).not.toContain(DEMO.student.email);

    const del = b.page.getByRole('form', { name: 'Delete your account' });
    await del.getByLabel('Type your email address to confirm').fill('someone-else@example.test');
    await del.getByLabel('Your password').fill(s.password);
    await del.getByRole('button', { name: 'Delete my account' }).click();
    await del.getByRole('alert').filter({ hasText: 'That is not the email address of this account.' }).waitFor();
    await del.getByLabel('Type your email address to confirm').fill(s.email);
    await del.getByLabel('Your password').fill(s.password);
    await del.getByRole('button', { name: 'Delete my account' }).click();
    await b.page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.get('reason') === 'deleted');
    await b.page.getByText('Your account has been deleted.').waitFor();
    expect((await httpSession(app, s.email, s.password)).ok).toBe(false);

    await signInAs(b.page, DEMO.instructor.email, DEMO.password);
    await b.page.goto(`/instructor/cohorts/${cohortId}/gradebook`);
    const row = b.page.locator(`tr[data-student="deleted:${s.id}"]`);
    expect(await row.locator('th').textContent()).toBe('Deleted student');
    // the score stays (what it counts for depends on the exercise's points)
    expect(await row.locator(`td[data-assignment="${EX}"] [data-testid="score"]`).textContent()).toMatch(/^\d+\.\d\d$/);
    expect(await row.locator(`td[data-assignment="${EX}"] [data-testid="score"]`).textContent()).not.toBe('0.00');
    for (const url of [`/instructor/cohorts/${cohortId}/gradebook`, `/instructor/cohorts/${cohortId}/students/${s.id}`, `/submissions/${sub.id}`, `/instructor/cohorts/${cohortId}/gradebook/csv`, `/instructor/cohorts/${cohortId}`]) {
      const res = await b.page.request.get(url);
      expect(res.status(), url).toBe(200);
      const body = await res.text();
      expect(body, url).not.toContain(marker);
      expect(body, url).not.toContain(s.email);
      expect(body, url).not.toContain(s.name);
    }
    await b.page.goto(`/submissions/${sub.id}`);
    await b.page.getByText('The code was removed when the student deleted their account.').waitFor();
  }, TIMEOUT);

  it('never reached a host other than localhost, and raised no page error', () => {
    b.assertNoExternalRequests();
    expect(b.pageErrors.filter((e) => !/status of 40[34]/.test(e))).toEqual([]);
  });
});
