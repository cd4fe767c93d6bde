// Package noninterference generates GraphQL read documents from the
// service's schema, for the non-interference test beside it: every root
// query field, its filter arguments and nested edges, filled from pools
// of ids, words and days, reproducibly from a seed. The test runs the
// documents as each role before and after adding records that role may
// not see, and requires byte-identical answers.
package noninterference
