const STOPWORDS: Readonly<Record<string, readonly string[]>> = {
  en: ["the", "and", "of", "to", "in", "said", "that", "is", "was", "for", "on", "with"],
  de: ["der", "die", "und", "das", "den", "nicht", "mit", "ist", "sich", "auf", "dem", "ein"],
  fr: ["le", "la", "les", "et", "des", "est", "une", "dans", "pour", "qui", "du", "au"],
  es: ["el", "los", "las", "y", "del", "que", "una", "por", "con", "para", "es", "se"],
  it: ["il", "di", "che", "della", "per", "sono", "gli", "nel", "alla", "non", "un", "ha"],
  pt: ["o", "os", "da", "do", "que", "não", "uma", "com", "para", "em", "dos", "as"],
};
const LANGS = Object.keys(STOPWORDS);
const INDEX = new Map<string, number[]>();
for (const [i, lang] of LANGS.entries()) {
  for (const w of STOPWORDS[lang] ?? []) INDEX.set(w, [...(INDEX.get(w) ?? []), i]);
}

/** A cheap stopword vote over the first ~1500 characters; null unless one language clearly wins. */
export function detectLanguage(text: string): string | null {
  const scores = new Array<number>(LANGS.length).fill(0);
  for (const w of text
    .slice(0, 1500)
    .toLowerCase()
    .split(/[^a-z\u00e0-\u00ff]+/)) {
    const hits = INDEX.get(w);
    if (hits) for (const i of hits) scores[i] = (scores[i] ?? 0) + 1;
  }
  let best = -1;
  let bestScore = 0;
  let second = 0;
  for (const [i, score] of scores.entries()) {
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = i;
    } else if (score > second) second = score;
  }
  return best >= 0 && bestScore >= 3 && bestScore >= second * 1.5 ? (LANGS[best] ?? null) : null;
}
