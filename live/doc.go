// Package live tells subscribers which records changed, so that
// dashboards can fetch them again (the GraphQL subscription `changes`).
//
// One Hub per process polls the store while anyone listens: every
// Interval it reads the audit entries it has not seen (every write
// through any replica of kiezgraph appends one in its own transaction)
// together with the data version (the bookmark Neo4j returns, which
// names the last committed transaction by anyone). Entries become
// changes of records; a version that moved by more transactions than
// there are new entries means that a writer bypassed kiezgraph (an
// import, a bulk load, Cypher in Neo4j Browser), and becomes one
// ChangeUnknown: the graph changed, records unknown, fetch everything
// again. So no protocol runs between replicas, and every replica
// announces every change within about one Interval.
//
// Subscribers see only changes of records they may read, by the store's
// own rules (store.Store.Visible), evaluated when the change is
// announced. A record that no longer exists, or that the subscriber can
// no longer see, cannot be checked against a rule any more; it is
// announced only to subscribers who read every record (Access.Unrestricted).
// Delivery never blocks the hub: each subscriber has a buffer, and one
// that lets it fill is dropped (EndSlow), as is one whose credentials
// expire (EndExpired).
package live
