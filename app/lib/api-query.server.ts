import type { z } from "zod";

// Query strings of the public API are validated with one schema each (app/models/api-contract.server.ts,
// which the OpenAPI document is generated from); bad values are a 400 naming the parameter.
export function parseQuery<T extends z.ZodType>(
  schema: T,
  request: Request,
): { ok: true; data: z.output<T> } | { ok: false; message: string } {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(params);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    message: result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
  };
}
