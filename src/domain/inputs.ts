// Input pieces the association's deciders share: bounded text and ids made from names.
import { z } from 'zod';

/**
 * Text that must say something: at most `max` characters as given, stored without surrounding
 * whitespace (which never carries meaning in a title, label, note, heading or body), and not empty
 * once trimmed. The one rule for required text in every decider.
 */
export const nonBlank = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .transform((s) => s.trim())
    .refine((s) => s.length > 0, 'must not be empty');

/**
 * A name of a person or organisation, in any script: trimmed, at most `max` characters, with at
 * least one letter (any Unicode letter, \p{L}) or digit.
 */
export const personName = (max: number) =>
  nonBlank(max).refine((s) => s.length === 0 || /[\p{L}\p{N}]/u.test(s), 'must contain a letter or a digit');

/** Optional text: absent, null or blank all mean "not given". */
export const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((s) => (s && s.trim() ? s.trim() : null));

/**
 * A readable id part from an organisation's name: lower-case ASCII letters, digits and hyphens, so
 * the same organisation named twice (e.g. in two copies of one newsletter issue) gets the same id.
 * Empty when the name has no ASCII letter or digit. Never used for people: their ids are opaque.
 */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
}

/** True when slugFromName keeps every letter of the name (accents aside): `Zoë` yes, `Łódź` or `Київ` no. */
export function slugKeepsEveryLetter(name: string): boolean {
  return !/[^\x00-\x7F]/.test(
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\p{P}\p{Z}\p{S}]/gu, ''),
  );
}
