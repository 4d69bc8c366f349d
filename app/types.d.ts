import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as seen through trusted proxies; only ever stored as a keyed hash. */
    clientIp: string;
    /** Nonce of this response's Content-Security-Policy. */
    cspNonce: string;
  }
}
