import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { apiJson } from "~/lib/api.server.ts";
import type { LogInfo } from "~/models/api-contract.server.ts";
import { latestCheckpoint, logSigner, logVerifierKey, witnessStatus } from "~/models/log.server.ts";

// What a witness or a verifier needs to start: the log's origin, its key, the latest checkpoint
// and the witnesses this site lists (decision 035).
export async function loader({ request }: LoaderFunctionArgs) {
  const base = config().publicUrl;
  const [latest, witnesses] = await Promise.all([latestCheckpoint(), witnessStatus()]);
  const signer = logSigner();
  return apiJson(
    {
      origin: config().logOrigin,
      key: {
        name: signer.name,
        keyId: signer.keyId.toString("hex"),
        publicKey: signer.publicKey.toString("base64"),
        verifierKey: logVerifierKey(),
      },
      checkpoint: latest && {
        treeSize: latest.treeSize,
        rootHash: latest.rootHash,
        time: latest.createdAt.toISOString(),
        url: `${base}/api/v1/log/checkpoint/${latest.treeSize}`,
      },
      checkpointIntervalSeconds: Math.round(config().checkpointIntervalMs / 1000),
      witnesses: witnesses.map((witness) => ({ name: witness.name, key: witness.key, treeSize: witness.treeSize })),
    } satisfies LogInfo,
    { request, headers: { "Cache-Control": "public, max-age=2" } },
  );
}
