// Package importer reads import files (CSV, JSON, JSON Lines) of every
// entity and link type of kiezgraph and writes them to the store, merged
// by external key: importing a file again changes nothing, a changed row
// updates its record in place, and rows never become duplicates. The
// formats are described in examples/import/FORMAT.md.
//
// An import streams each file twice. The first pass checks every row
// (columns, types, dates, enumerations, vocabulary codes, the store's own
// validation, references to earlier rows, files or stored records) and
// keeps only hashes of the keys it has seen, and which of them are
// stored; the second writes the good rows in batches, one transaction
// each, Options.Workers at a time, while the next batch is read. Memory
// therefore grows with the number of keys (about 16 bytes each), not
// with the size of the rows.
//
// Rows whose records are not stored yet are written with CREATE instead
// of MERGE (see store.ImportBatch.New), which makes first imports of big
// files much faster; should such a record exist after all, the batch is
// refused by a uniqueness constraint and retried as merges.
//
// Files of other standards are imported through File.Open: a package
// such as hsds translates its records into rows of a file type (Rows),
// and the importer checks and writes them like rows of its own files,
// with problems at the lines of the original file.
package importer
