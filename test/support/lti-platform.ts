// An LTI 1.3 platform simulator on localhost, built from the IMS specification with jose: an
// issuer with its own RS256 keys and JWKS, and an OIDC authorization endpoint that answers a
// tool's login redirect the way an LMS does (an auto-submitting form posting a signed id_token to
// the tool's redirect_uri, for the user the login hint names), a token endpoint that verifies the
// tool's client-credential assertions against the tool's JWKS, an AGS line item receiving
// scores, the course's membership service (NRPS, paged), and a course page that frames the tool
// (/course?tool=<the tool's login URL>). It stands in for Canvas, Moodle or Blackboard, which cannot run here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from 'jose';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';
export const SCORE_SCOPE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';

/** A score the tool posted to a line item (AGS), as the platform received it. */
export interface ReceivedScore {
  lineItem: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum: number;
  activityProgress: string;
  gradingProgress: string;
  timestamp: string;
}
export const ROLES = {
  instructor: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
  learner: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner',
};

export interface SimUser {
  sub: string;
  name?: string;
  email?: string;
  roles: string[];
}

export interface SimPlatform {
  issuer: string;
  clientId: string;
  deploymentId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  context: { id: string; title: string };
  /** Users the authorization endpoint signs in, by login hint. */
  users: Map<string, SimUser>;
  /** The line item (AGS) its launches carry: scores posted to it land in `scores`. */
  lineItemUrl: string;
  scores: ReceivedScore[];
  /** The tool's JWKS URL: the token endpoint verifies the tool's client assertions with it. */
  toolJwksUrl: string;
  /** Answer the next score posts with this status (a platform outage), until cleared. */
  failScores: number | null;
  /** The course's members as its membership service (NRPS) lists them, two per page: the users, then these. */
  members: { user_id: string; name?: string; email?: string; roles: string[]; status?: 'Active' | 'Inactive' | 'Deleted' }[];
  membershipsUrl: string;
  /** The deep-linking responses the tool posted back (their verified claims). */
  deepLinks: Record<string, unknown>[];
  /** The tool's dynamic registrations, as posted. */
  registrations: Record<string, unknown>[];
  /** A signed launch id_token: the standard claims of a resource-link launch, then `extra` over them. */
  idToken(user: SimUser, nonce: string, extra?: Record<string, unknown>, opts?: { expiresIn?: number; foreignKey?: boolean; issuer?: string; audience?: string | string[] }): Promise<string>;
  /** What registering it takes (lib/lti/platforms.ts addPlatform). */
  registration(): { issuer: string; clientId: string; deploymentIds: string[]; authUrl: string; tokenUrl: string; jwksUrl: string; name: string };
  close(): Promise<void>;
}

export async function startPlatform(opts: { clientId?: string; deploymentId?: string; target?: (hint: string) => string } = {}): Promise<SimPlatform> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256'); // a key the JWKS does not publish
  const kid = crypto.randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const users = new Map<string, SimUser>();
  const accessTokens = new Set<string>();
  let issuer = '';
  const clientId = opts.clientId ?? `client-${crypto.randomBytes(4).toString('hex')}`;
  const deploymentId = opts.deploymentId ?? 'deployment-1';
  const context = { id: `course-${crypto.randomBytes(4).toString('hex')}`, title: 'Math of Attention (LMS)' };

  const sign = async (user: SimUser, nonce: string, extra: Record<string, unknown> = {}, o: { expiresIn?: number; foreignKey?: boolean; issuer?: string; audience?: string | string[] } = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const payload: JWTPayload & Record<string, unknown> = {
      nonce,
      name: user.name,
      email: user.email,
      [LTI + 'message_type']: 'LtiResourceLinkRequest',
      [LTI + 'version']: '1.3.0',
      [LTI + 'deployment_id']: deploymentId,
      [LTI + 'roles']: user.roles,
      [LTI + 'context']: context,
      [LTI + 'resource_link']: { id: 'link-1', title: 'Attention Lab' },
      [AGS]: { scope: [SCORE_SCOPE, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly'], lineitem: `${issuer}/lineitems/1` },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: `${issuer}/memberships`, service_versions: ['2.0'] },
      ...extra,
    };
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(o.issuer ?? issuer)
      .setSubject(user.sub)
      .setAudience(o.audience ?? clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + (o.expiresIn ?? 300))
      .sign(o.foreignKey ? foreign.privateKey : privateKey);
  };

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (url.pathname === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [jwk] }));
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const body = new URLSearchParams(await readBody(req));
      try {
        if (body.get('grant_type') !== 'client_credentials' || body.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') throw new Error('grant');
        await jwtVerify(body.get('client_assertion') ?? '', createRemoteJWKSet(new URL(sim.toolJwksUrl)), { issuer: clientId, subject: clientId, audience: `${issuer}/token` });
      } catch (e) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', detail: String(e) }));
        return;
      }
      const token = crypto.randomBytes(16).toString('hex');
      accessTokens.add(token);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600, scope: body.get('scope') }));
      return;
    }
    const scorePath = /^\/lineitems\/([^/]+)\/scores$/.exec(url.pathname);
    if (scorePath && req.method === 'POST') {
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!accessTokens.has(bearer)) return void res.writeHead(401).end('bad token');
      if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json') return void res.writeHead(415).end('score media type');
      if (sim.failScores !== null) return void res.writeHead(sim.failScores).end('the platform is down');
      const score = JSON.parse(await readBody(req)) as Omit<ReceivedScore, 'lineItem'>;
      sim.scores.push({ lineItem: `${issuer}/lineitems/${scorePath[1]}`, ...score });
      res.writeHead(200).end();
      return;
    }
    if (url.pathname === '/memberships') {
      const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!accessTokens.has(bearer)) return void res.writeHead(401).end('bad token');
      const all = [...[...users.values()].map((u) => ({ user_id: u.sub, name: u.name, email: u.email, roles: u.roles, status: 'Active' as const })), ...sim.members];
      const from = Number(url.searchParams.get('from') ?? 0);
      const headers: Record<string, string> = { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json' };
      if (from + 2 < all.length) headers.link = `<${issuer}/memberships?from=${from + 2}>; rel="next"`;
      res.writeHead(200, headers).end(JSON.stringify({ id: `${issuer}/memberships`, context: context, members: all.slice(from, from + 2) }));
      return;
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, registration_endpoint: `${issuer}/register`, 'https://purl.imsglobal.org/spec/lti-platform-configuration': { product_family_code: 'simulator' } }),
      );
      return;
    }
    if (url.pathname === '/register' && req.method === 'POST') {
      if (req.headers.authorization !== 'Bearer sim-registration-token') return void res.writeHead(401).end('bad registration token');
      sim.registrations.push(JSON.parse(await readBody(req)) as Record<string, unknown>);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ client_id: clientId, 'https://purl.imsglobal.org/spec/lti-tool-configuration': { deployment_id: deploymentId } }));
      return;
    }
    if (url.pathname === '/deep-link-return' && req.method === 'POST') {
      const jwt = new URLSearchParams(await readBody(req)).get('JWT') ?? '';
      try {
        const { payload } = await jwtVerify(jwt, createRemoteJWKSet(new URL(sim.toolJwksUrl)), { issuer: clientId, audience: issuer });
        sim.deepLinks.push(payload as Record<string, unknown>);
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>LMS</title><h1>Links added to the course</h1>');
      } catch (e) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(`deep-linking response refused: ${String(e)}`);
      }
      return;
    }
    if (url.pathname === '/course') {
      // a course page of the LMS showing the tool in an iframe, as LMSs do: the tool's login URL given
      const tool = url.searchParams.get('tool') ?? '';
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>Course: ${esc(context.title)}</title></head><body><h1>${esc(context.title)}</h1><iframe title="Attention Lab" src="${esc(tool)}" style="width:1200px;height:800px"></iframe></body></html>`);
      return;
    }
    if (url.pathname === '/auth') {
      const q = url.searchParams;
      const user = users.get(q.get('login_hint') ?? '');
      if (!user || q.get('client_id') !== clientId || q.get('response_mode') !== 'form_post') {
        res.writeHead(400).end('bad authorization request');
        return;
      }
      // a deep-linking launch (the instructor adding the tool to the course), or a resource link
      const dl = q.get('lti_message_hint') === 'deep-link';
      const extra = dl
        ? {
            [LTI + 'message_type']: 'LtiDeepLinkingRequest',
            [LTI + 'resource_link']: undefined,
            'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': { deep_link_return_url: `${issuer}/deep-link-return`, accept_types: ['ltiResourceLink'], accept_presentation_document_targets: ['iframe', 'window'], accept_multiple: true, data: 'sim-opaque-data' },
          }
        : opts.target
          ? { [LTI + 'target_link_uri']: opts.target(q.get('login_hint')!) }
          : {};
      const token = await sign(user, q.get('nonce') ?? '', extra);
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><body><form id="f" method="post" action="${esc(q.get('redirect_uri') ?? '')}"><input type="hidden" name="id_token" value="${esc(token)}"><input type="hidden" name="state" value="${esc(q.get('state') ?? '')}"></form><script>document.getElementById('f').submit()</script></body></html>`);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sim: SimPlatform = {
    issuer,
    clientId,
    deploymentId,
    authUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    context,
    users,
    idToken: sign,
    registration: () => ({ issuer, clientId, deploymentIds: [deploymentId], authUrl: `${issuer}/auth`, tokenUrl: `${issuer}/token`, jwksUrl: `${issuer}/jwks`, name: 'Simulated LMS' }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    lineItemUrl: `${issuer}/lineitems/1`,
    scores: [],
    toolJwksUrl: '',
    failScores: null,
    members: [],
    membershipsUrl: `${issuer}/memberships`,
    deepLinks: [],
    registrations: [],
  };
  return sim;
}

function readBody(req: import('node:http').IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}
