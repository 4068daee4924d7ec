import './rule-texts';
/**
 * The characters a new username may use (docs/security.md and the error text say the same), apart
 * from ./username-key.ts so the request schemas (and the console, which checks its forms with them)
 * do not load Unicode's confusables table: Chinese characters (Han), Latin letters, the digits 0-9,
 * "_", "." and "-", written in their ordinary form (NFKC: no full-width or mathematical-styled
 * letters, no combining marks left apart). Names registered before keep working whatever they hold.
 */
export const usernameCharacters = /^[\p{Script=Han}\p{Script=Latin}0-9_.-]+$/u;
/** Rules of ./rule-texts.ts: the error text says the same, in the reader's language. */
export const usernameCharactersMessage = 'format.username';
export const isOrdinaryForm = (username: string): boolean => username === username.normalize('NFKC');
export const ordinaryFormMessage = 'username.ordinaryForm';
