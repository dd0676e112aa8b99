# bounce-milter: build, run, test.
GO      ?= go
BIN     ?= bin/bounce-milter
FULL    ?= $(dir $(BIN))bounce-milter-full
PKGS    ?= ./...
FUZZTIME ?= 60s

.PHONY: all build generate run classify-demo test unit e2e e2e-preflight bench fuzz vet fmt corpus-score man deb clean

all: build

# build: the program twice, as the package installs it: bounce-milter-full
# is all of it; bounce-milter (tag front) runs classify and version itself
# and hands every other command to bounce-milter-full next to it, so that
# classify starts without what only serve and spool use. Static binaries
# (nothing needs cgo): they start without the dynamic loader and libc.
build:
	CGO_ENABLED=0 $(GO) build -o $(FULL) ./cmd/bounce-milter
	CGO_ENABLED=0 $(GO) build -tags front -o $(BIN) ./cmd/bounce-milter

# generate: rebuild what is generated from the tables (classify/textindexdata.go
# after a change to classify/texts/*.tsv or a provider's texts; a test
# fails while it is stale).
generate:
	$(GO) generate ./classify

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

# man: rewrite docs/bounce-milter.8 from the flags' definitions.
man:
	$(GO) generate ./cmd/bounce-milter

# deb: bin/bounce-milter_VERSION_ARCH.deb, with nfpm (tools/go.mod keeps it
# out of the main module): the static binaries as /usr/sbin/bounce-milter
# and /usr/sbin/bounce-milter-full (see build), the systemd unit, the default config in /etc/bounce-milter/, the man page,
# the docs and contrib files. VERSION defaults to the last v* tag, or
# 0.0.0~git<date>.<commit>.
GOARCH  ?= $(shell $(GO) env GOARCH)
VERSION ?= $(shell git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//; s/-\([0-9]*\)-g/+git\1./' | grep . || \
	echo 0.0.0~git$$(git log -1 --format=%cd --date=format:%Y%m%d).$$(git rev-parse --short HEAD))
deb:
	mkdir -p bin/deb
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/deb/bounce-milter-full ./cmd/bounce-milter
	CGO_ENABLED=0 $(GO) build -tags front -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/deb/bounce-milter ./cmd/bounce-milter
	gzip -9n < docs/bounce-milter.8 > bin/deb/bounce-milter.8.gz
	sh packaging/copyright.sh bin/deb/bounce-milter-full > bin/deb/copyright
	cd tools && $(GO) build -o ../bin/nfpm github.com/goreleaser/nfpm/v2/cmd/nfpm
	VERSION=$(VERSION) GOARCH=$(GOARCH) bin/nfpm package --config packaging/nfpm.yaml --packager deb \
		--target bin/bounce-milter_$(VERSION)_$(GOARCH).deb
	@echo "make deb: bin/bounce-milter_$(VERSION)_$(GOARCH).deb"

clean:
	rm -rf bin
