// The peer of `make bench-api`: @neo4j/graphql over kiezgraph's Neo4j,
// served by @apollo/server's standalone HTTP server. No authorisation:
// kiezgraph is measured with an ADMIN token, which sees everything too.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic("neo4j", "unused"));
const typeDefs = readFileSync(new URL("./typeDefs.graphql", import.meta.url), "utf8");
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
if (process.argv[2] === "--print-schema") {
  const { printSchema } = await import("graphql");
  console.log(printSchema(schema));
  await driver.close();
  process.exit(0);
}
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT) },
  context: async () => ({ sessionConfig: { database: "neo4j" } }),
});
console.log(`peer ready at ${url}`);
