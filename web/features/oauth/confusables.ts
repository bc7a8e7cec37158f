/**
 * @module
 * Letters from other scripts that look like Latin ones, for the impersonation filter: each maps to the
 * Latin letter a reader would see (after NFKC, which already folds full-width and mathematical letters).
 * Kept as data so a new look-alike is one line; both cases are listed because some lower-case forms
 * look like a different Latin letter than their capital (Greek Μ is "M", μ is "u").
 */
export const CONFUSABLE_LETTERS: Readonly<Record<string, string>> = {
  // Cyrillic
  "А": "a",
  "а": "a",
  "В": "b",
  "Ь": "b",
  "С": "c",
  "с": "c",
  "ԁ": "d",
  "Е": "e",
  "е": "e",
  "Ё": "e",
  "ё": "e",
  "Н": "h",
  "һ": "h",
  "І": "i",
  "і": "i",
  "Ї": "i",
  "ї": "i",
  "Ӏ": "i",
  "ӏ": "l",
  "Ј": "j",
  "ј": "j",
  "К": "k",
  "к": "k",
  "М": "m",
  "м": "m",
  "О": "o",
  "о": "o",
  "Р": "p",
  "р": "p",
  "г": "r",
  "Ԛ": "q",
  "ԛ": "q",
  "Ѕ": "s",
  "ѕ": "s",
  "Т": "t",
  "т": "t",
  "У": "y",
  "у": "y",
  "Ԝ": "w",
  "ԝ": "w",
  "Х": "x",
  "х": "x",
  // Greek
  "Α": "a",
  "α": "a",
  "Β": "b",
  "Ε": "e",
  "ε": "e",
  "Η": "h",
  "Ι": "i",
  "ι": "i",
  "Κ": "k",
  "κ": "k",
  "Μ": "m",
  "μ": "u",
  "Ν": "n",
  "ν": "v",
  "Ο": "o",
  "ο": "o",
  "Ρ": "p",
  "ρ": "p",
  "Τ": "t",
  "τ": "t",
  "Υ": "y",
  "υ": "u",
  "Χ": "x",
  "χ": "x",
  "Ζ": "z",
  // Latin letters that are not a–z
  "ı": "i",
  "ɪ": "i",
  "ʀ": "r",
  "ᴍ": "m",
  "ᴇ": "e",
  "ᴀ": "a",
  "ẋ": "x",
  // Digits and signs people substitute ("M1XERA", "m!xera")
  "1": "i",
  "!": "i",
  "|": "i",
  "0": "o",
  "3": "e",
  "4": "a",
  "@": "a",
};

/**
 * The Latin letters a name shows a reader: NFKC, accents dropped, look-alikes replaced, lower case,
 * everything but a–z removed.
 * @example foldConfusables("ＭＩＸＥＲＡ Login") // "mixeralogin"
 */
export function foldConfusables(text: string): string {
  const withoutMarks = text.normalize("NFKC").normalize("NFD").replace(/\p{M}/gu, "");
  return [...withoutMarks].map((ch) => CONFUSABLE_LETTERS[ch] ?? ch).join("").toLowerCase()
    .replace(/[^a-z]/g, "");
}
