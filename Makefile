# scry: `make run` records this host briefly and queries it (or the nearest thing that
# exists), `make test` runs the suite.
GO        ?= go
SPEC      ?= ../shared/spec
BIN       ?= bin/scry
FUZZTIME  ?= 30s

.PHONY: all build test run bench fuzz generate lint clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/scry

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

run: build
	./scripts/run-demo.sh $(BIN)

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...

fuzz:
	$(GO) test ./formats/scap -run '^$$' -fuzz FuzzReader -fuzztime $(FUZZTIME)

generate:
	$(GO) run ./internal/schemagen/cmd/schemagen -spec $(SPEC) -out formats/schema/tables_gen.go

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

clean:
	rm -rf bin
