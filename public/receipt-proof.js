// Checks a receipt's place in the site's signed log in the browser (docs/ledger.md, "The witnessed
// log"): fetches the latest checkpoint, the receipt's inclusion proofs in it, recomputes the root
// from each leaf with WebCrypto's SHA-256 (RFC 9162 2.1.3.2) and, where the browser has Ed25519,
// checks the checkpoint's signature with the site's published key. Strings come from the page.
(() => {
  const bytes = (text) => new TextEncoder().encode(text);
  const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
  const fromBase64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const sha256 = async (...parts) => {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
    return new Uint8Array(await crypto.subtle.digest("SHA-256", all));
  };
  const node = (left, right) => sha256(Uint8Array.of(1), left, right);

  async function included(leaf, index, size, path, root) {
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of path) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await node(p, r);
        while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
      } else r = await node(r, p);
      [fn, sn] = [fn >> 1, sn >> 1];
    }
    return sn === 0 && same(r, root);
  }

  async function signed(text, signatures) {
    try {
      const [name, id, b64] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/
        .exec((await (await fetch("/api/v1/log/key")).text()).trim())
        .slice(1);
      const key = await crypto.subtle.importKey("raw", fromBase64(b64).slice(1), { name: "Ed25519" }, false, [
        "verify",
      ]);
      const line = signatures.find((l) => l.startsWith(`\u2014 ${name} `));
      const sig = fromBase64(line.split(" ")[2]);
      return (
        Array.from(sig.slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("") === id &&
        (await crypto.subtle.verify({ name: "Ed25519" }, key, sig.slice(4), bytes(text)))
      );
    } catch {
      return false; // no Ed25519 in this browser: the proof is still checked
    }
  }

  async function check(section) {
    // Nothing of this receipt is in a checkpoint yet: the page already says when it will be, and
    // asking for a proof in a log that lacks the entry would only fail.
    if (!section.dataset.seqs) return;
    const out = section.querySelector("[data-browser]");
    out.hidden = false;
    out.textContent = section.dataset.checking;
    section.dataset.state = "checking";
    try {
      const note = await (await fetch("/api/v1/log/checkpoint", { cache: "no-store" })).text();
      const at = note.lastIndexOf("\n\n");
      const text = note.slice(0, at + 1);
      const [, size, rootB64] = text.split("\n");
      const root = fromBase64(rootB64);
      const query = new URLSearchParams({ petition: section.dataset.petition, receipt: section.dataset.receipt, size });
      const answer = await (await fetch(`/api/v1/log/proof/inclusion?${query}`)).json();
      const wanted = new Set(section.dataset.seqs.split(",").filter(Boolean).map(Number));
      for (const proof of answer.proofs) {
        const leaf = await sha256(Uint8Array.of(0), bytes(`${proof.petition}|${proof.seq}|${proof.hash}`));
        const ok =
          proof.petition === section.dataset.petition &&
          (await included(leaf, proof.index, Number(size), proof.path.map(fromHex), root));
        if (!ok) throw new Error(`entry ${proof.seq}`);
        wanted.delete(proof.seq);
      }
      if (wanted.size) throw new Error("missing entries");
      const isSigned = await signed(text, note.slice(at + 2).split("\n"));
      out.textContent = section.dataset.ok.replace("{{size}}", size) + (isSigned ? ` ${section.dataset.signed}` : "");
      section.dataset.state = isSigned ? "verified-signed" : "verified";
    } catch {
      out.textContent = section.dataset.failed;
      section.dataset.state = "failed";
    }
  }

  window.dauysCheckReceipts = () => document.querySelectorAll("[data-receipt-proof]").forEach(check);
  window.dauysCheckReceipts();
})();
