// Retold's Worker entry: one Go instance per isolate, handed every request.
//
// syumai/workers' generated worker.mjs instantiates the Go program for each
// request (and its Go side exits after the first response), which pays Go's
// start-up and the index load on every request. This entry instantiates the
// module once, on the first request an isolate sees, and keeps it: the Go
// side (main.go) registers context.binding.inbox and .handle, exports
// retold_handle_now, calls context.ready(), then waits for ever; Go decides
// every status, header and limit.
//
// A request crosses as bytes in Go's own memory, not as JS values: the entry
// writes its head ("method\nurl\n" and a "name: value" line per header) and
// body (cut at MAX_BODY and marked tooLarge) into an inbox, memory Go handed
// out for it, and passes only numbers. First it calls the exported
// retold_handle_now, a plain WebAssembly call, which answers at once whatever
// needs no storage I/O (reads of the served index: every match, the health
// check) and leaves the answer's status and the place of its header lines
// and body in an outbox; only when it declines (writes, the index's periodic
// refresh) does the request go through binding.handle, a js.Func, whose
// calls cost Go's event hand-off (tens of microseconds, 0.2 ms on a
// request's first) but may wait on D1 and KV: Go replies later through
// context.reply with the same numbers. The answer is copied out of Go's
// memory at once. If the Go program ever exits, the next request starts a
// new one.
//
// With SERVER_TIMING = "1" (the load test sets it) every answer carries a
// Server-Timing header saying where its time went: "in" from the request's
// arrival to the call into Go (reading the body, the headers), "go" from
// there until Go's answer is copied out (the request written, the crossing
// both ways and the handler, whose own parts Go adds), "out" building the
// Response. Locally the clock runs; a
// deployed Worker's stands still while it computes, so there it would say 0.
//
// wasm_exec.js is the one `workers-assets-gen -mode=go` writes (Go's own,
// with go.run taking the context object that Go reads as globalThis.context).
import "../../build/worker/wasm_exec.js";
import mod from "../../build/worker/app.wasm";

// MAX_BODY is api.MaxBody: the largest body Go is ever handed.
const MAX_BODY = 24 << 20;

// context is what Go sees as globalThis.context: syumai/workers' d1 package
// reads env from it, main.go registers its binding on it and calls reply.
const context = { env: undefined, ctx: undefined, binding: {}, ready: undefined, reply };

// INBOX_KEEP is the largest request (head and body) written into the inbox
// Go keeps; a larger one gets memory of its own, which Go drops after it.
const INBOX_KEEP = 64 << 10;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
let instance = null; // the Go program's, for its memory
let outbox = 0; // where Go's handleNow leaves an answer
let inbox = { at: 0, size: 0 }; // Go's kept inbox, as far as the entry asked for it
const waiting = new Map(); // request id -> resolve, until Go replies
let nextId = 1;

// reply is what Go calls with a request's answer: the status, and where
// its header lines and body lie in Go's memory, which it keeps unchanged
// until this returns: both are copied out here.
function reply(id, status, headAt, headLen, bodyAt, bodyLen) {
  const resolve = waiting.get(id);
  if (!resolve) return;
  waiting.delete(id);
  resolve(answer(status, headAt, headLen, bodyAt, bodyLen));
}

// answer copies an answer out of Go's memory.
function answer(status, headAt, headLen, bodyAt, bodyLen) {
  const buf = instance.exports.mem.buffer;
  return {
    status,
    headers: decoder.decode(new Uint8Array(buf, headAt, headLen)),
    body: bodyLen > 0 ? new Uint8Array(buf.slice(bodyAt, bodyAt + bodyLen)) : null,
    at: performance.now(),
  };
}

// send writes a request into Go's memory and hands it over; the promise is
// Go's answer.
function send(request, lines, body, tooLarge) {
  const head = request.method + "\n" + request.url + "\n" + lines;
  const need = head.length * 3 + (body ? body.byteLength : 0); // UTF-8 takes at most 3 bytes a UTF-16 unit
  let at = inbox.at;
  if (need > INBOX_KEEP) {
    at = context.binding.inbox(need, false);
  } else if (need > inbox.size) {
    inbox = { at: context.binding.inbox(need, true), size: need };
    at = inbox.at;
  }
  if (typeof at !== "number") return Promise.reject(at);
  const mem = new Uint8Array(instance.exports.mem.buffer, at, need);
  const { written } = encoder.encodeInto(head, mem);
  if (body) mem.set(body, written);
  const bodyLen = body ? body.byteLength : -1;
  if (instance.exports.retold_handle_now(at, written, bodyLen, tooLarge ? 1 : 0) === 1) {
    const o = new Int32Array(instance.exports.mem.buffer, outbox, 5);
    return answer(o[0], o[1], o[2], o[3], o[4]);
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    waiting.set(id, resolve);
    const err = context.binding.handle(id, at, written, bodyLen, tooLarge);
    if (err) {
      waiting.delete(id);
      reject(err);
    }
  });
}

// syumai/workers' jsutil.TryCatch calls this global.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

let started = null; // a promise: the Go program is ready

function start(env) {
  if (started) return started;
  context.env = env;
  started = new Promise((resolve, reject) => {
    const go = new Go();
    instance = new WebAssembly.Instance(mod, go.importObject);
    inbox = { at: 0, size: 0 };
    context.ready = () => {
      outbox = instance.exports.retold_outbox();
      resolve();
    };
    go.run(instance, context).then(
      () => { started = null; },
      (e) => { started = null; reject(e); },
    );
  });
  return started;
}

// readBody reads at most MAX_BODY bytes of a request's body: at once when
// its length is declared, else chunk by chunk.
async function readBody(request) {
  if (!request.body) return { body: null, tooLarge: false };
  const declared = request.headers.get("content-length");
  if (Number(declared || 0) > MAX_BODY) {
    await request.body.cancel();
    return { body: null, tooLarge: true };
  }
  if (declared !== null) {
    const body = new Uint8Array(await request.arrayBuffer());
    return body.byteLength > MAX_BODY ? { body: null, tooLarge: true } : { body, tooLarge: false };
  }
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY) {
      await reader.cancel();
      return { body: null, tooLarge: true };
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return { body: chunks[0], tooLarge: false };
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return { body, tooLarge: false };
}

function jsonError(status, message) {
  return new Response(JSON.stringify({ error: message, status }) + "\n", {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8" },
  });
}

export default {
  async fetch(request, env, ctx) {
    const timing = env.SERVER_TIMING === "1";
    const t0 = timing ? performance.now() : 0;
    try {
      await start(env);
      const { body, tooLarge } = await readBody(request);
      let lines = "";
      for (const [k, v] of request.headers) lines += k + ": " + v + "\n";
      const t1 = timing ? performance.now() : 0;
      const res = await send(request, lines, body, tooLarge);
      const status = res.status;
      const headers = new Headers();
      for (const line of res.headers.split("\n")) {
        const at = line.indexOf(": ");
        if (at > 0) headers.append(line.slice(0, at), line.slice(at + 2));
      }
      if (timing) {
        const ms = (d) => d.toFixed(3);
        headers.append("Server-Timing", `in;dur=${ms(t1 - t0)}, go;dur=${ms(res.at - t1)}, out;dur=${ms(performance.now() - res.at)}`);
      }
      const empty = status === 204 || status === 304 || request.method === "HEAD";
      return new Response(empty ? null : res.body, { status, headers });
    } catch (e) {
      return jsonError(500, "worker error: " + String(e && e.message ? e.message : e));
    }
  },
};
