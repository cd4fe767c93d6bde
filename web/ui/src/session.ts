// Who is signed in, as the service says (`me`), read once per token.
import { query } from './api/client';
import { MeQuery } from './api/queries';
import type { MeQuery as MeData } from './gql/graphql';

let me: MeData['me'] | null = null;

export async function refreshMe(): Promise<MeData['me']> {
  me = (await query(MeQuery, {})).me;
  return me;
}
export function currentMe(): MeData['me'] | null { return me; }
/** Whether the form for edits is offered; the service still decides each edit. */
export function canEdit(): boolean { return me?.role === 'ADMIN' || me?.role === 'COORDINATOR'; }
