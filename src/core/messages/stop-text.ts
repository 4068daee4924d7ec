import type { Language } from './language';
import type { Stop } from './stops';
import { describeError } from './texts';

/**
 * A stop in words for a person, in `lang`: its rule's text, else its errcode's. Undefined for a
 * record kept before stops were, whose `reason` is all there is. The module that reads records
 * for people imports the rule texts of its area, so every rule it may meet is worded.
 */
export const stopText = (stop: Stop | undefined, lang: Language): string | undefined => (stop ? describeError(stop.errcode, stop, lang) : undefined);
