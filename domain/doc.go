// Package domain holds kiezgraph's vocabulary: the types of the cooperation
// network (places, actors, people, services, needs, cooperations, networks,
// events), their enumerations, filters and paging, and the sentinel errors
// every layer speaks. It imports nothing of ours and nothing of Neo4j;
// the store fills these types, the resolvers expose them. The one thing
// it knows of GraphQL is that its enumerations marshal themselves for
// gqlgen (MarshalGQL/UnmarshalGQL in enums.go), so that the schema's
// enums bind to them without a copy in the API layer.
package domain
