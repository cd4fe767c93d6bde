// Credentials of this browser tab: a bearer token kept in sessionStorage
// (gone when the tab closes), never in a URL.
const KEY = 'kiezgraph.token';

export function getToken(): string | null {
  return sessionStorage.getItem(KEY);
}
export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token.trim());
  else sessionStorage.removeItem(KEY);
}
