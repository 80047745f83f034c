import { en } from './en.js';
import type { Messages } from './messages.js';
import { vi } from './vi.js';

export type { Messages } from './messages.js';

/** Locales the CLI speaks. */
export const LOCALES = ['vi', 'en'] as const;
/** A locale the CLI speaks. */
export type Locale = (typeof LOCALES)[number];

const TABLES: Readonly<Record<Locale, Messages>> = { vi, en };

/** The translation table of a locale. */
export function getMessages(locale: Locale): Messages {
  return TABLES[locale];
}

/** True for `vi` and `en`. */
export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/**
 * Picks the output language: the `--lang` value when given, else the first of `DOTVN_LANG`,
 * `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and non-empty (POSIX precedence, with our own
 * variable first). Values starting with `vi` (`vi`, `vi_VN.UTF-8`, `vi-VN`) mean Vietnamese;
 * anything else, or nothing, means English.
 */
export function selectLocale(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Locale {
  if (flag !== undefined && isLocale(flag)) return flag;
  for (const variable of ['DOTVN_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[variable];
    if (value !== undefined && value !== '') return /^vi(?:[_.@-]|$)/i.test(value) ? 'vi' : 'en';
  }
  return 'en';
}
