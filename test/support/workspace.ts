// Signing in to the workspace the way a person does: request a code, read it from the mail, post it.
import { expect } from "vitest";
import { postForm, type TestApp } from "./app.ts";

export type Session = { cookie: string; csrf: string };

export async function signIn(app: TestApp, email: string): Promise<Session> {
  const before = app.smtp.mailsTo(email).length;
  expect((await postForm(`${app.url}/kk/signin`, { email })).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length > before);
  const code = /(\d{6})/.exec(app.smtp.mailsTo(email).at(-1)!.subject)![1];
  const response = await postForm(`${app.url}/kk/signin/code`, { email, code });
  expect(response.status).toBe(303);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .find((pair) => pair.startsWith("dauys_session="))!;
  const page = await (await fetch(`${app.url}/kk/workspace`, { headers: { Cookie: cookie } })).text();
  return { cookie, csrf: /name="csrf" value="([^"]+)"/.exec(page)![1] };
}

export function workspaceClient(app: TestApp, session: Session | null) {
  return {
    get: (path: string) =>
      fetch(`${app.url}${path}`, { headers: session ? { Cookie: session.cookie } : {}, redirect: "manual" }),
    post: (path: string, fields: Record<string, string>) =>
      postForm(
        `${app.url}${path}`,
        { csrf: session?.csrf ?? "", ...fields },
        session ? { Cookie: session.cookie } : {},
      ),
  };
}
