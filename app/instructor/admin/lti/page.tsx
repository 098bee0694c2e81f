import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { db } from '../../../../lib/db.ts';
import { requireRole } from '../../../../lib/session.ts';
import { listPlatforms, removalImpacts, toolConfiguration } from '../../../../lib/lti/platforms.ts';
import { ActionForm } from '../../../../components/instructor/ActionForm.tsx';
import { formatUtc } from '../../../../components/instructor/format.ts';
import { orRefuse } from '../../_lib/guard.ts';
import { registerPlatformAction, registrationUrlAction, removePlatformAction, updatePlatformAction } from '../actions.ts';

export const metadata: Metadata = { title: 'LMS platforms (LTI 1.3)' };

export default async function LtiPlatformsPage() {
  const user = await requireRole('admin', '/instructor/admin/lti');
  const platforms = await orRefuse(listPlatforms(db(), user));
  const impacts = await orRefuse(removalImpacts(db(), user));
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
      {platforms.length > 0 && (
        <section aria-labelledby="manage-h">
          <h2 id="manage-h">Change or remove a platform</h2>
          <p>The issuer and client id are what a platform is: to change them, register it again and remove the old one. Deployments and frame sites are saved as listed here.</p>
          {platforms.map((p) => {
            const label = p.name || p.issuer;
            const n = impacts.get(p.id) ?? { deployments: p.deploymentIds.length, users: 0, courses: 0, lineItems: 0, passbacks: 0 };
            const plural = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
            return (
              <details key={p.id} data-platform-manage={p.issuer}>
                <summary>
                  {label} <span className="muted">(client {p.clientId})</span>
                </summary>
                <ActionForm action={updatePlatformAction} submitLabel="Save changes" label={`Change ${label}`}>
                  <input type="hidden" name="platformId" value={p.id} />
                  <label>
                    Name (shown here only)
                    <input name="name" maxLength={120} defaultValue={p.name} />
                  </label>
                  <label>
                    Deployment ids (comma separated)
                    <input name="deploymentIds" required maxLength={2000} defaultValue={p.deploymentIds.join(', ')} />
                  </label>
                  <label>
                    OIDC authorization URL
                    <input name="authUrl" type="url" required defaultValue={p.authUrl} />
                  </label>
                  <label>
                    Token URL
                    <input name="tokenUrl" type="url" required defaultValue={p.tokenUrl} />
                  </label>
                  <label>
                    Platform JWKS URL
                    <input name="jwksUrl" type="url" required defaultValue={p.jwksUrl} />
                  </label>
                  <label>
                    Sites that frame the tool (comma separated)
                    <input name="frameOrigins" maxLength={2000} defaultValue={p.frameOrigins.join(', ')} />
                  </label>
                </ActionForm>
                <p data-testid="removal-impact">
                  Removing it refuses its launches from then on and removes {plural(n.deployments, 'deployment')} and what links it to us: {plural(n.users, 'LMS user')} linked to accounts, {plural(n.courses, 'LMS course')} linked to
                  cohorts, {plural(n.lineItems, 'gradebook column')} and {plural(n.passbacks, 'score passback record')}. Accounts, cohorts, enrollments, submissions and grades stay.
                </p>
                <ActionForm
                  action={removePlatformAction}
                  submitLabel="Remove this platform"
                  secondary
                  label={`Remove ${label}`}
                  confirm={`Remove ${label}? Its launches are refused from now on, and its ${plural(n.deployments, 'deployment')}, LMS user and course links, gradebook columns and passback records go. Accounts, cohorts, submissions and grades stay.`}
                >
                  <input type="hidden" name="platformId" value={p.id} />
                </ActionForm>
              </details>
            );
          })}
        </section>
      )}
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
