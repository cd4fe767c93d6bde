// Package hsds reads and writes Open Referral's Human Services Data
// Specification (HSDS) 3.0 in its JSON representation: services with
// their organization, service areas, locations and taxonomy terms
// embedded, one record or an array of them or an API page
// ({"contents": [...]}) per file; and it reads HSDS's tabular form, a
// directory of CSV tables linked by ids.
//
// Reading translates HSDS records into rows of the importer's file types
// (organizations into actors, services into services) and hands them to
// package importer through importer.File.Open, so that an HSDS import
// merges by key, checks, batches, reports progress and lists bad rows
// as FILE:LINE: FIELD: REASON exactly as any other import. What HSDS
// cannot say in kiezgraph's terms (which neighbourhood a service area
// is, which target group or topic a taxonomy term means, which kind and
// sector an organization has) comes from a Mapping.
//
// Writing exports the services valid on a day, with their providers,
// service areas and target groups and topics as taxonomy terms of the
// "kiezgraph" taxonomy. Such terms and service areas map themselves when
// the file is imported again, so a round trip needs no mapping file.
// Identifiers are UUIDs derived from kiezgraph's ids (see UUID).
package hsds
