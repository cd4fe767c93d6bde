// Runs graphql-http's audit suite of the GraphQL-over-HTTP spec against
// the endpoint named by the first argument, e.g.
//
//   node audit.mjs http://127.0.0.1:8080/graphql
//
// and prints one JSON line per audit: {"id", "name", "status", "reason"}.
// status is "ok", or "error" (a failed MUST), "warn" (a failed SHOULD) or
// "notice" (a failed MAY). It judges nothing itself: the Go test that
// runs it (TestGraphQLOverHTTPAudit in server/) fails on every audit that
// is not ok. The exit code is 0 whenever the suite ran, 2 on bad usage
// and 1 when the suite itself failed (e.g. the server was unreachable).
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

try {
  const results = await auditServer({ url });
  for (const r of results) {
    console.log(JSON.stringify({ id: r.id, name: r.name, status: r.status, reason: r.reason ?? '' }));
  }
} catch (err) {
  console.error(`graphql-http audit could not run against ${url}: ${err?.stack ?? err}`);
  process.exit(1);
}
