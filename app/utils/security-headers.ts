// The headers of every HTML page (docs/decisions/021, docs/security.md «Заголовки»). Pure: entry.server.tsx
// applies them, the tests read them from the real server.

/** Content-Security-Policy of a page: scripts only from our origin or inline with this response's nonce. */
function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Stylesheets are files; React's style={…} attributes (bar widths, the letter preview frame) are allowed.
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ')
}

/**
 * Nothing of the device is needed by any page (the scans are chosen as files, not taken by the camera). Only
 * features the browsers know: Chromium logs a warning on every page for one it does not («bluetooth»).
 */
const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), ' + 'hid=(), midi=(), display-capture=(), browsing-topics=()'

/**
 * A page whose address is a secret (the applicant's status page /s/<token>, the receipt /apply/received/<token>)
 * never sends its address onwards; every other page sends only its origin, and only to this site.
 */
function referrerPolicyFor(pathname: string): 'no-referrer' | 'same-origin' {
  return /^\/(s|apply\/received)\//.test(pathname) ? 'no-referrer' : 'same-origin'
}

/** Sets the page headers; a route's own stricter Cache-Control/Referrer-Policy is kept. */
export function applyPageHeaders(headers: Headers, { nonce, pathname }: { nonce: string; pathname: string }): void {
  headers.set('Content-Type', 'text/html; charset=utf-8')
  headers.set('Content-Security-Policy', contentSecurityPolicy(nonce))
  headers.set('Permissions-Policy', PERMISSIONS_POLICY)
  headers.set('X-Content-Type-Options', 'nosniff')
  headers.set('X-Frame-Options', 'DENY')
  headers.set('Cross-Origin-Opener-Policy', 'same-origin')
  if (referrerPolicyFor(pathname) === 'no-referrer' || !headers.has('Referrer-Policy'))
    headers.set('Referrer-Policy', referrerPolicyFor(pathname))
  // Every page may carry personal data (the header shows who is signed in; most pages show children's data):
  // no browser or proxy keeps a copy (152-ФЗ). A route may only make it stricter.
  headers.set('Cache-Control', 'private, no-store')
}
