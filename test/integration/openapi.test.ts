// Conformance of the public API with its OpenAPI document (/api/v1/openapi.json): every documented
// path, method and status is called for real, and its status, headers, content type and body are
// validated against the document with a strict JSON Schema 2020-12 validator. The last test fails
// when the document lists something that no test exercised, so the two cannot drift apart.
// Redocly's recommended ruleset (the pinned @redocly/cli, redocly.yaml) must find nothing in it.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionCodes, regions } from "~/data/regions.ts";
import { isoKazakhstan } from "~/lib/format.ts";
import { confirmLink, pressConfirm, type SinkMail } from "../support/smtp-sink.ts";
import { nobleWitnessKey, splitNote, verifyNoteSignature } from "../support/rfc9162.ts";
import {
  closedDemoPetition,
  demoPetition,
  postForm,
  signer,
  startTestApp,
  visibleText,
  type TestApp,
} from "../support/app.ts";

type Schema = Record<string, unknown>;
type HeaderSpec = { required?: boolean; schema: Schema };
type MediaSpec = {
  schema: Schema;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
  "x-itemSchema"?: Schema;
};
type ResponseSpec = { description: string; headers?: Record<string, HeaderSpec>; content?: Record<string, MediaSpec> };
type ParameterSpec = {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: Schema;
  example?: unknown;
};
type OperationSpec = { operationId: string; parameters?: ParameterSpec[]; responses: Record<string, ResponseSpec> };
type PathItem = { parameters?: ParameterSpec[] } & Partial<
  Record<"get" | "post" | "put" | "patch" | "delete", OperationSpec>
>;
type OpenApi = {
  openapi: string;
  jsonSchemaDialect: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Schema> };
};
type Json = Record<string, unknown>;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const DEFS = "urn:dauys:openapi";

let app: TestApp;
let doc: OpenApi;
let snapshotId = "";
let witness: Awaited<ReturnType<typeof nobleWitnessKey>>;
const exercised = new Set<string>();

// One validator for bodies and headers, one that coerces query strings for parameters. Both strict.
const ajv = new Ajv2020({ strict: true, allErrors: true });
const paramAjv = new Ajv2020({ strict: true, allErrors: true, coerceTypes: true });
for (const instance of [ajv, paramAjv]) {
  addFormats(instance);
  instance.addKeyword("example");
}

/** The document's `#/components/schemas/X` references, pointed at the schemas registered with Ajv. */
function rewrite<T>(value: T): T {
  if (Array.isArray(value)) return value.map(rewrite) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === "$ref" && typeof inner === "string"
          ? inner.replace("#/components/schemas/", `${DEFS}#/$defs/`)
          : rewrite(inner),
      ]),
    ) as T;
  }
  return value;
}

const compiled = new WeakMap<object, ReturnType<typeof ajv.compile>>();
function validator(schema: Schema, instance = ajv) {
  const cache = instance === ajv ? compiled : undefined;
  const found = cache?.get(schema);
  if (found) return found;
  const compiledSchema = instance.compile(rewrite(schema));
  cache?.set(schema, compiledSchema);
  return compiledSchema;
}

function expectValid(schema: Schema, data: unknown, what: string) {
  const validate = validator(schema);
  const valid = validate(data);
  expect(
    valid,
    `${what}: ${ajv.errorsText(validate.errors, { separator: "\n" })}\n${JSON.stringify(data).slice(0, 600)}`,
  ).toBe(true);
}

function operation(path: string, method = "get") {
  const item = doc.paths[path];
  expect(item, `path ${path} is documented`).toBeDefined();
  const op = item[method as (typeof METHODS)[number]];
  expect(op, `${method.toUpperCase()} ${path} is documented`).toBeDefined();
  return { op: op!, parameters: [...(item.parameters ?? []), ...(op!.parameters ?? [])] };
}

/** Checks the request against the documented parameters: known names, and valid or not as expected. */
function checkParameters(
  path: string,
  url: URL,
  parameters: ParameterSpec[],
  expectValidQuery: boolean,
  expectValidPath: boolean,
) {
  const documented = new Set(
    parameters.filter((parameter) => parameter.in === "query").map((parameter) => parameter.name),
  );
  for (const key of url.searchParams.keys())
    expect(documented, `query parameter "${key}" of ${path} is documented`).toContain(key);
  const query = Object.fromEntries(url.searchParams);
  const querySchema = {
    type: "object",
    properties: Object.fromEntries(
      parameters
        .filter((parameter) => parameter.in === "query")
        .map((parameter) => [parameter.name, rewrite(parameter.schema)]),
    ),
    required: parameters
      .filter((parameter) => parameter.in === "query" && parameter.required)
      .map((parameter) => parameter.name),
  };
  expect(
    paramAjv.validate(querySchema, query),
    `query ${url.search} of ${path} is ${expectValidQuery ? "valid" : "invalid"} per the document`,
  ).toBe(expectValidQuery);

  const names: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`,
  );
  const match = pattern.exec(url.pathname);
  expect(match, `${url.pathname} matches ${path}`).not.toBeNull();
  const values = Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match![index + 1])]));
  const pathSchema = {
    type: "object",
    properties: Object.fromEntries(
      parameters
        .filter((parameter) => parameter.in === "path")
        .map((parameter) => [parameter.name, rewrite(parameter.schema)]),
    ),
    required: parameters.filter((parameter) => parameter.in === "path").map((parameter) => parameter.name),
  };
  expect(Object.keys(values).sort()).toEqual([...pathSchema.required].sort());
  expect(
    paramAjv.validate(pathSchema, values),
    `path parameters of ${url.pathname} are ${expectValidPath ? "valid" : "invalid"} per the document`,
  ).toBe(expectValidPath);
}

type CallOptions = {
  status: number;
  headers?: Record<string, string>;
  validQuery?: boolean;
  validPath?: boolean;
  /** Refused before routing (a NUL byte in the URL): its parameters are not the operation's. */
  unrouted?: boolean;
};

/** Sends the request and checks status and documented headers; returns the response and its spec. */
async function request(path: string, target: string, options: CallOptions, init: RequestInit = {}) {
  const url = new URL(target, app.url);
  const method = (init.method ?? "GET").toUpperCase();
  const { op, parameters } = operation(path, method.toLowerCase());
  if (!options.unrouted)
    checkParameters(
      path,
      url,
      parameters,
      options.validQuery ?? ![400, 501].includes(options.status),
      options.validPath ?? true,
    );
  const response = await fetch(url, {
    redirect: "manual",
    ...init,
    headers: { ...(init.headers as Record<string, string>), ...options.headers },
  });
  expect(response.status, `${method} ${url.pathname}${url.search}`).toBe(options.status);
  exercised.add(`${method} ${path} ${response.status}`);
  const spec = op.responses[String(response.status)];
  expect(spec, `status ${response.status} of ${method} ${path} is documented`).toBeDefined();
  for (const [name, header] of Object.entries(spec.headers ?? {})) {
    const value = response.headers.get(name);
    if (header.required) expect(value, `header ${name} on ${response.status} of ${method} ${path}`).not.toBeNull();
    if (value !== null) expectValid(header.schema, value, `header ${name} on ${response.status} of ${method} ${path}`);
  }
  let media: MediaSpec | undefined;
  if (spec.content) {
    const contentType = response.headers.get("content-type") ?? "";
    const type = contentType.split(";")[0].trim().toLowerCase();
    expect(Object.keys(spec.content), `content type of ${response.status} of GET ${path}`).toContain(type);
    // Text carries its character set; a PDF is bytes.
    if (type !== "application/pdf") expect(contentType).toMatch(/charset=utf-8/i);
    media = spec.content[type];
  }
  return { response, spec, media };
}

/** Calls an endpoint and validates its whole body against the document. */
async function call(path: string, target: string, options: CallOptions, init: RequestInit = {}) {
  const { response, media } = await request(path, target, options, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  // Keep a byte-order mark: CSV must start with one.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
  if (!media) {
    expect(text, `no body on ${response.status} of GET ${path}`).toBe("");
    return { response, bytes, text, body: undefined as unknown, lines: [] as Json[] };
  }
  const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/json") {
    const body = JSON.parse(text) as unknown;
    expectValid(media.schema, body, `body of ${response.status} of GET ${path}`);
    return { response, bytes, text, body, lines: [] as Json[] };
  }
  expectValid(media.schema, text, `body of ${response.status} of GET ${path}`);
  if (type === "application/x-ndjson") {
    expect(text === "" || text.endsWith("\n"), "every NDJSON line ends with a newline").toBe(true);
    const lines = text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Json);
    expect(media["x-itemSchema"], "NDJSON line schema").toBeDefined();
    lines.forEach((line, index) =>
      expectValid(media["x-itemSchema"]!, line, `NDJSON line ${index + 1} of GET ${path}`),
    );
    return { response, bytes, text, body: undefined as unknown, lines };
  }
  return { response, bytes, text, body: undefined as unknown, lines: [] as Json[] };
}

/** A 200 with its ETag, then the same request with If-None-Match: a documented, empty 304. */
async function callTwiceFor304(path: string, target: string) {
  const first = await call(path, target, { status: 200 });
  const etag = first.response.headers.get("etag");
  expect(etag).toBeTruthy();
  await call(path, target, { status: 304, headers: { "If-None-Match": etag! } });
  return first;
}

function parseSseBlock(block: string) {
  const event: Record<string, string | number> = {};
  for (const line of block.split("\n")) {
    if (line === "" || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "retry") event.retry = Number(value);
    else if (field === "data") event.data = event.data === undefined ? value : `${event.data}\n${value}`;
    else event[field] = value;
  }
  return event;
}

/** Opens the event stream, validates every event up to the first `counts`, and returns its data. */
async function firstCountsEvent(path: string, target: string) {
  const controller = new AbortController();
  const { response, media } = await request(path, target, { status: 200 }, { signal: controller.signal });
  expect(media?.["x-itemSchema"], "event schema").toBeDefined();
  const itemSchema = media!["x-itemSchema"]!;
  const countsBranch = (itemSchema.anyOf as Schema[]).find(
    (branch) => (branch.properties as Record<string, Schema>).event?.const === "counts",
  )!;
  const dataSchema = (countsBranch.properties as Record<string, Schema>).data.contentSchema as Schema;
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const events: Record<string, string | number>[] = [];
  try {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = parseSseBlock(block);
        if (Object.keys(event).length === 0) continue; // a comment (keep-alive)
        expectValid(itemSchema, event, `event ${events.length + 1} of GET ${path}`);
        events.push(event);
        if (event.event === "counts") {
          const data = JSON.parse(String(event.data)) as Json;
          expectValid(dataSchema, data, `data of the first counts event of GET ${path}`);
          return { events, data };
        }
      }
    }
    throw new Error(`no counts event on ${target}`);
  } finally {
    controller.abort();
    await reader.cancel().catch(() => {});
  }
}

function parseCsv(text: string) {
  const rows: string[][] = [];
  for (const line of text
    .replace(/^\ufeff/, "")
    .split("\r\n")
    .filter(Boolean)) {
    const cells: string[] = [];
    const cell = /("((?:[^"]|"")*)"|[^,]*)(,|$)/g;
    let match;
    while ((match = cell.exec(line)) && match[0] !== "") {
      cells.push(match[2] !== undefined ? match[2].replace(/""/g, '"') : match[1]);
      if (match[3] === "") break;
    }
    rows.push(cells);
  }
  return rows;
}

async function signAndConfirm(
  person: { email: string; name: string; region: string; started?: string },
  confirm = true,
) {
  const fields = signer({
    email: person.email,
    name: person.name,
    region: person.region,
    ...(person.started ? { started: person.started } : {}),
  });
  expect((await postForm(`${app.url}/kk/p/${demoPetition}`, fields)).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(person.email).length === 1);
  const mail = app.smtp.mailsTo(person.email)[0];
  if (confirm) expect((await pressConfirm(confirmLink(mail))).status).toBe(200);
  return mail;
}

const withdrawLink = (mail: SinkMail) =>
  mail.text
    .split("\n")
    .find((line) => /^https?:\/\/\S+\/withdraw\/[A-Za-z0-9_-]+$/.test(line.trim()))!
    .trim();
const receiptOf = async (email: string) =>
  (await app.db.query<{ receipt: string }>(`SELECT "receipt" FROM "Signature" WHERE "email" = $1`, [email]))[0].receipt;

beforeAll(async () => {
  witness = await nobleWitnessKey("newsroom.example/witness");
  app = await startTestApp({
    env: { RATE_LIMITS: "off", CHECKPOINT_INTERVAL: "0s", LOG_SEQUENCE_EVERY: "100ms", WITNESS_KEYS: witness.vkey },
  });
  // Every tier gets someone: confirmed, pending, held, withdrawn, removed (and one restored).
  const withdrawing = await signAndConfirm({ email: "oa.alma@example.kz", name: "Әлия Сәрсенова", region: "KZ-75" });
  await signAndConfirm({ email: "ob.alma@example.kz", name: "Бауыржан Омаров", region: "KZ-75" });
  await signAndConfirm({ email: "oc.astana@example.kz", name: "Гүлнар Ахметова", region: "KZ-71" });
  await signAndConfirm({ email: "od.abroad@example.kz", name: "Дина Ким", region: "abroad" });
  await signAndConfirm({ email: "oe.east@example.kz", name: "Ерлан Жақсылықов", region: "KZ-63" });
  await signAndConfirm({ email: "of.east@example.kz", name: "Жанна Әбенова", region: "KZ-63" });
  await signAndConfirm({ email: "og.held@example.kz", name: "Зарина Нұрланова", region: "KZ-55", started: "1.forged" });
  await signAndConfirm({ email: "oh.pending@example.kz", name: "Ирина Павлова", region: "KZ-19" }, false);
  expect((await fetch(withdrawLink(withdrawing), { method: "POST", body: new URLSearchParams() })).status).toBe(200);
  expect(
    await app.module.moderateByReceipt({
      receipt: await receiptOf("oe.east@example.kz"),
      action: "remove",
      reason: "duplicate",
    }),
  ).toBe(true);
  const restored = await receiptOf("of.east@example.kz");
  expect(await app.module.moderateByReceipt({ receipt: restored, action: "remove", reason: "bot" })).toBe(true);
  expect(await app.module.moderateByReceipt({ receipt: restored, action: "restore" })).toBe(true);
  // "Cite this count": a 303 to the snapshot's page.
  const cited = await postForm(`${app.url}/kk/p/${demoPetition}/cite`, {});
  expect(cited.status).toBe(303);
  snapshotId = /^\/kk\/s\/([A-Za-z0-9]+)$/.exec(cited.headers.get("location") ?? "")![1];

  const response = await fetch(`${app.url}/api/v1/openapi.json`);
  doc = (await response.json()) as OpenApi;
  ajv.addSchema({ $id: DEFS, $defs: rewrite(doc.components.schemas) });
  paramAjv.addSchema({ $id: DEFS, $defs: rewrite(doc.components.schemas) });
});
afterAll(async () => app?.close());

const detailPath = "/api/v1/petitions/{slug}";

/** The size of the latest checkpoint, once it holds every ledger entry there is. */
async function settledLogSize() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const [{ n }] = await app.db.query<{ n: number | string }>(`SELECT COALESCE(SUM("seq"), 0) AS n FROM "LedgerHead"`);
    const info = (await (await fetch(`${app.url}/api/v1/log`)).json()) as { checkpoint: { treeSize: number } | null };
    if (info.checkpoint?.treeSize === Number(n)) return Number(n);
    if (Date.now() > deadline) throw new Error("the log did not catch up");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
const expectedTiers = { confirmed: 4, pending: 1, held: 1, withdrawn: 1, removed: 1, paper: 0 };

describe(`the OpenAPI document (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("is OpenAPI 3.1 on JSON Schema 2020-12, for this server", async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.jsonSchemaDialect).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(doc.info.title).toBeTruthy();
    expect(doc.servers[0].url).toBe(app.url);
    await call("/api/v1/openapi.json", "/api/v1/openapi.json", { status: 200 });
    await callTwiceFor304("/api/v1/openapi.json", "/api/v1/openapi.json");
    await call("/api/v1/openapi.json", "/api/v1/openapi.json?%00", { status: 400, unrouted: true });
  });

  it("passes Redocly's recommended lint with no error and no warning", async () => {
    const started = performance.now();
    // Resolved from node_modules (a devDependency): a missing linter fails here, it is never skipped.
    const cli = createRequire(import.meta.url).resolve("@redocly/cli/bin/cli.js");
    const dir = await mkdtemp(join(tmpdir(), "dauys-openapi-"));
    try {
      const file = join(dir, "openapi.json");
      await writeFile(file, JSON.stringify(doc));
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [cli, "lint", file, "--config", join(process.cwd(), "redocly.yaml"), "--format", "json"],
        { env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
      ).catch((error: { stdout?: string; message: string }) => {
        // Redocly exits non-zero when it finds errors: keep its report to show them.
        if (error.stdout) return { stdout: error.stdout };
        throw error;
      });
      const report = JSON.parse(stdout) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      const problems = report.problems.map(
        (problem) => `${problem.ruleId} ${problem.location[0]?.pointer}: ${problem.message}`,
      );
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    console.log(`redocly lint: ${Math.round(performance.now() - started)} ms`);
  });

  it("has schemas that compile in strict mode, enumerations that match the app, and unique operation ids", () => {
    for (const name of Object.keys(doc.components.schemas)) {
      expect(ajv.getSchema(`${DEFS}#/$defs/${name}`), name).toBeTruthy();
    }
    expect(doc.components.schemas.RegionCode.enum).toEqual(regionCodes);
    expect(regionCodes).toHaveLength(21);
    const ids = Object.values(doc.paths).flatMap((item) =>
      METHODS.flatMap((method) => (item[method] ? [item[method]!.operationId] : [])),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has an example for every response body, and every example is valid", () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      for (const example of (schema.examples as unknown[] | undefined) ?? [])
        expectValid(schema, example, `example of schema ${name}`);
    }
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        for (const parameter of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
          if (parameter.example !== undefined)
            expect(
              paramAjv.validate(rewrite(parameter.schema), parameter.example),
              `example of ${parameter.name} of ${path}`,
            ).toBe(true);
        }
        for (const [status, response] of Object.entries(op.responses)) {
          expect(response.description, `description of ${status} of ${path}`).toBeTruthy();
          for (const [type, media] of Object.entries(response.content ?? {})) {
            const what = `example of ${type} ${status} of ${method.toUpperCase()} ${path}`;
            expect(media.example, what).toBeDefined();
            expectValid(media.schema, media.example, what);
            if (type === "application/x-ndjson") {
              for (const line of String(media.example).split("\n").filter(Boolean))
                expectValid(media["x-itemSchema"]!, JSON.parse(line), what);
            }
          }
        }
      }
    }
  });
});

describe(`every endpoint against the document (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("GET /api/v1/petitions: filters, sorts, pages, 304 and 400", async () => {
    const path = "/api/v1/petitions";
    const all = await callTwiceFor304(path, "/api/v1/petitions");
    const list = all.body as { petitions: Json[]; total: number };
    expect(list.petitions.map((item) => item.slug)).toEqual([demoPetition, closedDemoPetition]);
    expect(list.petitions[0]).toMatchObject({ confirmed: expectedTiers.confirmed });
    const open = (await call(path, "/api/v1/petitions?status=open&sort=signed&page=1&per_page=10", { status: 200 }))
      .body as { petitions: Json[] };
    expect(open.petitions.map((item) => item.slug)).toEqual([demoPetition]);
    const trending = (await call(path, "/api/v1/petitions?sort=trending&per_page=1", { status: 200 })).body as {
      petitions: Json[];
      perPage: number;
      total: number;
    };
    // Gross confirmations of the last hour: six confirm entries, whatever happened afterwards.
    expect(trending).toMatchObject({ perPage: 1, total: 2 });
    expect(trending.petitions[0]).toMatchObject({ slug: demoPetition, lastHour: 6, confirmed: 4 });
    const beyond = (await call(path, "/api/v1/petitions?page=9&per_page=200", { status: 200 })).body as {
      petitions: Json[];
    };
    expect(beyond.petitions).toEqual([]);
    for (const bad of ["per_page=0", "per_page=201", "page=abc", "page=1.5", "sort=popular", "status=draft"]) {
      const error = (await call(path, `/api/v1/petitions?${bad}`, { status: 400 })).body as {
        error: { message: string };
      };
      expect(error.error.message).toContain(bad.split("=")[0]);
    }
  });

  it("GET /api/v1/petitions/{slug}: every tier apart, 21 regions in order, 304 by ETag and by date, 404", async () => {
    const first = await callTwiceFor304(detailPath, `/api/v1/petitions/${demoPetition}`);
    const detail = first.body as {
      tiers: Json;
      regions: Json[];
      confirmed: number;
      removedByReason: Json[];
      ledger: { seq: number };
    };
    expect(detail.tiers).toEqual(expectedTiers);
    expect(detail.regions.map((region) => region.code)).toEqual(regionCodes);
    expect(detail.regions.find((region) => region.code === "KZ-63")).toMatchObject({ confirmed: 1, removed: 1 });
    expect(detail.removedByReason).toEqual([{ reason: "duplicate", removed: 1 }]);
    expect(detail.ledger.seq).toBe(19);
    const lastModified = first.response.headers.get("last-modified")!;
    await call(detailPath, `/api/v1/petitions/${demoPetition}`, {
      status: 304,
      headers: { "If-Modified-Since": lastModified },
    });
    for (const slug of ["no-such-petition", "position-before-elections"])
      await call(detailPath, `/api/v1/petitions/${slug}`, { status: 404 });
  });

  it("GET …/history and …/history.csv: the same series, CSV with BOM, 304, 400, 404", async () => {
    const jsonPath = "/api/v1/petitions/{slug}/history";
    const csvPath = "/api/v1/petitions/{slug}/history.csv";
    const hourly = (await callTwiceFor304(jsonPath, `/api/v1/petitions/${demoPetition}/history`)).body as {
      interval: string;
      points: { start: string; confirmed: number; cumulative: number }[];
    };
    expect(hourly.interval).toBe("hour");
    expect(hourly.points.at(-1)!.cumulative).toBe(expectedTiers.confirmed);
    const daily = (await call(jsonPath, `/api/v1/petitions/${demoPetition}/history?interval=day`, { status: 200 }))
      .body as { points: { start: string }[] };
    expect(daily.points.at(-1)!.start).toMatch(/T19:00:00\.000Z$/);
    const empty = (await call(jsonPath, `/api/v1/petitions/${closedDemoPetition}/history`, { status: 200 })).body as {
      points: unknown[];
    };
    expect(empty.points).toEqual([]);

    const csv = await callTwiceFor304(csvPath, `/api/v1/petitions/${demoPetition}/history.csv`);
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.response.headers.get("content-disposition")).toBe(
      `attachment; filename="${demoPetition}-history-hour.csv"; filename*=UTF-8''${demoPetition}-history-hour.csv`,
    );
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(["interval_start", "confirmed", "cumulative"]);
    expect(rows.slice(1)).toEqual(
      hourly.points.map((point) => [isoKazakhstan(point.start), String(point.confirmed), String(point.cumulative)]),
    );
    const dayCsv = await call(csvPath, `/api/v1/petitions/${demoPetition}/history.csv?interval=day`, { status: 200 });
    expect(dayCsv.response.headers.get("content-disposition")).toContain("-history-day.csv");
    expect((await call(csvPath, `/api/v1/petitions/${closedDemoPetition}/history.csv`, { status: 200 })).text).toBe(
      "\ufeffinterval_start,confirmed,cumulative\r\n",
    );

    for (const path of [jsonPath, csvPath]) {
      const suffix = path.endsWith(".csv") ? "history.csv" : "history";
      await call(path, `/api/v1/petitions/${demoPetition}/${suffix}?interval=week`, { status: 400 });
      await call(path, `/api/v1/petitions/no-such-petition/${suffix}`, { status: 404 });
    }
  });

  it("GET …/regions.csv: BOM, header, 21 rows whose Cyrillic names and counts round-trip, 304, 404", async () => {
    const path = "/api/v1/petitions/{slug}/regions.csv";
    const csv = await callTwiceFor304(path, `/api/v1/petitions/${demoPetition}/regions.csv`);
    expect([...csv.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual([
      "code",
      "name_kk",
      "name_ru",
      "confirmed",
      "pending",
      "held",
      "withdrawn",
      "removed",
      "paper",
      "population",
      "population_date",
      "confirmed_per_10000",
    ]);
    expect(rows.slice(1).map((row) => [row[0], row[1], row[2]])).toEqual(
      regions.map((region) => [region.code, region.kk, region.ru]),
    );
    expect(rows.find((row) => row[0] === "KZ-63")!.slice(1, 3)).toEqual([
      "Шығыс Қазақстан облысы",
      "Восточно-Казахстанская область",
    ]);
    const detail = (await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json()) as {
      regions: Record<string, number | string>[];
    };
    expect(rows.slice(1).map((row) => row.slice(3, 9).map(Number))).toEqual(
      detail.regions.map((region) =>
        ["confirmed", "pending", "held", "withdrawn", "removed", "paper"].map((tier) => region[tier]),
      ),
    );
    const lastModified = csv.response.headers.get("last-modified")!;
    await call(path, `/api/v1/petitions/${demoPetition}/regions.csv`, {
      status: 304,
      headers: { "If-Modified-Since": lastModified },
    });
    await call(path, "/api/v1/petitions/no-such-petition/regions.csv", { status: 404 });
  });

  it("GET …/ledger: every NDJSON line is a valid entry of an intact chain; ?after resumes; 400, 404", async () => {
    const path = "/api/v1/petitions/{slug}/ledger";
    const { lines } = await call(path, `/api/v1/petitions/${demoPetition}/ledger`, { status: 200 });
    // Every tier's moves: each signature's `sign`, then its confirmation (or hold), and the rest.
    expect(lines.map((line) => line.type)).toEqual([
      ...["confirm", "confirm", "confirm", "confirm", "confirm", "confirm", "hold"].flatMap((type) => ["sign", type]),
      "sign",
      "withdraw",
      "remove",
      "remove",
      "restore",
    ]);
    lines.forEach((line, index) => {
      expect(line.seq).toBe(index + 1);
      expect(line.prevHash).toBe(index === 0 ? "0".repeat(64) : lines[index - 1].hash);
    });
    expect(lines.filter((line) => line.reason !== "").map((line) => line.reason)).toEqual(["duplicate", "bot", "bot"]);
    const resumed = await call(path, `/api/v1/petitions/${demoPetition}/ledger?after=7`, { status: 200 });
    expect(resumed.lines).toEqual(lines.slice(7));
    expect((await call(path, `/api/v1/petitions/${demoPetition}/ledger?after=19`, { status: 200 })).text).toBe("");
    expect((await call(path, `/api/v1/petitions/${closedDemoPetition}/ledger`, { status: 200 })).text).toBe("");
    for (const bad of ["-1", "abc", "1.5", "1234567890"])
      await call(path, `/api/v1/petitions/${demoPetition}/ledger?after=${bad}`, { status: 400 });
    await call(path, "/api/v1/petitions/no-such-petition/ledger", { status: 404 });
  });

  it("GET …/ledger/head: the last entry, equal to the petition's ledger field; 404", async () => {
    const path = "/api/v1/petitions/{slug}/ledger/head";
    const head = await call(path, `/api/v1/petitions/${demoPetition}/ledger/head`, { status: 200 });
    const detail = (await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json()) as {
      ledger: { seq: number; hash: string };
    };
    expect(head.body).toMatchObject({ seq: detail.ledger.seq, hash: detail.ledger.hash });
    // Documented as always 200: If-None-Match is not evaluated on this endpoint.
    await call(path, `/api/v1/petitions/${demoPetition}/ledger/head`, {
      status: 304,
      headers: { "If-None-Match": head.response.headers.get("etag")! },
    });
    expect(
      (await call(path, `/api/v1/petitions/${closedDemoPetition}/ledger/head`, { status: 200 })).body,
    ).toMatchObject({ seq: 0, hash: "0".repeat(64) });
    await call(path, "/api/v1/petitions/no-such-petition/ledger/head", { status: 404 });
  });

  it("GET …/events: retry, then a counts event shaped like the count part of the detail; 404", async () => {
    const path = "/api/v1/petitions/{slug}/events";
    const { events, data } = await firstCountsEvent(path, `/api/v1/petitions/${demoPetition}/events`);
    expect(events[0]).toEqual({ retry: 3000 });
    const detail = (await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json()) as Json;
    expect(data).toEqual({
      confirmed: detail.confirmed,
      tiers: detail.tiers,
      regions: detail.regions,
      removedByReason: detail.removedByReason,
      updatedAt: detail.updatedAt,
    });
    await call(path, "/api/v1/petitions/no-such-petition/events", { status: 404 });
  });

  it("GET /api/v1/snapshots/{id}: the frozen figures of the citation, 304, 404", async () => {
    const path = "/api/v1/snapshots/{id}";
    const snapshot = (await callTwiceFor304(path, `/api/v1/snapshots/${snapshotId}`)).body as Json;
    expect(snapshot).toMatchObject({
      id: snapshotId,
      confirmed: expectedTiers.confirmed,
      tiers: expectedTiers,
      ledger: { seq: 19 },
      petition: { slug: demoPetition },
    });
    expect(snapshot.url).toEqual({ kk: `${app.url}/kk/s/${snapshotId}`, ru: `${app.url}/ru/s/${snapshotId}` });
    await call(path, "/api/v1/snapshots/abcdefghij", { status: 404 });
    await call(path, "/api/v1/snapshots/abc", { status: 404, validPath: false });
  });

  it("GET /api/oembed: the live counter iframe for a petition page, 304, 404, 501", async () => {
    const path = "/api/oembed";
    const page = (lang: string, slug = demoPetition) => encodeURIComponent(`${app.url}/${lang}/p/${slug}`);
    const ru = (await callTwiceFor304(path, `/api/oembed?url=${page("ru")}`)).body as Json;
    expect(ru).toMatchObject({
      width: 400,
      height: 260,
      title: "За честные выборы: восемь требований",
      provider_url: app.url,
    });
    expect(ru.html).toContain(`src="${app.url}/embed/${demoPetition}?lang=ru"`);
    const sized = (
      await call(path, `/api/oembed?url=${page("kk")}&format=json&maxwidth=300&maxheight=1000`, { status: 200 })
    ).body as Json;
    expect(sized).toMatchObject({ width: 300, height: 400, title: "Адал сайлау үшін: сегіз талап" });
    await call(path, "/api/oembed", { status: 404, validQuery: false });
    await call(path, `/api/oembed?url=${encodeURIComponent("https://elsewhere.example/kk/p/x")}`, { status: 404 });
    await call(path, `/api/oembed?url=${page("kk", "position-before-elections")}`, { status: 404 });
    await call(path, `/api/oembed?url=${page("kk")}&format=xml`, { status: 501 });
  });

  it("GET /badge/{slug}.svg: an SVG with the confirmed count in either language, 304, 404", async () => {
    const path = "/badge/{slug}.svg";
    const kk = await callTwiceFor304(path, `/badge/${demoPetition}.svg`);
    expect(kk.text).toContain(">4 қол</text>");
    const ru = await call(path, `/badge/${demoPetition}.svg?lang=ru`, { status: 200 });
    expect(ru.text).toContain(">4 подписи</text>");
    await call(path, "/badge/no-such-petition.svg", { status: 404 });
  });

  it("GET /embed/{slug}: a frameable live counter page, 404", async () => {
    const path = "/embed/{slug}";
    const kk = await call(path, `/embed/${demoPetition}`, { status: 200 });
    expect(kk.response.headers.get("x-frame-options")).toBeNull();
    expect(visibleText(kk.text)).toContain("Адал сайлау үшін: сегіз талап");
    const ru = await call(path, `/embed/${demoPetition}?lang=ru`, { status: 200 });
    expect(ru.text).toMatch(/^<!DOCTYPE html><html lang="ru">/);
    expect(visibleText(ru.text)).toContain("4 подписи");
    await call(path, `/embed/${demoPetition}?lang=ru`, {
      status: 304,
      headers: { "If-None-Match": ru.response.headers.get("etag")! },
    });
    await call(path, "/embed/no-such-petition", { status: 404 });
  });

  it("GET …/paper: the paper batches, a correction naming its batch, 304, 404", async () => {
    const path = "/api/v1/petitions/{slug}/paper";
    const empty = (await call(path, `/api/v1/petitions/${demoPetition}/paper`, { status: 200 })).body;
    expect(empty).toEqual({ slug: demoPetition, total: 0, batches: [] });
    // Two rows as the workspace writes them (a batch and its correction), on a petition whose
    // counts the tests above no longer read: only the shape of this endpoint is checked here.
    const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [
      closedDemoPetition,
    ]);
    const at = (iso: string) => (app.db.kind === "sqlite" ? iso : new Date(iso));
    await app.db.query(
      `INSERT INTO "PaperBatch" ("id","publicationId","receipt","region","count","collectedFrom","collectedTo","scanSha256","scanName","note","correctsId","createdById","createdAt")
       VALUES ('pb-1',$1,'AAAAAAAAAAAAAAAAAAAAA1','KZ-75',120,$2,$3,$4,'scan.pdf','',NULL,NULL,$5), ('pb-2',$1,'AAAAAAAAAAAAAAAAAAAAA2','KZ-75',-20,$2,$3,NULL,NULL,'',  'pb-1',NULL,$6)`,
      [
        id,
        at("2026-10-31T19:00:00.000Z"),
        at("2026-11-14T19:00:00.000Z"),
        "a".repeat(64),
        at("2026-11-20T09:12:30.000Z"),
        at("2026-11-21T10:40:10.000Z"),
      ],
    );
    const listed = await callTwiceFor304(path, `/api/v1/petitions/${closedDemoPetition}/paper`);
    expect(listed.body).toEqual({
      slug: closedDemoPetition,
      total: 100,
      batches: [
        {
          receipt: "AAAAAAAAAAAAAAAAAAAAA1",
          region: "KZ-75",
          count: 120,
          collectedFrom: "2026-11-01",
          collectedTo: "2026-11-15",
          scanSha256: "a".repeat(64),
          correctsReceipt: null,
          sheetSerials: "",
          createdAt: "2026-11-20T09:12Z",
        },
        {
          receipt: "AAAAAAAAAAAAAAAAAAAAA2",
          region: "KZ-75",
          count: -20,
          collectedFrom: "2026-11-01",
          collectedTo: "2026-11-15",
          scanSha256: null,
          correctsReceipt: "AAAAAAAAAAAAAAAAAAAAA1",
          sheetSerials: "",
          createdAt: "2026-11-21T10:40Z",
        },
      ],
    });
    await call(path, "/api/v1/petitions/no-such-petition/paper", { status: 404 });
  });

  it("GET …/versions: every version as published and each minor edit before/after, listed in the detail too; 304, 404", async () => {
    const path = "/api/v1/petitions/{slug}/versions";
    const plain = (await callTwiceFor304(path, `/api/v1/petitions/${demoPetition}/versions`)).body as Json;
    expect(plain).toMatchObject({
      slug: demoPetition,
      current: 1,
      versions: [{ number: 1, minorEdits: 0, edits: [] }],
    });
    // A minor edit as the editor writes it, on a petition whose figures the tests above no longer read.
    const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [
      closedDemoPetition,
    ]);
    const [published] = await app.db.query<{ summaryRu: string }>(
      `SELECT "summaryRu" FROM "PublicationVersion" WHERE "publicationId" = $1 AND "number" = 1`,
      [id],
    );
    const edited = `${published.summaryRu} (уточнено)`;
    await app.db.query(
      `INSERT INTO "PublicationEdit" ("publicationId","version","seq","fields","before","after","createdAt") VALUES ($1, 1, 1, 'summaryRu', $2, $3, $4)`,
      [
        id,
        JSON.stringify({ summaryRu: published.summaryRu }),
        JSON.stringify({ summaryRu: edited }),
        app.db.kind === "sqlite" ? "2026-11-21T10:40:10.000Z" : new Date("2026-11-21T10:40:10.000Z"),
      ],
    );
    await app.db.query(`UPDATE "PublicationVersion" SET "minorEdits" = 1 WHERE "publicationId" = $1`, [id]);
    await app.db.query(`UPDATE "Publication" SET "summaryRu" = $1 WHERE "id" = $2`, [edited, id]);
    const versions = (await call(path, `/api/v1/petitions/${closedDemoPetition}/versions`, { status: 200 })).body as {
      versions: Json[];
    };
    expect(versions.versions[0]).toMatchObject({
      minorEdits: 1,
      text: { summary: { ru: published.summaryRu } },
      edits: [
        {
          seq: 1,
          editedAt: "2026-11-21T10:40:10.000Z",
          changes: [{ field: "summaryRu", before: published.summaryRu, after: edited }],
        },
      ],
      textAfterEdits: { summary: { ru: edited } },
    });
    const detail = (await call(detailPath, `/api/v1/petitions/${closedDemoPetition}`, { status: 200 })).body as Json;
    expect(detail).toMatchObject({
      version: 1,
      minorEdits: 1,
      edits: [{ version: 1, seq: 1, editedAt: "2026-11-21T10:40:10.000Z", fields: ["summaryRu"] }],
      versionsUrl: `${app.url}/api/v1/petitions/${closedDemoPetition}/versions`,
    });
    await call(path, "/api/v1/petitions/no-such-petition/versions", { status: 404 });
  });

  it("GET /api/v1/log, …/key, …/checkpoint, …/checkpoint/{size}: the log, its key, signed checkpoints, 304, 404", async () => {
    const size = await settledLogSize();
    const info = (await callTwiceFor304("/api/v1/log", "/api/v1/log")).body as Json & {
      key: { verifierKey: string };
      checkpoint: { treeSize: number };
      witnesses: unknown[];
    };
    expect(info.checkpoint.treeSize).toBe(size);
    expect(info.witnesses).toEqual([{ name: "newsroom.example/witness", key: witness.vkey, treeSize: null }]);
    const key = await callTwiceFor304("/api/v1/log/key", "/api/v1/log/key");
    expect(key.text).toBe(`${info.key.verifierKey}\n`);
    const latest = await callTwiceFor304("/api/v1/log/checkpoint", "/api/v1/log/checkpoint");
    for (const path of ["/api/v1/log", "/api/v1/log/key", "/api/v1/log/checkpoint"])
      await call(path, `${path}?%00`, { status: 400, unrouted: true });
    expect(await verifyNoteSignature(latest.text, info.key.verifierKey)).toBe(true);
    const bySize = await callTwiceFor304("/api/v1/log/checkpoint/{size}", `/api/v1/log/checkpoint/${size}`);
    expect(bySize.text).toBe(latest.text);
    await call("/api/v1/log/checkpoint/{size}", `/api/v1/log/checkpoint/${size + 1000}`, { status: 404 });
  });

  it("GET …/log/proof/inclusion, …/proof/consistency, …/entries: proofs and pages, 304, 400, 404", async () => {
    const size = await settledLogSize();
    const inclusion = "/api/v1/log/proof/inclusion";
    const receipt = await receiptOf("oa.alma@example.kz");
    const proofs = (
      await callTwiceFor304(inclusion, `${inclusion}?petition=${demoPetition}&receipt=${receipt}&size=${size}`)
    ).body as { proofs: { seq: number }[] };
    expect(proofs.proofs.length).toBe(3); // sign, confirm, withdraw
    await call(inclusion, `${inclusion}?index=0`, { status: 200 });
    await call(inclusion, `${inclusion}?petition=${demoPetition}&seq=1`, { status: 200 });
    await call(inclusion, `${inclusion}?index=abc`, { status: 400 });
    await call(inclusion, `${inclusion}?index=${size}&size=${size}`, { status: 404 });
    await call(inclusion, `${inclusion}?petition=no-such-petition&seq=1`, { status: 404 });
    const consistency = "/api/v1/log/proof/consistency";
    const proof = (await callTwiceFor304(consistency, `${consistency}?from=3&to=${size}`)).body as { path: string[] };
    expect(proof.path.length).toBeGreaterThan(0);
    await call(consistency, `${consistency}?from=x&to=1`, { status: 400 });
    await call(consistency, `${consistency}?from=1&to=${size + 1000}`, { status: 404 });
    const entries = "/api/v1/log/entries";
    const page = (await callTwiceFor304(entries, `${entries}?start=0&end=${size}`)).body as { entries: unknown[] };
    expect(page.entries).toHaveLength(size);
    await call(entries, `${entries}?start=${size}`, { status: 200 });
    await call(entries, `${entries}?end=abc`, { status: 400 });
  });

  it("POST /api/v1/log/cosignatures: a listed witness's cosignature is kept; 400, 403, 404, 409, 413", async () => {
    const size = await settledLogSize();
    const path = "/api/v1/log/cosignatures";
    const note = await (await fetch(`${app.url}/api/v1/log/checkpoint/${size}`)).text();
    const { text } = splitNote(note);
    const post = (body: string, status: number) =>
      call(
        path,
        path,
        { status, validQuery: true },
        { method: "POST", body, headers: { "Content-Type": "text/plain; charset=utf-8" } },
      );
    const accepted = await post(`${note}${await witness.cosign(text)}\n`, 200);
    expect(accepted.body).toEqual({ treeSize: size, accepted: ["newsroom.example/witness"] });
    await post("hello", 400);
    await post(`${note}${await (await nobleWitnessKey("stranger.example/w")).cosign(text)}\n`, 403);
    const bigger = text.replace(/\n\d+\n/, `\n${size + 1000}\n`);
    await post(`${bigger}\n${await witness.cosign(bigger)}\n`, 404);
    const other = text.replace(/\n[^\n]+\n$/, `\n${Buffer.alloc(32, 9).toString("base64")}\n`);
    await post(`${other}\n${await witness.cosign(other)}\n`, 409);
    await post("x".repeat(20_000), 413);
  });

  it("GET …/response.pdf: the uploaded document byte for byte, its SHA-256 in Repr-Digest; 404 without one", async () => {
    const path = "/api/v1/petitions/{slug}/response.pdf";
    const document = Buffer.from("%PDF-1.4\n% Жауап\n%%EOF\n", "utf8");
    const sha256 = createHash("sha256").update(document).digest("hex");
    await call(path, `/api/v1/petitions/${closedDemoPetition}/response.pdf`, { status: 404 });
    await call(path, `/api/v1/petitions/no-such-petition/response.pdf`, { status: 404 });
    // Stored as an organizer's upload is (services/paper-upload.server.ts), then posted.
    await mkdir(join(app.dataDir, "paper"), { recursive: true });
    await writeFile(join(app.dataDir, "paper", `${sha256}.pdf`), document);
    const respond = (values: unknown[]) =>
      app.db.query(
        `UPDATE "Publication" SET "respondedAt" = $1, "responseDocSha256" = $2, "responseDocBytes" = $3 WHERE "slug" = $4`,
        [...values, closedDemoPetition],
      );
    await respond([app.db.kind === "sqlite" ? new Date().toISOString() : new Date(), sha256, document.length]);
    try {
      const { response, bytes } = await call(path, `/api/v1/petitions/${closedDemoPetition}/response.pdf`, {
        status: 200,
      });
      expect(Buffer.from(bytes).equals(document)).toBe(true);
      expect(response.headers.get("repr-digest")).toBe(`sha-256=:${Buffer.from(sha256, "hex").toString("base64")}:`);
    } finally {
      await respond([null, null, null]);
    }
  });

  it("exercised every documented path, method and status", () => {
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        for (const status of Object.keys(item[method]?.responses ?? {}))
          documented.add(`${method.toUpperCase()} ${path} ${status}`);
      }
    }
    const operations = (keys: Set<string>) => new Set([...keys].map((key) => key.split(" ").slice(0, 2).join(" ")));
    expect([...operations(exercised)].sort()).toEqual([...operations(documented)].sort());
    expect([...exercised].sort()).toEqual([...documented].sort());
  });
});

describe(`the API guide pages (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("renders /kk/api, /ru/api and /api/docs/en with their own headings and a link to the document", async () => {
    const pages = [
      { url: "/kk/api", heading: "Дауыстың ашық деректері және API", lang: "kk" },
      { url: "/ru/api", heading: "Открытые данные и API Дауыс", lang: "ru" },
      { url: "/api/docs/en", heading: "Dauys open data and API", lang: "kk" },
    ];
    for (const page of pages) {
      const response = await fetch(`${app.url}${page.url}`);
      expect(response.status, page.url).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<html lang="${page.lang}"`);
      expect(html).toContain(`<title>${page.heading} — Дауыс</title>`);
      expect(html).toContain(`<h1>${page.heading}</h1>`);
      expect(html).toContain('href="/api/v1/openapi.json"');
    }
    expect(await (await fetch(`${app.url}/api/docs/en`)).text()).toMatch(/<article lang="en"/);
    expect((await fetch(`${app.url}/xx/api`)).status).toBe(404);
  });
});
