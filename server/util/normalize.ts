/** Email addresses are compared case-insensitively and without surrounding space. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Keywords and examples as entered: trimmed, without blanks or repeats, in their first order. */
export function uniquePhrases(phrases: string[]): string[] {
  return [...new Set(phrases.map((phrase) => phrase.trim()).filter(Boolean))];
}
