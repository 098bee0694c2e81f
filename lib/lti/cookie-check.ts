// The login's cookie check, for browsers that block the tool's cookies inside the LMS's iframe (a
// cross-site frame: Safari, Brave, a "block third-party cookies" setting that also covers the
// partitioned cookies the tool sends). There the login's state cookie would never come back and
// every launch would be refused. So a login that may run inside a frame does not redirect at once:
// it answers a small page that sets a test cookie (with the same attributes as the state cookie,
// so it fails exactly when the state cookie would) and asks /lti/cookie-check whether it came back.
// When it did, the page continues to the platform's authorization URL in the frame; when it did
// not, it says so and offers to open Attention Lab in a new window: /lti/login again, top-level,
// with the same login-initiation parameters, where the whole flow runs first-party.
//
// The page has its own CSP (proxy.ts leaves /lti/login alone): scripts only from this origin (the
// static /lti/cookie-check.js, no inline script), fetches only to it, framed only by the
// platform's registered sites, as the pages after the launch are (frame.ts).
import type { LoginRequest } from './login.ts';

export const COOKIE_CHECK_COOKIE = 'lti-cookie-check';
export const COOKIE_CHECK_PATH = '/lti/cookie-check';
export const COOKIE_CHECK_SCRIPT_PATH = '/lti/cookie-check.js';

/**
 * Whether the login request may come from inside a frame. Only a top-level navigation
 * (`Sec-Fetch-Dest: document`) is sure not to be; an iframe says `iframe`, and a browser that sends
 * no Fetch Metadata could be either, so it gets the check too (which costs a top-level browser one
 * round trip: the check passes and the page continues by itself).
 */
export function mayBeFramed(headers: Headers): boolean {
  return headers.get('sec-fetch-dest') !== 'document';
}

/** /lti/login with the same login-initiation parameters, for the new window (always a GET). */
export function newWindowLoginPath(req: LoginRequest): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(req)) if (typeof v === 'string' && v) q.set(k, v);
  return `/lti/login?${q}`;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The check page's policy: our own script and fetch only, framed by the platform's sites only. */
export function cookieCheckCsp(frameAncestors: readonly string[]): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "connect-src 'self'",
    "style-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors.length ? ["'self'", ...frameAncestors].join(' ') : "'none'"}`,
  ].join('; ');
}

/** The check page: "Opening…" while the script checks; the new-window offer when cookies are blocked. */
export function cookieCheckPage({ authRedirect, newWindowPath }: { authRedirect: string; newWindowPath: string }): string {
  const newWindow = `<a class="button" id="new-window" href="${esc(newWindowPath)}" target="_blank" rel="noopener">Open Attention Lab in a new window</a>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Attention Lab</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:40rem;color:#1a1a1a}.button{display:inline-block;padding:.6rem 1rem;border-radius:.4rem;background:#1d4ed8;color:#fff;text-decoration:none;font-weight:600}.button:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}</style>
<script src="${COOKIE_CHECK_SCRIPT_PATH}" defer></script></head>
<body><main id="lti-cookie-check" data-continue="${esc(authRedirect)}">
<p id="checking" role="status">Opening Attention Lab…</p>
<div id="blocked" hidden>
<h1>Your browser does not let Attention Lab sign you in inside this page</h1>
<p>It blocks Attention Lab's cookies inside your course page, and signing in needs them. Open Attention Lab in a new window instead: you are signed in there and land on the same exercise.</p>
<p>${newWindow}</p>
<p id="opened" role="status" hidden>Attention Lab is open in a new window. You can close it when you are done and come back here.</p>
</div>
<noscript><p>With JavaScript off, choose: <a href="${esc(authRedirect)}">continue here</a> (needs cookies in this frame) or ${newWindow.replace('id="new-window" ', '')}.</p></noscript>
</main></body></html>`;
}

/**
 * The check page's script (served as /lti/cookie-check.js). It asks whether the test cookie came
 * back; yes: on to the platform in this frame; no (or the check failed): the new-window offer.
 */
export const COOKIE_CHECK_SCRIPT = `(function () {
  var main = document.getElementById('lti-cookie-check');
  if (!main) return;
  function blocked() {
    document.getElementById('checking').hidden = true;
    document.getElementById('blocked').hidden = false;
    document.getElementById('new-window').addEventListener('click', function () {
      document.getElementById('opened').hidden = false;
    });
  }
  fetch(${JSON.stringify(COOKIE_CHECK_PATH)}, { credentials: 'same-origin', cache: 'no-store' })
    .then(function (r) { return r.ok ? r.json() : { cookies: false }; })
    .then(function (r) { if (r && r.cookies === true) location.replace(main.dataset.continue); else blocked(); }, blocked);
})();
`;
