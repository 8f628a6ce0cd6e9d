// Reads a WARC file with webrecorder's warcio (an implementation independent of xxgk's writer)
// and re-computes every digest with Node's own SHA-1: WARC-Block-Digest over the whole block,
// WARC-Payload-Digest over the HTTP body (response), the block (resource), or the record it
// refers to (revisit, which must point at an earlier record with the same payload digest).
// Also checks that an HTTP response's Content-Length matches its body and that no
// Content-Encoding is left; a response marked WARC-Truncated (a redirect body not kept) must be
// its HTTP head alone, without a payload digest. Prints one JSON summary line; exit 1 on any mismatch.
// Usage: node check_warc.mjs FILE.warc.gz
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { WARCParser } from "warcio";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function base32(bytes) {
  let bits = 0, value = 0, out = "";
  for (const b of bytes) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += ALPHABET[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}
const sha1 = (bytes) => "sha1:" + base32(createHash("sha1").update(bytes).digest());

const errors = [];
const counts = {};
let truncated = 0;
const byId = new Map();
const parser = new WARCParser(createReadStream(process.argv[2]), { parseHttp: false });
for await (const record of parser) {
  const h = record.warcHeaders.headers;
  const type = record.warcType;
  counts[type] = (counts[type] || 0) + 1;
  const block = await record.readFully(false);
  const id = h.get("WARC-Record-ID");
  const where = `${type} ${h.get("WARC-Target-URI") || ""}`;
  if (sha1(block) !== h.get("WARC-Block-Digest")) errors.push(`${where}: block digest`);
  if (Number(h.get("Content-Length")) !== block.length) errors.push(`${where}: Content-Length`);
  let payloadDigest = null;
  if (type === "response" || type === "revisit" || type === "request") {
    const text = Buffer.from(block);
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) { errors.push(`${where}: no end of HTTP head`); continue; }
    const head = text.subarray(0, end).toString("latin1").toLowerCase();
    const body = text.subarray(end + 4);
    if (type === "response" && h.get("WARC-Truncated")) {
      // A body not kept (a large redirect body): the head only, and no digest of a payload
      // that is not there.
      truncated += 1;
      if (body.length !== 0) errors.push(`${where}: truncated record with a body`);
      if (h.get("WARC-Payload-Digest")) errors.push(`${where}: truncated record with a payload digest`);
    } else if (type === "response") {
      payloadDigest = sha1(body);
      const m = head.match(/\r\ncontent-length: *(\d+)/);
      if (!m || Number(m[1]) !== body.length) errors.push(`${where}: HTTP Content-Length`);
      if (/\r\ncontent-encoding:/.test(head)) errors.push(`${where}: Content-Encoding left`);
    }
    if (type === "revisit") {
      if (body.length !== 0) errors.push(`${where}: revisit with a body`);
      const original = byId.get(h.get("WARC-Refers-To"));
      if (!original) errors.push(`${where}: refers to an unknown record`);
      else payloadDigest = original.payloadDigest;
      if (h.get("WARC-Profile") !== "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest") {
        errors.push(`${where}: profile`);
      }
    }
  } else if (type === "resource") {
    payloadDigest = sha1(block);
  }
  if (payloadDigest !== null && payloadDigest !== h.get("WARC-Payload-Digest")) {
    errors.push(`${where}: payload digest`);
  }
  byId.set(id, { payloadDigest });
}
console.log(JSON.stringify({ counts, truncated, errors: errors.length }));
for (const e of errors.slice(0, 20)) console.error(e);
process.exit(errors.length ? 1 : 0);
