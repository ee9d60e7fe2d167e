// Preloaded (node --require) for the wasm benchmarks of package main: syumai/workers reads globalThis.context when it loads, as entry.mjs provides it.
globalThis.context = { binding: {} };
