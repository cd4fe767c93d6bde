// Package domain holds kiezgraph's vocabulary: the types of the cooperation
// network (places, actors, people, services, needs, cooperations, networks,
// events), their enumerations, filters and paging, and the sentinel errors
// every layer speaks. It imports nothing of ours and nothing of Neo4j or
// GraphQL; the store fills these types, the resolvers expose them.
package domain
