# bounce-milter: build, run, test.
GO      ?= go
BIN     ?= bin/bounce-milter
PKGS    ?= ./...
FUZZTIME ?= 60s

.PHONY: all build run classify-demo test unit e2e e2e-preflight bench fuzz vet fmt corpus-score clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/bounce-milter

# run: the main job with embedded defaults: the milter on inet:127.0.0.1:10025.
run: build
	$(BIN) serve

# classify-demo: classify the bundled corpus, one JSON line per recipient.
classify-demo: build
	$(BIN) classify --format json testdata/corpus/bsd

# test: everything CI runs. The end-to-end part needs root: as root it
# installs the MTA packages itself (.ci/install-mta.sh); otherwise it stops
# at once with one line saying what to run. It never passes without them.
test: e2e-preflight vet unit e2e

unit:
	$(GO) test -count=1 $(PKGS)

e2e-preflight:
	@bash .ci/e2e.sh --preflight

e2e:
	@bash .ci/e2e.sh

vet:
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt needed"; exit 1; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# fuzz: run each fuzz target of each package for FUZZTIME.
fuzz:
	@for p in $$($(GO) list ./...); do \
		for t in $$($(GO) test -list '^Fuzz' $$p | grep ^Fuzz); do \
			echo "== $$p $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$p || exit 1; done; done

# corpus-score: the README's quality table, from testdata/corpus/labels.tsv.
corpus-score:
	$(GO) run ./internal/cmd/corpus-score -dir testdata/corpus

clean:
	rm -rf bin
