// The one GraphQL client of the app: one place for the endpoint, the
// credentials and the shape of errors. Queries go as automatic persisted
// queries over GET (the hash first; the full text only when the service
// does not know the hash yet), mutations as POST, subscriptions over the
// WebSocket of api/live.ts.
import { Client, fetchExchange, subscriptionExchange, type AnyVariables, type TypedDocumentNode, CombinedError } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { sha256 } from 'js-sha256';
import { getToken } from '../auth';
import { liveClient } from './live';
import { problemsOf, type ApiProblem } from '../apimessages';

export type { ApiProblem };

/** A failed request: network trouble or GraphQL errors, with their codes. */
export class ApiError extends Error {
  constructor(readonly problems: ApiProblem[], readonly network: boolean) {
    super(problems.map((p) => p.message).join('; '));
  }
  has(code: string): boolean { return this.problems.some((p) => p.code === code); }
}

function toApiError(e: CombinedError): ApiError {
  if (e.networkError && e.graphQLErrors.length === 0) {
    return new ApiError([{ message: e.networkError.message, code: 'NETWORK' }], true);
  }
  return new ApiError(e.graphQLErrors.flatMap(problemsOf), false);
}

export const client = new Client({
  url: '/graphql',
  // A hash computed in JavaScript, not by crypto.subtle, which browsers
  // offer only on https and localhost.
  exchanges: [
    persistedExchange({ preferGetForPersistedQueries: true, generateHash: async (query) => sha256(query) }),
    subscriptionExchange({
      forwardSubscription: (request) => ({
        subscribe: (sink) => ({ unsubscribe: liveClient().subscribe({ ...request, query: request.query ?? '' }, sink) }),
      }),
    }),
    fetchExchange,
  ],
  preferGetMethod: 'within-url-limit',
  requestPolicy: 'network-only',
  fetchOptions: () => {
    const token = getToken();
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    return { headers };
  },
});

/** Runs a query and returns its data, or throws ApiError. */
export async function query<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, vars: V): Promise<D> {
  const res = await client.query(doc, vars).toPromise();
  if (res.error) throw toApiError(res.error);
  return res.data as D;
}

/** Runs a mutation and returns its data, or throws ApiError. */
export async function mutate<D, V extends AnyVariables>(doc: TypedDocumentNode<D, V>, vars: V): Promise<D> {
  const res = await client.mutation(doc, vars).toPromise();
  if (res.error) throw toApiError(res.error);
  return res.data as D;
}
