# kiezgraph: the two commands of the quick start are `make run` and `make test`.
SHELL := /bin/bash
GO    ?= go
# Where `make run` keeps its Neo4j data, and the Bolt port it uses.
NEO4J_DATA ?= $(CURDIR)/.cache/neo4j-data
NEO4J_PORT ?= 7687
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

# Development secrets of `make run` and `make token`; never deploy them.
DEV_JWT_SECRET       ?= kiezgraph-dev-only-secret-do-not-deploy
DEV_PSEUDONYM_KEY    ?= kiezgraph-dev-only-pseudonym-key
DEV_ID_KEY           ?= kiezgraph-dev-only-person-id-key
export KIEZGRAPH_JWT_SECRET    ?= $(DEV_JWT_SECRET)
export KIEZGRAPH_PSEUDONYM_KEY ?= $(DEV_PSEUDONYM_KEY)
export KIEZGRAPH_ID_KEY        ?= $(DEV_ID_KEY)

.PHONY: run test faulttest check generate build neo4j-start neo4j-stop seed python-deps node-deps token fuzz bulk-import web webtest chromium web-if-missing bench-api

## run: start Neo4j, apply the schema, load the demo city, serve on :8080
## (the dashboard at /app/ is built first when missing)
run: web-if-missing build neo4j-start
	NEO4J_URI=bolt://127.0.0.1:$(NEO4J_PORT) NEO4J_USER=neo4j NEO4J_PASSWORD=unused \
	KIEZGRAPH_CORS_ORIGINS=$${KIEZGRAPH_CORS_ORIGINS:-http://localhost:5173} \
	  ./bin/kiezgraph serve -seed-demo

## bulk-import: replace the dev database with import files through Neo4j's offline importer,
## much faster than `kiezgraph import` for a first load; then `make run` serves it (and loads the demo city beside it):
##   make bulk-import FILES=examples/import
# Where bulk-import writes its CSV files for neo4j-admin; a directory of an
# earlier bulk-import (holding import.args) is emptied first, any other
# non-empty one is refused by kiezgraph import -bulk.
BULK_DIR ?= $(CURDIR)/.cache/bulk-import
bulk-import: build
	@test -n "$(FILES)" || { echo "usage: make bulk-import FILES='dir-or-files'"; exit 2; }
	if [ -f "$(BULK_DIR)/import.args" ]; then rm -rf -- "$(BULK_DIR)"; fi
	./bin/kiezgraph import -bulk "$(BULK_DIR)" $(FILES)
	scripts/neo4j.sh stop $(NEO4J_DATA)
	scripts/neo4j.sh bulk-import $(NEO4J_DATA) "$(BULK_DIR)"
	scripts/neo4j.sh start $(NEO4J_DATA) $(NEO4J_PORT)
	NEO4J_URI=bolt://127.0.0.1:$(NEO4J_PORT) NEO4J_USER=neo4j NEO4J_PASSWORD=unused ./bin/kiezgraph migrate

## bench-api: kiezgraph's reads against @neo4j/graphql on the same Neo4j and data
## (README, "Benchmarks: reads against @neo4j/graphql"): SIZES="5000 50000" by default,
## report in bench/api/RESULTS.md; BENCH_API_SIZE=tiny is the short run of `make test`
bench-api:
	bench/api/run.sh

## token: print a development token for `make run`, e.g.
##   make token ROLE=COORDINATOR DISTRICTS=nbh_nord SUB=anna
ROLE ?= ADMIN
SUB  ?= $(USER)
DISTRICTS ?=
token: build
	@./bin/kiezgraph token -sub "$(or $(SUB),dev)" -role $(ROLE) -districts "$(DISTRICTS)"

## test: static checks, then every test against a throw-away Neo4j
## (export read-back tests use NetworkX and python-igraph, the HSDS export
## test jsonschema; all are installed here when missing; the GraphQL-over-HTTP
## audit uses Node.js and npm graphql-http), the read benchmark at its tiny size (same
## answers as @neo4j/graphql; no speed asserted), the analysis cache and the
## change feed under the race detector, then the dashboard's browser tests
test: check python-deps node-deps
	KIEZGRAPH_REQUIRE_NEO4J=1 KIEZGRAPH_REQUIRE_PYTHON=1 KIEZGRAPH_REQUIRE_NODE=1 scripts/with-neo4j.sh $(GO) test -p 1 -count=1 -timeout 30m ./...
	$(GO) test -race -count=1 ./insights ./live
	$(MAKE) bench-api BENCH_API_SIZE=tiny
	$(MAKE) fuzz FUZZTIME=$(CI_FUZZTIME)
	$(MAKE) webtest

# Fuzz time of `make fuzz` (the 72 seeds alone take about 40 s) and of
# the bounded fuzz run that `make test` ends with. The latter counts
# inputs instead of seconds: a duration races Go's fuzz coordinator
# (golang/go#75804, fixed in Go 1.27, not in 1.26.x), which then fails
# with "context deadline exceeded" and no failing input, most often on a
# loaded machine; 300 inputs take about 45 s here.
FUZZTIME    ?= 2m
CI_FUZZTIME ?= 300x

## fuzz: hostile strings through the API into a throw-away Neo4j for FUZZTIME
## (a failing input lands in server/testdata/fuzz/FuzzActorText/: commit it)
fuzz:
	KIEZGRAPH_REQUIRE_NEO4J=1 scripts/with-neo4j.sh $(GO) test -p 1 -run '^$$' -fuzz '^FuzzActorText$$' \
	  -fuzztime $(FUZZTIME) -fuzzminimizetime 10x -parallel 1 ./server/

## faulttest: only the fault tests (Neo4j killed and restarted, hung or slow, racing writes);
## `make test` runs them too
faulttest:
	KIEZGRAPH_REQUIRE_NEO4J=1 scripts/with-neo4j.sh $(GO) test -p 1 -count=1 -v -run 'Fault|DatabaseDownAndBack' ./server/

python-deps:
	@python3 -c 'import networkx' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check networkx==3.6.1
	@python3 -c 'import igraph' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check igraph==1.0.0
	@python3 -c 'import jsonschema, rfc3986_validator, rfc3339_validator' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check 'jsonschema[format-nongpl]==4.26.0'

## node-deps: graphql-http's audit suite of the GraphQL-over-HTTP spec, at the version of its
## lockfile, for TestGraphQLOverHTTPAudit in server/ (which `make test` runs)
AUDIT_DIR := server/testdata/graphql-http
node-deps:
	cd $(AUDIT_DIR) && npm ci --no-audit --no-fund --prefer-offline

## check: formatting, vet, staticcheck and up-to-date generated code
check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) generate ./...
	@git diff --exit-code -- graph/ resolvers/ || { echo "generated code is stale: run 'go generate ./...' and commit"; exit 1; }

## generate: regenerate gqlgen's code from schema/*.graphqls
generate:
	$(GO) generate ./...

build:
	$(GO) build -o bin/kiezgraph ./cmd/kiezgraph

## web: build the dashboard and GraphiQL (web/ui) into web/dist/build, which the binary embeds
web:
	cd web/ui && npm ci --no-audit --no-fund && npm run build

# `make run` builds the dashboard only when no build is there yet.
web-if-missing:
	@test -f web/dist/build/index.html || $(MAKE) web

## chromium: Debian's Chromium for the browser tests (never a browser downloaded by a test tool)
chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## webtest: the dashboard in headless Chromium against the service with the demo city in a throw-away Neo4j
## (screenshots of every view in web/ui/test-artefacts/)
webtest: chromium web build
	cd web/ui && npm test
	KIEZGRAPH_BIN=$(CURDIR)/bin/kiezgraph scripts/with-neo4j.sh bash -c 'cd web/ui && npm run e2e'

## seed: load the demo city into the running Neo4j
seed: build
	NEO4J_URI=bolt://127.0.0.1:$(NEO4J_PORT) ./bin/kiezgraph seed

neo4j-start:
	scripts/neo4j.sh start $(NEO4J_DATA) $(NEO4J_PORT)

neo4j-stop:
	scripts/neo4j.sh stop $(NEO4J_DATA)
