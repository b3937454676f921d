# le jeu des 1 000 € — build, test and benchmark.
#
#   make run     build and serve the app on http://127.0.0.1:8080
#   make test    every test: Go (native), the core under Node wasm
#   make bench   Go benchmarks, natively and under Node wasm

GO       ?= go
GOROOT   := $(shell $(GO) env GOROOT)
WASMEXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
WASMENV  := GOOS=js GOARCH=wasm
# Packages whose tests also run compiled to wasm under Node.
WASMPKGS := ./internal/budget/... ./internal/calc/... ./internal/reader/... ./internal/dataset/... ./wasm/...

.PHONY: all pgo site test-france bench-count bench-web bench-bytes bench-data bench-france data data-france npm run web test test-go test-wasm test-node test-browser lint bench bench-go bench-wasm generate

all: test

# The browser app: the core compiled to wasm (the viewer loaded first, the
# full core with the file readers loaded on demand), next to the page,
# precompressed (gzip and brotli).
web:
	$(WASMENV) $(GO) build -trimpath -ldflags="-s -w" -tags viewer -o web/.viewer.wasm.tmp ./wasm
	$(WASMENV) $(GO) build -trimpath -ldflags="-s -w" -pgo=wasm/reader.pgo -o web/.full.wasm.tmp ./wasm
	cp "$(GOROOT)/lib/wasm/wasm_exec.js" web/.wasm_exec.js.tmp
	@# Replace a file only when it changed, so that its compressed copies stay up to date.
	@for pair in .viewer.wasm.tmp:jeu1000-viewer.wasm .full.wasm.tmp:jeu1000.wasm .wasm_exec.js.tmp:wasm_exec.js; do \
		tmp=web/$${pair%%:*}; dst=web/$${pair##*:}; \
		if cmp -s "$$tmp" "$$dst"; then rm "$$tmp"; else mv "$$tmp" "$$dst"; fi; done
	@# The service worker's versioned set: every file of the app and its hash.
	$(GO) run ./cmd/jeu1000 app-set -web web
	$(call precompress,web)
	node tools/brotli.mjs --data data/compressed

# $(call precompress,DIR): x.gz and x.br beside every file of the app in DIR
# that has none or an older one (gzip gives x.gz the time of x: same time,
# up to date).
define precompress
	find $(1) -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.webmanifest' \) \
		! -name '.*' -exec sh -c 'for f; do [ -e "$$f.gz" ] && [ ! "$$f.gz" -ot "$$f" ] || gzip -9 -n -k -f "$$f"; done' sh {} +
	node tools/brotli.mjs $(1)
endef

# The app as a folder that any static host serves as it is (GitHub Pages, a
# bucket, nginx; see the README's "Publish"): both wasm, the dataset (its
# compressed files only), compressed copies, the security headers as a
# _headers file and as a <meta> in index.html. DATA=sample (default) is the
# bundled dataset; DATA=france the full national build (make data-france).
DATA       ?= sample
DATA_DIR   ?= data/france
SITE       ?= site
# gz: the page asks for data/x.bin.gz (any static host); encoded: data/x.bin,
# for hosts that answer it from x.bin.br/x.bin.gz (nginx gzip_static).
DATA_FETCH ?= gz
SITE_DATA   = $(if $(filter france,$(DATA)),$(DATA_DIR),$(if $(filter sample,$(DATA)),data/compressed,$(error DATA=$(DATA): want sample or france)))

site: web
	$(GO) run ./cmd/jeu1000 site -web web -data $(SITE_DATA) -out $(SITE) -data-fetch $(DATA_FETCH)
	$(call precompress,$(SITE))
	node tools/brotli.mjs --data $(SITE)/data

# ADDR=0.0.0.0:8080 for a classroom network (see the README's "Publish").
ADDR ?= 127.0.0.1:8080

run: web
	$(GO) run ./cmd/jeu1000 serve -addr $(ADDR)

lint:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(WASMENV) $(GO) vet ./...

test: lint test-go test-wasm test-node test-browser test-france

# The npm package of the official list of authorities (names, codes, EPCI).
NPMDIR   := tools/npm
NPMSTAMP := $(NPMDIR)/node_modules/@etalab/decoupage-administratif/package.json

npm: $(NPMSTAMP)

$(NPMSTAMP): $(NPMDIR)/package.json $(NPMDIR)/package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --prefix $(NPMDIR)
	@touch $@

test-go: npm
	$(GO) test -count=1 ./...

test-wasm:
	$(WASMENV) $(GO) test -count=1 -exec="$(WASMEXEC)" $(WASMPKGS)

# Unit tests of the page's modules without the DOM (Node's test runner):
# e2e/unit/*.test.mjs, outside web/ so that they are not published.
test-node:
	node --test e2e/unit/

# Browser tests: the real app in Debian's headless Chromium (playwright-core).
# The top folder's files only: e2e/unit/ is test-node's.
test-browser: e2e/node_modules
	cd e2e && node --test --test-concurrency=1 *.test.mjs

e2e/node_modules: e2e/package-lock.json
	npm ci --prefix e2e --ignore-scripts --no-audit --no-fund
	touch e2e/node_modules

# Rebuild the bundled dataset from ../shared/data and the npm package
# (deterministic: CI's TestBuild/reproducible checks the committed files).
data: npm
	$(GO) run ./cmd/jeu1000 build-data -shared ../shared/data -npm $(NPMDIR) -out data/compressed -report

# Scale benchmark of the national path: a synthetic national-size balance
# (5 M rows replicated from the real ones) streamed into dataset records;
# prints rows/s, MB/s, wall time and peak RSS.
BENCH_ROWS ?= 5000000
BENCH_FILE ?= /tmp/balance-national.csv

bench-data:
	$(GO) run ./cmd/jeu1000 gen-balance -rows $(BENCH_ROWS) -out $(BENCH_FILE)
	$(GO) run ./cmd/jeu1000 bench-national -in $(BENCH_FILE) -max-seconds 20 -max-rss-mb 300
	$(GO) run ./cmd/jeu1000 bench-national -in $(BENCH_FILE) -contiguous -max-seconds 20 -max-rss-mb 300

# The full dataset (not committed): every year's DGFiP national balance,
# from BALANCES=DIR (files already downloaded, matched by year) or else
# downloaded into data/balances (resumable), built with the shared
# documents and aggregates into OUT. YEARS=2012-2025 by default (the
# years national.Slug knows); ANNEXES=1 reads the budgets annexes too.
YEARS    ?=
OUT      ?= data/france
BALANCES ?=
ANNEXES  ?=

data-france: npm
	$(GO) run ./cmd/jeu1000 data-france -out $(OUT) $(if $(YEARS),-years $(YEARS)) $(if $(BALANCES),-balances $(BALANCES)) $(if $(ANNEXES),-annexes)

# The national path at full size, by simulation (about 8 minutes on 2
# cores, 3 of them for the brotli copies unless SKIP_BROTLI=1; ~10 GB of temporary
# files under BENCH_FRANCE_DIR, removed at the end unless KEEP_BALANCES=1,
# which also lets the next run reuse them): 13 synthetic
# years on the real authorities, the data-france build on them (per year:
# rows/s, wall time, peak RSS), brotli copies, the per-view byte report,
# the browser tests on the result. Not part of `make test`.
BENCH_FRANCE_YEARS ?= 2012-2024
BENCH_FRANCE_DIR   ?= /tmp/jeu1000-bench-france
BENCH_FRANCE_OUT   ?= data/france

bench-france: npm e2e/node_modules
	GO="$(GO)" YEARS=$(BENCH_FRANCE_YEARS) DIR=$(BENCH_FRANCE_DIR) OUT=$(BENCH_FRANCE_OUT) ROWS=$(BENCH_FRANCE_ROWS) \
		KEEP_BALANCES=$(KEEP_BALANCES) SKIP_BROTLI=$(SKIP_BROTLI) \
		sh tools/bench-france.sh

# The national path end to end at small scale, in `make test`: three
# synthetic years (300,000 rows each) on the real authorities, built by
# data-france and served to the national browser tests (e2e/france.test.mjs:
# search, a commune, an EPCI, a département, a région, Paris, years side by
# side, the game's set-up). `make bench-france` runs the same at full size.
FRANCE_MINI ?= artifacts/france-mini

test-france: npm e2e/node_modules
	rm -rf $(FRANCE_MINI)
	$(GO) run ./cmd/jeu1000 gen-balance -years 2022-2024 -rows 300000 -out $(FRANCE_MINI)/balances
	$(GO) run ./cmd/jeu1000 data-france -years 2022-2024 -balances $(FRANCE_MINI)/balances -no-fetch -out $(FRANCE_MINI)/data -tmp $(FRANCE_MINI)/tmp
	cd e2e && JEU1000_DATA=$(abspath $(FRANCE_MINI))/data node --test --test-concurrency=1 france.test.mjs
	rm -rf $(FRANCE_MINI)/balances $(FRANCE_MINI)/tmp

generate:
	$(GO) generate ./...

bench: bench-go bench-wasm bench-web

# Timing harness of the browser app in headless Chromium (see e2e/bench-web.mjs),
# with Lighthouse (bench/: its own npm packages, which make test does not install).
bench-web: e2e/node_modules bench/node_modules
	node e2e/bench-web.mjs

# The bytes a permalink transfers before its first figures, per file
# (bench-web's count alone, quicker): RUNS=5, HASH=the Montreuil 2023 permalink.
bench-bytes: web e2e/node_modules
	cd e2e && node firstbytes.mjs $(or $(RUNS),5) $(HASH)

bench/node_modules: bench/package-lock.json
	npm ci --prefix bench --ignore-scripts --no-audit --no-fund
	touch bench/node_modules

bench-go: npm
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...

# Read + split of the largest real document natively and under Node wasm,
# interleaved (the machine's busy moments hit both), with the ratio of the
# medians; each run does 1000 iterations, past V8's tiering up. Then the
# same for reference byte loops over the same document (internal/wasmfloor):
# what Go's wasm code generation costs whatever the reader does.
bench-wasm:
	BENCHTIME=1000x sh tools/bench-ratio.sh ./internal/calc ReadAndSplit 5
	for k in CountByte CountByteSWAR TagBytes; do TARGET=none BENCHTIME=100x sh tools/bench-ratio.sh ./internal/wasmfloor $$k 5 || exit 1; done
	$(WASMENV) $(GO) test -run '^$$' -bench 'Decode' -benchmem -exec="$(WASMEXEC)" ./internal/pipeline/

# The same read + split counted in instructions (valgrind), collector off:
# repeatable where timings are not, to compare two versions of the code.
# Not part of `make bench` (about 4 minutes, needs valgrind).
bench-count:
	sh tools/bench-count.sh ./internal/calc ReadAndSplit

# The profile with which the full core is built (wasm/reader.pgo): see
# tools/pgo.sh. About a minute; commit the file it writes.
pgo:
	sh tools/pgo.sh
