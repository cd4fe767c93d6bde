// Package noninterference generates GraphQL read documents from the
// service's schema, for the non-interference test beside it.
//
// Generate walks every root field of the query type. For a field with
// arguments it makes one document without optional arguments, one per
// focus (each argument and each field of an input argument; each value
// of a single enum, such as an ordering, read 100 records wide; each
// day of the pool for a single date; each id argument twice, once
// from the whole pool of ids and once with a probe id, passed alone),
// and documents with arguments drawn at random up to Options.MinDocs.
// Arguments are filled from the schema's types: enums by their values,
// ids from a Pool by the record type the argument's name says (with
// some ids of any type and of none), dates, words. Each document selects
// every leaf of its result and nested records to a bounded depth within
// a field budget that each nested field shares, nested fields taking
// turns to lead; inline fragments cover interfaces (fields of the same
// name and different types get an alias naming their type). Everything
// is drawn from a math/rand seeded by Options.Seed.
//
// The test (noninterference_test.go) runs the documents as a public
// caller, a viewer and a coordinator of one district and a researcher,
// before and after adding records the caller may not see, and requires
// byte-identical answers.
package noninterference
