import type { Lifecycle } from "@newswire/schemas";
import { hammingDistance } from "./simhash.js";

/**
 * Fingerprints at most this many bits apart are one text, give or take a trivial change.
 * Measured on the chain fixtures (`npm run eval:chains`, docs/ARCHITECTURE.md "Story
 * versions"): re-sends with other headers or line wrapping are 0 bits apart, one changed word
 * in a 66-word story 5; different stories 21 or more. A correction of one figure (2 to 6 bits)
 * or a withhold that repeats the text (0) is as close as a re-send, so the text alone cannot
 * tell them apart: `isRepeat` also compares what the copy states of itself.
 */
export const NEAR_DUPLICATE_BITS = 6;

/** Two fingerprints (`lifecycle.fingerprint`) of the same text, give or take a trivial change. */
export function isNearDuplicate(a: string, b: string): boolean {
  return hammingDistance(a, b) <= NEAR_DUPLICATE_BITS;
}

/**
 * `b` repeats `a` (the same copy re-sent: another feed, distributor or header): the same story
 * and the same stated version, status and signal, and a near-duplicate text. What the current
 * stage marks `duplicateOf` rather than taking as a new version.
 */
export function isRepeat(a: Lifecycle, b: Lifecycle): boolean {
  return (
    a.storyKey === b.storyKey &&
    a.version === b.version &&
    a.pubStatus === b.pubStatus &&
    a.signal === b.signal &&
    isNearDuplicate(a.fingerprint, b.fingerprint)
  );
}

/**
 * Which of two versions of one story (same `storyKey`) the copy says is newer: negative when
 * `a` is older, positive when newer, 0 when the copy does not tell (then arrival order decides,
 * which is the stateful stage's call). By the stated version, then the stated version time.
 */
export function compareVersions(a: Lifecycle, b: Lifecycle): number {
  if (a.version !== null && b.version !== null && a.version !== b.version)
    return a.version - b.version;
  if (a.versionTime !== null && b.versionTime !== null && a.versionTime !== b.versionTime) {
    const ta = Date.parse(a.versionTime);
    const tb = Date.parse(b.versionTime);
    if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return ta - tb;
  }
  return 0;
}
