import { z } from "zod";

// Query strings of the public API, validated with one schema each; bad values are a 400.
export const listQuerySchema = z.object({
  status: z.enum(["open", "closed", "archived"]).optional(),
  sort: z.enum(["newest", "signed", "trending"]).default("newest"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
});

export const historyQuerySchema = z.object({ interval: z.enum(["hour", "day"]).default("hour") });

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
