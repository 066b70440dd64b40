/**
 * The renderer's Content-Security-Policy (ARCHITECTURE.md §13), in one place for both hosts: the
 * Electron `app://` protocol handler and the web host send it as a response header. Monaco needs
 * inline styles and blob workers; the strict Plotly bundle needs no `unsafe-eval`; the web host
 * adds its WebSocket origin to `connect-src`.
 */

/** Options for {@link buildContentSecurityPolicy}. */
export interface ContentSecurityPolicyOptions {
  /** Extra `connect-src` sources, e.g. `ws://127.0.0.1:5123`. */
  readonly connectSources?: readonly string[];
}

/** The CSP header value for the renderer page. */
export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const directives: readonly (readonly string[])[] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['worker-src', "'self'", 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'", ...(options.connectSources ?? [])],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}
