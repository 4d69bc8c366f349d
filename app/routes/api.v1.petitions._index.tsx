import { apiJson } from "~/lib/api.server.ts";
import { petitionList } from "~/models/petition-api.server.ts";

export async function loader() {
  return apiJson(await petitionList());
}
