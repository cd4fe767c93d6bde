package store

// SharedForExternalTests gives the tests of package store_test, which may
// import packages that import store (the importer), the shared store of
// this test binary; nil without Neo4j.
func SharedForExternalTests() *Store { return testStore }
