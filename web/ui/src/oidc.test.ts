import { expect, test } from 'vitest';
import { challengeOf } from './oidc';

// RFC 7636, appendix B.
test('the S256 code challenge of the RFC example', () => {
  expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});
