// Retold's Worker entry: one Go instance per isolate, handed every request.
//
// syumai/workers' generated worker.mjs instantiates the Go program for each
// request (and its Go side exits after the first response), which pays Go's
// start-up and the index load on every request. This entry instantiates the
// module once, on the first request an isolate sees, and keeps it: the Go
// side (main.go) registers context.binding.handle and calls context.ready(),
// then waits for ever. Each request is handed over as a few plain arguments
// (method, URL, the headers as one "name: value" line each, the body as
// bytes, cut at MAX_BODY and marked tooLarge) with a function Go calls once
// with the status, the headers (the same lines) and the body; Go decides
// every status, header and limit. Plain strings and one byte array rather
// than objects: every JS value Go holds costs it a reference and a finalizer,
// which was a tenth of a small request's time. If the Go program ever exits,
// the next request starts a new one.
//
// With SERVER_TIMING = "1" (the load test sets it) every answer carries a
// Server-Timing header saying where its time went: "in" from the request's
// arrival to the call into Go (reading the body, the headers), "go" in that
// call until Go replies (the crossing both ways and the handler, whose own
// parts Go adds), "out" building the Response. Locally the clock runs; a
// deployed Worker's stands still while it computes, so there it would say 0.
//
// wasm_exec.js is the one `workers-assets-gen -mode=go` writes (Go's own,
// with go.run taking the context object that Go reads as globalThis.context).
import "../../build/worker/wasm_exec.js";
import mod from "../../build/worker/app.wasm";

// MAX_BODY is api.MaxBody: the largest body Go is ever handed.
const MAX_BODY = 24 << 20;

// context is what Go sees as globalThis.context: syumai/workers' d1 package
// reads env from it, and main.go registers its binding on it.
const context = { env: undefined, ctx: undefined, binding: {}, ready: undefined };

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
    context.ready = resolve;
    const go = new Go();
    const instance = new WebAssembly.Instance(mod, go.importObject);
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
      let t2 = 0;
      const res = await new Promise((resolve, reject) => {
        const err = context.binding.handle(
          (status, headers, body) => {
            if (timing) t2 = performance.now();
            resolve({ status, headers, body });
          },
          request.method, request.url, lines, body, tooLarge,
        );
        if (err) reject(err);
      });
      const status = res.status;
      const headers = new Headers();
      for (const line of res.headers.split("\n")) {
        const at = line.indexOf(": ");
        if (at > 0) headers.append(line.slice(0, at), line.slice(at + 2));
      }
      if (timing) {
        const ms = (d) => d.toFixed(3);
        headers.append("Server-Timing", `in;dur=${ms(t1 - t0)}, go;dur=${ms(t2 - t1)}, out;dur=${ms(performance.now() - t2)}`);
      }
      const empty = status === 204 || status === 304 || request.method === "HEAD";
      return new Response(empty ? null : res.body, { status, headers });
    } catch (e) {
      return jsonError(500, "worker error: " + String(e && e.message ? e.message : e));
    }
  },
};
