# scry: `make run` records this host briefly and queries it (or the nearest thing that
# exists), `make test` runs the suite.
GO        ?= go
SPEC      ?= ../shared/spec
BIN       ?= bin/scry
FUZZTIME  ?= 30s
# scry needs no cgo (only net's name resolver would use it, and Go's own resolver serves):
# a static binary starts without the dynamic loader and libc's threads, about 1 ms sooner.
CGO_ENABLED ?= 0

.PHONY: all build test run bench fuzz generate generate-bpf check-bpf vmlinux lint clean

all: build

build:
	CGO_ENABLED=$(CGO_ENABLED) $(GO) build -o $(BIN) ./cmd/scry

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...

run: build
	./scripts/run-demo.sh $(BIN)

bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Every fuzz target of every package, FUZZTIME each (make fuzz FUZZTIME=5m).
fuzz:
	@set -e; for pkg in $$(grep -rl --include='*_test.go' '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for f in $$(grep -h '^func Fuzz' $$pkg/*_test.go | sed 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/'); do \
			echo "== $$pkg $$f"; $(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME); \
		done; \
	done

generate: generate-bpf
	$(GO) run ./internal/schemagen/cmd/schemagen -spec $(SPEC) -out formats/schema/tables_gen.go

# The eBPF probe: drivers/bpf/*.c,h compiled by bpf2go (a Go tool pinned in go.mod) into
# drivers/probe/{btf,rawtp}_bpfel.{go,o}, which are committed so that building scry needs
# no clang. Regenerating needs clang, llvm-strip and libbpf-dev headers.
generate-bpf:
	cd drivers/probe && $(GO) generate ./...

# CI check: the committed probe objects match their sources (fails on any difference).
check-bpf: generate-bpf
	git diff --exit-code -- drivers/probe

# Refresh drivers/bpf/vmlinux.h from the running kernel's BTF (CO-RE relocates the
# probe to other kernels at load time, so this is rarely needed).
vmlinux:
	bpftool btf dump file /sys/kernel/btf/vmlinux format c > drivers/bpf/vmlinux.h

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...

clean:
	rm -rf bin
