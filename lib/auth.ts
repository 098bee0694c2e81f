// next-auth (Auth.js v5) for the app: email + password through the Credentials provider, JWT
// sessions carrying the user id and role, and an optional OIDC provider when its three env
// variables are set (docs/auth.md). Pages and actions never trust the proxy: they call
// requireUser()/requireRole() from lib/session.ts, which reads the session through `auth()`.
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { PrismaAdapter } from '@auth/prisma-adapter';
import type { Adapter } from 'next-auth/adapters';
import { db } from './db.ts';
import { verifyCredentials, type Role } from './accounts.ts';
import { clientAddress } from './rate-limit.ts';
import { safeReturnPath } from './return-to.ts';
import { log } from './observability/log.ts';

/** Sign-in refused because of too many failures; the sign-in page says so. */
export class RateLimitedSignin extends CredentialsSignin {
  code = 'rate_limited';
}

/** The password was right but an admin has disabled the account; the sign-in page says so. */
export class DisabledSignin extends CredentialsSignin {
  code = 'disabled';
}

/** How long a session lasts after signing in (hours); it is not extended by activity. */
export function sessionMaxAgeSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const hours = Number(env.SESSION_MAX_AGE_HOURS);
  return Math.round((Number.isFinite(hours) && hours > 0 ? hours : 8) * 3600);
}

export function oidcEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET);
}

export function oidcProviderName(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUTH_OIDC_NAME || 'single sign-on';
}

function config(): NextAuthConfig {
  const providers: NextAuthConfig['providers'] = [
    Credentials({
      id: 'credentials',
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const result = await verifyCredentials(db(), credentials, clientAddress(request.headers));
        if (result.ok) return result.user;
        if (result.reason === 'rate_limited') throw new RateLimitedSignin();
        if (result.reason === 'disabled') throw new DisabledSignin();
        return null;
      },
    }),
  ];
  if (oidcEnabled()) {
    providers.push({
      id: 'oidc',
      name: oidcProviderName(),
      type: 'oidc',
      issuer: process.env.AUTH_OIDC_ISSUER,
      clientId: process.env.AUTH_OIDC_ID,
      clientSecret: process.env.AUTH_OIDC_SECRET,
    });
  }
  const maxAge = sessionMaxAgeSeconds();
  // The OAuth tables (Account, VerificationToken); sessions themselves are JWTs. Emails are stored
  // in lower case (a CHECK constraint), whatever case an identity provider sends.
  const base = PrismaAdapter(db() as unknown as Parameters<typeof PrismaAdapter>[0]);
  const adapter: Adapter = {
    ...base,
    createUser: (user) => base.createUser!({ ...user, email: user.email.trim().toLowerCase() }),
    getUserByEmail: (email) => base.getUserByEmail!(email.trim().toLowerCase()),
  };
  return {
    adapter,
    session: { strategy: 'jwt', maxAge, updateAge: maxAge },
    jwt: { maxAge },
    pages: { signIn: '/signin', error: '/signin' },
    providers,
    callbacks: {
      // A disabled or deleted account gets no session from an identity provider either (the
      // credentials check refuses it itself).
      signIn({ user }) {
        const u = user as { disabledAt?: Date | null; deletedAt?: Date | null };
        return !u.disabledAt && !u.deletedAt;
      },
      // Only paths on this site (or this origin spelled in full): Auth.js's callbackUrl is
      // attacker-controlled like any query parameter.
      redirect({ url, baseUrl }) {
        let path: string = url;
        try {
          const u = new URL(url, baseUrl);
          if (u.origin === new URL(baseUrl).origin) path = u.pathname + u.search + u.hash;
        } catch {
          return baseUrl;
        }
        return new URL(safeReturnPath(path), baseUrl).toString();
      },
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = (user as { role?: Role }).role ?? 'student';
          // the version the session is issued under (lib/session.ts ends it once the row's moves on)
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        const u = session.user as typeof session.user & { id: string; role: Role; sv: number };
        u.id = token.sub ?? '';
        u.role = (token.role as Role | undefined) ?? 'student';
        u.sv = typeof token.sv === 'number' ? token.sv : 0;
        return session;
      },
    },
    logger: {
      // A wrong password is not an incident: keep the server log for real errors.
      error(error) {
        const type = (error as { type?: string }).type;
        if (type === 'CredentialsSignin') return;
        log().error({ err: error }, 'auth error');
      },
    },
  };
}

// A lazy config: the Prisma client (and DATABASE_URL) is only needed once a request arrives, so
// `next build` can import pages without a database.
export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
