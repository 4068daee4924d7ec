/**
 * The characters a new username may use (docs/security.md and the error text say the same), apart
 * from ./username-key.ts so the request schemas (and the console, which checks its forms with them)
 * do not load Unicode's confusables table: Chinese characters (Han), Latin letters, the digits 0-9,
 * "_", "." and "-", written in their ordinary form (NFKC: no full-width or mathematical-styled
 * letters, no combining marks left apart). Names registered before keep working whatever they hold.
 */
export const usernameCharacters = /^[\p{Script=Han}\p{Script=Latin}0-9_.-]+$/u;
export const usernameCharactersMessage = 'Chinese characters (汉字), Latin letters, digits 0-9, "_", "." and "-" only';
export const isOrdinaryForm = (username: string): boolean => username === username.normalize('NFKC');
export const ordinaryFormMessage = 'ordinary characters only: no full-width (全角) or styled (𝐛𝐨𝐥𝐝) forms';
