import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { db } from '../../../../lib/db.ts';
import { requireRole } from '../../../../lib/session.ts';
import { listPlatforms, toolConfiguration } from '../../../../lib/lti/platforms.ts';
import { ActionForm } from '../../../../components/instructor/ActionForm.tsx';
import { formatUtc } from '../../../../components/instructor/format.ts';
import { orRefuse } from '../../_lib/guard.ts';
import { registerPlatformAction, registrationUrlAction } from '../actions.ts';

export const metadata: Metadata = { title: 'LMS platforms (LTI 1.3)' };

export default async function LtiPlatformsPage() {
  const user = await requireRole('admin', '/instructor/admin/lti');
  const platforms = await orRefuse(listPlatforms(db(), user));
  const h = await headers();
  const base = process.env.AUTH_URL || `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000'}`;
  const tool = toolConfiguration(base);
  return (
    <div>
      <h1>LMS platforms (LTI 1.3)</h1>
      <section aria-labelledby="tool-h">
        <h2 id="tool-h">The tool&apos;s configuration</h2>
        <p>Paste these into the LMS when adding Attention Lab as an LTI 1.3 tool (see the README for Canvas, Moodle and Blackboard).</p>
        <dl className="facts" data-testid="tool-configuration">
          <dt>OIDC login initiation URL</dt>
          <dd>
            <code>{tool.loginUrl}</code>
          </dd>
          <dt>Redirect (launch) URL</dt>
          <dd>
            <code>{tool.launchUrl}</code>
          </dd>
          <dt>Deep linking URL</dt>
          <dd>
            <code>{tool.deepLinkingUrl}</code>
          </dd>
          <dt>Public keyset (JWKS) URL</dt>
          <dd>
            <code>{tool.jwksUrl}</code>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="platforms-h">
        <h2 id="platforms-h">Registered platforms</h2>
        {platforms.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <table className="data">
            <caption className="visually-hidden">Registered platforms</caption>
            <thead>
              <tr>
                <th scope="col">Platform</th>
                <th scope="col">Client id</th>
                <th scope="col">Deployments</th>
                <th scope="col">Frames allowed from</th>
                <th scope="col">Courses linked</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {platforms.map((p) => (
                <tr key={p.id} data-platform={p.issuer}>
                  <th scope="row">
                    {p.name || p.issuer}
                    {p.name && <div className="muted">{p.issuer}</div>}
                  </th>
                  <td>
                    <code>{p.clientId}</code>
                  </td>
                  <td>{p.deploymentIds.join(', ')}</td>
                  <td>{p.frameOrigins.length ? p.frameOrigins.join(', ') : 'its issuer only'}</td>
                  <td>{p.courses}</td>
                  <td>{formatUtc(p.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="dynamic-h">
        <h2 id="dynamic-h">Dynamic registration</h2>
        <p>LMSs that support LTI Dynamic Registration (Moodle, Canvas, Blackboard) add the tool from one URL. Make one for the LMS administrator; it works for a day.</p>
        <ActionForm action={registrationUrlAction} submitLabel="Make a registration URL" secondary label="Make a registration URL" />
      </section>
      <section aria-labelledby="add-h">
        <h2 id="add-h">Register a platform</h2>
        <ActionForm action={registerPlatformAction} submitLabel="Register" label="Register a platform">
          <label>
            Name (shown here only)
            <input name="name" maxLength={120} />
          </label>
          <label>
            Issuer (iss)
            <input name="issuer" required maxLength={500} />
          </label>
          <label>
            Client id
            <input name="clientId" required maxLength={500} />
          </label>
          <label>
            Deployment ids (comma separated)
            <input name="deploymentIds" required maxLength={2000} />
          </label>
          <label>
            OIDC authorization URL
            <input name="authUrl" type="url" required />
          </label>
          <label>
            Token URL
            <input name="tokenUrl" type="url" required />
          </label>
          <label>
            Platform JWKS URL
            <input name="jwksUrl" type="url" required />
          </label>
          <label>
            Sites that frame the tool (comma separated; the LMS&apos;s own address, e.g. https://school.instructure.com)
            <input name="frameOrigins" maxLength={2000} />
          </label>
        </ActionForm>
      </section>
    </div>
  );
}
