# Retold's script runner. `make help` lists the targets; each says why it exists.

GO          ?= go
SHARED      ?= ../shared
BUILD       := build
TOOLS       := $(BUILD)/tools
STATICCHECK := $(TOOLS)/staticcheck
STATICCHECK_VERSION := v0.8.2
WASM_EXEC   := $(shell $(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
FUZZTIME    ?= 20s
# The Go packages: listed, not ./..., so a Go package some npm module ships in node_modules is not ours to vet.
PKGS        := ./shared/... ./scripts/... ./wasm/...

.DEFAULT_GOAL := build
.PHONY: build help demo test lint unit wasm-test cli-test fuzz bench eval lexicon langpacks clean worker worker-dev test-worker bench-worker

## build: the command-line front end at build/retold
build:
	@mkdir -p $(BUILD)
	$(GO) build -o $(BUILD)/retold ./scripts/retold

## help: list the targets
help:
	@grep -E '^## ' $(MAKEFILE_LIST) | sed 's/^## /  /'

## demo: the quick start: build, index the seed corpus, print the sample page's flags, then show them as a reader sees them (build/demo.png)
demo: build ext-deps extension-dev
	$(BUILD)/retold index -o $(BUILD)/seeds.idx shared/corpus/seeds/*.txt
	$(BUILD)/retold analyze -index $(BUILD)/seeds.idx docs/sample/page.html
	SHARED=$(abspath $(SHARED)) CHROMIUM=$(CHROMIUM) node scripts/screenshot.mjs $(BUILD)/demo.png docs/sample/page.html
	@echo "The extension in headless Chromium, a highlighted page with its popover open: $(BUILD)/demo.png"

## test: every test: formatting, vet, staticcheck, unit tests natively and compiled to wasm, the CLI end to end
test: lint unit wasm-test cli-test test-worker test-extension test-sync

## lint: gofmt, go vet and the pinned staticcheck, all clean
lint: $(STATICCHECK)
	@out=$$(gofmt -l shared scripts wasm 2>/dev/null); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(STATICCHECK) $(PKGS)

# staticcheck is pinned and installed into build/tools, so every machine runs the same checks.
$(STATICCHECK):
	@mkdir -p $(TOOLS)
	GOBIN=$(abspath $(TOOLS)) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## unit: the Go tests, natively (shared/pretty is its own module: go.mod's replace of tidwall/pretty)
unit:
	$(GO) test $(PKGS)
	cd shared/pretty && $(GO) vet . && $(GO) test .

## wasm-test: the engine's tests compiled to WebAssembly and run under Node, as the extension runs them
wasm-test:
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_EXEC)" ./shared/...

## cli-test: the README quick start, checked end to end
cli-test: build
	bash scripts/cli_test.sh $(BUILD)/retold

## fuzz: run each fuzz target for FUZZTIME (default 20s)
fuzz:
	@for t in $$(grep -rhoE --include=*_test.go '^func Fuzz[A-Za-z0-9_]+' shared | sed 's/func //' | sort -u); do \
		pkg=$$(grep -rlE --include=*_test.go "^func $$t\(" shared | head -1 | xargs dirname); \
		echo "fuzz $$t in $$pkg"; $(GO) test ./$$pkg -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

## bench: print the benchmark table: analyze beside html.Parse, index load, match cost at 10k/100k/1M corpus sentences
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./shared/...
	$(GO) run ./scripts/bench -shared $(SHARED)

## eval: precision and recall on the development set in ../shared/eval (both protocols), and the Emergent headlines check
eval: build
	python3 $(SHARED)/eval/score.py --cli $(BUILD)/retold
	python3 $(SHARED)/eval/score.py --cli $(BUILD)/retold --protocol multi
	$(GO) run ./scripts/evalemergent -data $(SHARED)/data

## lexicon: regenerate the lexicon's data files from WordNet (Debian wordnet-base, iso-codes) and ../shared/data
lexicon:
	@test -d /usr/share/wordnet -a -f /usr/share/iso-codes/json/iso_3166-1.json || (apt-get update && apt-get install -y wordnet-base iso-codes)
	$(GO) run ./scripts/lexgen -data $(SHARED)/data

## langpacks: regenerate the language packs (shared/lexicon/packs) and the language profiles from CLDR, tzdata and stopwords-iso
STOPWORDS_ISO := stopwords-iso@1.1.0
langpacks:
	@test -d /usr/share/unicode/cldr/common/main -a -f /usr/share/zoneinfo/zone.tab -a -f /usr/share/unicode/Unihan_Readings.txt.bz2 || (apt-get update && apt-get install -y unicode-cldr-core tzdata unicode-data)
	@test -f $(BUILD)/langdata/package/stopwords-iso.json || (mkdir -p $(BUILD)/langdata && cd $(BUILD)/langdata && npm pack --silent $(STOPWORDS_ISO) && tar xzf stopwords-iso-1.1.0.tgz)
	$(GO) run ./scripts/langgen -stopwords $(BUILD)/langdata/package/stopwords-iso.json

# --- Extraction (issue 3): the extractor's quality and speed on the public sets in $(SHARED)/data ---
.PHONY: eval-extract bench-extract

## eval-extract: extraction P/R/F1 on the article-extraction benchmark, trafilatura's news snippets and Readability's news pages
eval-extract:
	$(GO) run ./scripts/evalextract -shared $(SHARED)

## bench-extract: extract.Extract beside a bare html.Parse of the benchmark pages, natively and compiled to wasm under Node
bench-extract:
	$(GO) run ./scripts/benchextract -shared $(abspath $(SHARED))
	GOOS=js GOARCH=wasm $(GO) run -exec="$(WASM_EXEC)" ./scripts/benchextract -shared $(abspath $(SHARED))

## clean: remove everything built
clean:
	rm -rf $(BUILD) dist

# --- The Worker backend (wasm/worker) -------------------------------------------------------------
WORKER      := $(BUILD)/worker
WRANGLER    := node_modules/.bin/wrangler
WORKER_ENV  := WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

## worker: the Worker's WebAssembly and Go's wasm_exec.js in build/worker (syumai/workers' workers-assets-gen -mode=go)
worker:
	@mkdir -p $(WORKER)
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER)/assets
	cp $(WORKER)/assets/wasm_exec.js $(WORKER)/wasm_exec.js
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags=-s -o $(WORKER)/app.wasm ./wasm/worker
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/worker

# wrangler 4.86.0 is pinned in package-lock.json (newer ones need Node 22).
$(WRANGLER):
	npm ci

# A local signing key and token for worker-dev, made once (build/ is ignored).
$(WORKER)/dev.key: | build
	@mkdir -p $(WORKER)
	$(BUILD)/retold keygen -o $@ > $(WORKER)/dev.pub

## worker-dev: the Worker under wrangler dev on 127.0.0.1:8787, fresh local D1 and KV, the seed corpus until articles are added
worker-dev: worker $(WRANGLER) $(WORKER)/dev.key
	printf 'ADMIN_TOKEN=dev-token\nSIGNING_KEY=%s\n' "$$(cat $(WORKER)/dev.key)" > $(WORKER)/dev.vars
	rm -rf wasm/worker/.wrangler $(WORKER)/state
	@echo "token: dev-token  public key: $$(cat $(WORKER)/dev.pub)"
	cd wasm/worker && $(WORKER_ENV) ../../$(WRANGLER) dev --ip 127.0.0.1 --port 8787 \
		--persist-to ../../$(WORKER)/state --env-file ../../$(WORKER)/dev.vars

## test-worker: the Worker under wrangler dev on a free loopback port: ingest, index, match, claims, upload, and bad input
test-worker: worker build $(WRANGLER)
	$(WORKER_ENV) $(GO) run ./wasm/worker/itest -retold $(BUILD)/retold

## bench-worker: p50/p99 and errors of /v1/match (a new isolate, then cold and warm answer cache) and /healthz under wrangler dev at concurrency 1, 4, 16 and at 1 without wrangler's proxy, where the time goes, and the Go benchmarks of the handler and the crossing
# The match bodies are the development pages in $(SHARED)/eval/pages, read in place (the sample page without them).
bench-worker: worker $(WRANGLER)
	$(WORKER_ENV) $(GO) run ./wasm/worker/itest -bench $(if $(wildcard $(SHARED)/eval/pages),-pages $(SHARED)/eval/pages)
	@echo "--- the handler, the engine alone, an answer from the cache, the JSON answer and GC: natively, then in Node's WebAssembly"
	$(GO) test -run=- -bench=Match ./wasm/worker/api
	GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_EXEC)" -run=- -bench=Match ./wasm/worker/api
	@echo "--- the crossing between entry.mjs and Go, in Node's WebAssembly"
	NODE_OPTIONS=--require=$(abspath wasm/worker/testdata/context.cjs) GOOS=js GOARCH=wasm $(GO) test -exec="$(WASM_EXEC)" -bench=. ./wasm/worker

# ---- The browser extension (issue 4) ----
.PHONY: extension extension-dev package test-extension bench-extension screenshot extension-wasm ext-deps test-sync
EXT_WASM    := $(BUILD)/retold.wasm
EXT_DEV_WASM := $(BUILD)/retold-dev.wasm
EXT_SOURCES := $(shell find wasm/extension extension shared -type f 2>/dev/null) manifest.json scripts/build-extension.mjs go.mod go.sum
CHROMIUM    ?= /usr/bin/chromium

# The engine for the extension: small (-s -w, -trimpath) and the same bytes on every build; without
# lexicon.bin inside (tag retold_lexicon_file): build-extension.mjs ships it as a file beside the wasm.
EXT_TAGS    := retold_lexicon_file
# The shipped engine leaves out the bare html.Parse that bench-extension times analyze against
# (tag retold_noparse: extraction builds its own tree from x/net/html's tokenizer, so nothing else
# needs the parser; 49 KB of brotli). dist/chrome-dev, which the tests and the benchmark load,
# keeps it.
EXT_SHIP_TAGS := $(EXT_TAGS),retold_noparse
# Packages the extension links but hardly runs are compiled without inlining, which is code size
# bought for speed: fmt, reflect and internal/fmtsort (only x/net/html's internal errors reach
# fmt), syscall/js (a few calls per page), and tidwall's gjson, match and pretty (one JSON-LD block
# per page). Together 10 KB of the brotli-compressed wasm.
EXT_COLD    := fmt reflect internal/fmtsort syscall/js github.com/tidwall/gjson github.com/tidwall/match github.com/tidwall/pretty
$(EXT_WASM): $(EXT_SOURCES)
	@mkdir -p $(BUILD)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -tags $(EXT_SHIP_TAGS) $(foreach p,$(EXT_COLD),-gcflags=$(p)=-l) -ldflags='-s -w -buildid=' -o $@ ./wasm/extension
$(EXT_DEV_WASM): $(EXT_SOURCES)
	@mkdir -p $(BUILD)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -tags $(EXT_TAGS) $(foreach p,$(EXT_COLD),-gcflags=$(p)=-l) -ldflags='-s -w -buildid=' -o $@ ./wasm/extension

## extension-wasm: the engine compiled to WebAssembly for the extension, at build/retold.wasm
extension-wasm: $(EXT_WASM)

## extension: the unpacked extension for Chromium (dist/chrome/) and Firefox (dist/firefox/)
extension: $(EXT_WASM)
	node scripts/build-extension.mjs chrome dist/chrome $(EXT_WASM)
	node scripts/build-extension.mjs firefox dist/firefox $(EXT_WASM)

## extension-dev: dist/chrome-dev/, which also scans http://127.0.0.1 and http://localhost pages without asking (for tests)
extension-dev: $(EXT_DEV_WASM)
	node scripts/build-extension.mjs chrome-dev dist/chrome-dev $(EXT_DEV_WASM)

## package: the store zips and the source archive Firefox's store asks for, byte for byte reproducible
package: extension
	node scripts/package-extension.mjs dist

# The browser tests need Debian's chromium and the npm tools of package-lock.json.
ext-deps:
	@test -x $(CHROMIUM) || (apt-get update && apt-get install -y chromium)
	@test -d node_modules/playwright-core || npm ci

## test-extension: the extension in headless Chromium on pages served from 127.0.0.1, web-ext lint, axe-core
test-extension: ext-deps extension extension-dev
	SHARED=$(abspath $(SHARED)) CHROMIUM=$(CHROMIUM) node scripts/exttest/run.mjs
	npx --no-install web-ext lint --source-dir dist/firefox --self-hosted --output text

## test-sync: the dev extension in headless Chromium syncing from the Worker under wrangler dev: 200, 304, new articles, a wrong key, the Worker gone
test-sync: ext-deps extension-dev worker $(WRANGLER)
	$(GO) build -o $(BUILD)/worker-itest ./wasm/worker/itest
	ITEST=$(abspath $(BUILD)/worker-itest) CHROMIUM=$(CHROMIUM) $(WORKER_ENV) node scripts/exttest/sync.mjs

## bench-extension: cold start, page load to highlights, analyze beside html.Parse in the same wasm, wasm size
bench-extension: ext-deps extension extension-dev
	@node -e "require.resolve('@mozilla/readability')" 2>/dev/null || npm ci
	node scripts/build-extension.mjs chrome-dev build/bench-shipped $(EXT_WASM)
	SHARED=$(abspath $(SHARED)) CHROMIUM=$(CHROMIUM) START_EXT=$(abspath build/bench-shipped) node scripts/bench-extension.mjs

## screenshot: docs/screenshot.png, a highlighted page with its popover open, made by headless Chromium
screenshot: ext-deps extension-dev
	SHARED=$(abspath $(SHARED)) CHROMIUM=$(CHROMIUM) node scripts/screenshot.mjs docs/screenshot.png
