// Public JSON: open to any origin, cacheable for a few seconds, with a little stale grace so a
// crowd of readers costs the database almost nothing.
export const apiHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=5, stale-while-revalidate=30",
  "X-Content-Type-Options": "nosniff",
};

export function apiJson(data: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { "Content-Type": "application/json; charset=utf-8", ...apiHeaders, ...init.headers },
  });
}

export function apiError(status: number, code: string, message: string) {
  return apiJson({ error: { status, code, message } }, { status, headers: { "Cache-Control": "no-store" } });
}
