import "@remix-run/node";
import type { PageCapture } from "~/services/page-cache.server.ts";
import type { SignOutcome } from "~/services/sign-post.server.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as seen through trusted proxies; only ever stored as a keyed hash. */
    clientIp: string;
    /** Nonce of this response's Content-Security-Policy. */
    cspNonce: string;
    /** Set on petition page requests the page cache may keep (page-cache.server.ts). */
    pageCapture?: PageCapture;
    /** Set when the plain signing POST was already handled in front of Remix (sign-post.server.ts). */
    signOutcome?: SignOutcome;
    /** Errors of a refused signing form, set by the action for the page title the loader gives. */
    formErrorCount?: number;
  }
}
