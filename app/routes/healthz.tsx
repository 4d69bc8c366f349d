// Liveness: the process answers. (Readiness with a database check is /readyz.)
export function loader() {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
