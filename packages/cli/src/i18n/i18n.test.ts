import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { getMessages, selectLocale } from './index.js';
import { vi } from './vi.js';

/** Every key path of a table, functions as leaves. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keyPaths(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

describe('selectLocale', () => {
  it('prefers --lang over every environment variable', () => {
    expect(selectLocale('en', { DOTVN_LANG: 'vi', LANG: 'vi_VN.UTF-8' })).toBe('en');
    expect(selectLocale('vi', { LANG: 'en_US.UTF-8' })).toBe('vi');
  });

  it('reads DOTVN_LANG, LC_ALL, LC_MESSAGES then LANG, skipping empty ones', () => {
    expect(selectLocale(undefined, { DOTVN_LANG: 'vi', LC_ALL: 'en_US.UTF-8' })).toBe('vi');
    expect(selectLocale(undefined, { DOTVN_LANG: '', LC_ALL: 'vi_VN.UTF-8', LANG: 'en_US' })).toBe('vi');
    expect(selectLocale(undefined, { LC_ALL: 'C', LC_MESSAGES: 'vi_VN' })).toBe('en');
    expect(selectLocale(undefined, { LC_MESSAGES: 'vi-VN', LANG: 'en_GB.UTF-8' })).toBe('vi');
    expect(selectLocale(undefined, { LANG: 'vi' })).toBe('vi');
  });

  it('falls back to English for other languages and when nothing is set', () => {
    expect(selectLocale(undefined, {})).toBe('en');
    expect(selectLocale(undefined, { LANG: 'fr_FR.UTF-8' })).toBe('en');
    // "video" is not Vietnamese: only vi followed by a separator or the end counts.
    expect(selectLocale(undefined, { LANG: 'video' })).toBe('en');
  });

  it('ignores an invalid --lang value (the caller reports it) and uses the environment', () => {
    expect(selectLocale('fr', { LANG: 'vi_VN.UTF-8' })).toBe('vi');
  });
});

describe('translation tables', () => {
  it('have the same keys in Vietnamese and English', () => {
    expect(keyPaths(vi).sort()).toEqual(keyPaths(en).sort());
  });

  it('are returned by locale', () => {
    expect(getMessages('vi')).toBe(vi);
    expect(getMessages('en')).toBe(en);
  });

  it('write Vietnamese with its diacritics', () => {
    expect(vi.dns.answerSection).toBe(';; PHẦN TRẢ LỜI:');
    expect(vi.failure.kinds.timeout).toBe('hết thời gian chờ');
    expect(vi.help.dns).toContain('Mã thoát:');
  });

  it('document the same exit codes in both help texts', () => {
    const codes = (text: string) => [...text.matchAll(/^ {2}(\d+) {2,}/gm)].map((m) => m[1]);
    expect(codes(vi.help.dns)).toEqual(['0', '1', '2', '3', '64', '70']);
    expect(codes(en.help.dns)).toEqual(codes(vi.help.dns));
  });
});
