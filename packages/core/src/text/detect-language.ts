const STOPWORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(["the", "and", "of", "to", "in", "said", "that", "is", "was", "for", "on", "with"]),
  de: new Set([
    "der",
    "die",
    "und",
    "das",
    "den",
    "nicht",
    "mit",
    "ist",
    "sich",
    "auf",
    "dem",
    "ein",
  ]),
  fr: new Set(["le", "la", "les", "et", "des", "est", "une", "dans", "pour", "qui", "du", "au"]),
  es: new Set(["el", "los", "las", "y", "del", "que", "una", "por", "con", "para", "es", "se"]),
  it: new Set(["il", "di", "che", "della", "per", "sono", "gli", "nel", "alla", "non", "un", "ha"]),
  pt: new Set(["o", "os", "da", "do", "que", "não", "uma", "com", "para", "em", "dos", "as"]),
};

/** A cheap stopword vote over the first 300 words; null unless one language clearly wins. */
export function detectLanguage(text: string): string | null {
  const words = text
    .slice(0, 2000)
    .toLowerCase()
    .split(/[^a-z\u00e0-\u00ff]+/);
  let best: string | null = null;
  let bestScore = 0;
  let second = 0;
  for (const [lang, set] of Object.entries(STOPWORDS)) {
    let score = 0;
    for (const w of words) if (set.has(w)) score++;
    if (score > bestScore) {
      second = bestScore;
      bestScore = score;
      best = lang;
    } else if (score > second) second = score;
  }
  return bestScore >= 3 && bestScore >= second * 1.5 ? best : null;
}
