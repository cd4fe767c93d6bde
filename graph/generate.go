// Package graph holds gqlgen's generated executable schema and models.
// Everything else in this package is generated: do not edit it by hand;
// change schema/*.graphqls or gqlgen.yml and run `go generate ./...`.
package graph

//go:generate sh -c "cd .. && go tool gqlgen generate --config gqlgen.yml"
