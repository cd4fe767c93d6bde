// Package graph holds gqlgen's generated executable schema and models.
// Everything else in this package but slice.go (and its test) is
// generated: do not edit it by hand; change schema/*.graphqls or
// gqlgen.yml and run `go generate ./...`. The second step has the
// generated code marshal lists with marshalSlice (slice.go) instead of a
// goroutine per element.
package graph

//go:generate sh -c "cd .. && go tool gqlgen generate --config gqlgen.yml"
//go:generate sh -c "sed -i 's/graphql[.]MarshalSliceConcurrently(/marshalSlice(/' *.generated.go"
