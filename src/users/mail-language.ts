import { pickLanguage, type Language } from '../core/messages/language';

/**
 * The language of the mails a request causes: the language its answer speaks (Simplified Chinese
 * unless Accept-Language prefers English; the console sends the language the user picked).
 */
export type MailLanguage = Language;

export const mailLanguage = (headers: Record<string, string | undefined>): MailLanguage => pickLanguage(headers['accept-language']);
