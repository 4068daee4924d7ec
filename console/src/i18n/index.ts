import { useEffect, useState } from 'preact/hooks';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

/** The console's languages: Simplified Chinese by default, English switchable and remembered. */
export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export type { MessageKey };

const storageKey = 'socialinzen.lang';
const dictionaries: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const listeners = new Set<() => void>();

const stored = (): Language => {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
};

let current: Language = stored();

export const language = (): Language => current;

export const setLanguage = (next: Language): void => {
  current = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
};

/** The message for `key` in the current language, with `{name}` placeholders filled in. */
export const t = (key: MessageKey, values: Record<string, string | number> = {}): string =>
  dictionaries[current][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/** Whether the console has words for `key` (a key made from data, e.g. an area's name). */
export const hasMessage = (key: string): key is MessageKey => key in dictionaries[current];

/** Re-renders the calling component when the language changes. */
export const useLanguage = (): Language => {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((n) => n + 1);
    listeners.add(listener);
    return () => void listeners.delete(listener);
  }, []);
  return current;
};

document.documentElement.lang = current;
