// An admin changes and removes an LMS platform on Instructor > LMS (LTI), in real Chromium against
// the production build: the form shows the platform's settings, saves what was changed and says
// so; the removal says beforehand what goes and what stays, asks for confirmation, and then the
// platform and its LTI links are gone while the account it linked stays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app.ts';
import { chromiumAvailable, openBrowser, type Browsing } from './support/browser.ts';
import { signInThroughForm } from './support/auth.ts';
import { hashPassword } from '../../lib/passwords.ts';
import { addPlatform } from '../../lib/lti/platforms.ts';

const TIMEOUT = 90_000;
const ISSUER = 'https://moodle.admin-test.example';

describe.skipIf(!chromiumAvailable())('LMS platforms: change and remove', () => {
  let app: RunningApp;
  let b: Browsing;
  let platformId = '';
  let linkedUserId = '';
  const dialogs: string[] = [];

  beforeAll(async () => {
    app = await startApp({ worker: false });
    const email = `lti-admin-${Date.now().toString(36)}@example.test`;
    await app.db.user.create({ data: { email, name: 'Lia Admin', role: 'admin', passwordHash: await hashPassword('admin password long') } });
    platformId = (await addPlatform(app.db, { issuer: ISSUER, clientId: 'm-7', deploymentIds: ['1', '2'], authUrl: `${ISSUER}/mod/lti/auth.php`, tokenUrl: `${ISSUER}/mod/lti/token.php`, jwksUrl: `${ISSUER}/mod/lti/certs.php`, name: 'Moodle (test)' })).id;
    linkedUserId = (await app.db.user.create({ data: { email: 'linked.learner@uni.example', role: 'student' } })).id;
    await app.db.ltiUser.create({ data: { platformId, sub: 'moodle-42', userId: linkedUserId } });
    b = await openBrowser(app.baseUrl);
    b.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.accept();
    });
    await b.page.goto('/signin');
    await signInThroughForm(b.page, email, 'admin password long');
    await b.page.waitForURL((u) => u.pathname !== '/signin');
  }, 600_000);

  afterAll(async () => {
    await b?.close();
    await app?.stop();
  }, 60_000);

  it("changes a platform's JWKS URL and deployments, and says how many settings changed", async () => {
    const { page } = b;
    await page.goto('/instructor/admin/lti');
    const manage = page.locator(`details[data-platform-manage="${ISSUER}"]`);
    await manage.locator('summary').click();
    const form = manage.getByRole('form', { name: 'Change Moodle (test)' });
    expect(await form.getByLabel('Deployment ids (comma separated)').inputValue()).toBe('1, 2');
    await form.getByLabel('Platform JWKS URL').fill(`${ISSUER}/mod/lti/certs.php?v=2`);
    await form.getByLabel('Deployment ids (comma separated)').fill('2');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await form.getByRole('status').filter({ hasText: `Saved the platform ${ISSUER}: 2 settings changed.` }).waitFor();
    expect(await app.db.ltiPlatform.findUniqueOrThrow({ where: { id: platformId } })).toMatchObject({ jwksUrl: `${ISSUER}/mod/lti/certs.php?v=2`, deploymentIds: ['2'] });
  }, TIMEOUT);

  it('removes a platform after saying what goes and what stays; the account it linked stays', async () => {
    const { page } = b;
    await page.goto('/instructor/admin/lti');
    const manage = page.locator(`details[data-platform-manage="${ISSUER}"]`);
    await manage.locator('summary').click();
    expect(await manage.getByTestId('removal-impact').textContent()).toMatch(/removes 1 deployment and what links it to us: 1 LMS user linked to accounts, 0 LMS courses .*Accounts, cohorts, enrollments, submissions and grades stay\./);
    await manage.getByRole('form', { name: 'Remove Moodle (test)' }).getByRole('button', { name: 'Remove this platform' }).click();
    await expect.poll(() => app.db.ltiPlatform.count({ where: { id: platformId } }), { timeout: 15_000 }).toBe(0);
    expect(dialogs.at(-1)).toContain('Remove Moodle (test)? Its launches are refused from now on');
    expect(await app.db.ltiUser.count({ where: { platformId } })).toBe(0);
    expect(await app.db.user.count({ where: { id: linkedUserId } })).toBe(1);
    await page.reload();
    expect(await page.locator(`[data-platform="${ISSUER}"]`).count()).toBe(0);
    expect(await app.db.auditEvent.count({ where: { action: 'lti_platform_remove' } })).toBe(1);
    b.assertNoExternalRequests();
  }, TIMEOUT);
});
