import { z } from "zod";

// Query strings of the public API, validated with one schema each; bad values are a 400.
export const listQuerySchema = z.object({
  status: z.enum(["open", "closed", "archived", "rejected"]).optional(),
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

const whole = (max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));
const treeSize = whole(2_000_000_000);

/** The log's proofs (docs/ledger.md, "The witnessed log"). */
export const inclusionQuerySchema = z
  .object({
    size: treeSize.optional(),
    index: treeSize.optional(),
    petition: z.string().min(1).max(200).optional(),
    seq: treeSize.optional(),
    receipt: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a receipt")
      .optional(),
  })
  .refine(
    (query) =>
      query.index !== undefined
        ? query.petition === undefined && query.seq === undefined && query.receipt === undefined
        : query.petition !== undefined && (query.seq === undefined) !== (query.receipt === undefined),
    "give index, or petition with either seq or receipt",
  );

export const consistencyQuerySchema = z
  .object({ from: treeSize, to: treeSize })
  .refine((query) => query.from <= query.to, "from must not be larger than to");

export const ENTRIES_PER_PAGE = 1_000;
export const entriesQuerySchema = z
  .object({ start: treeSize.default(0), end: treeSize.optional() })
  .refine((query) => query.end === undefined || query.end > query.start, "end must be larger than start")
  .refine(
    (query) => query.end === undefined || query.end - query.start <= ENTRIES_PER_PAGE,
    `at most ${ENTRIES_PER_PAGE} entries per page`,
  );
