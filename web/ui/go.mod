// This module only fences off node_modules: npm packages may ship .go
// files, which `go vet ./...` of the main module must not see.
module github.com/kiezgraph/kiezgraph/web/ui

go 1.26
