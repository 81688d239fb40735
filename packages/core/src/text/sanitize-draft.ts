import { type Caption, PARTY_ROLES, type Party, type WireMetadata } from "@newswire/schemas";
import type { Draft } from "../draft.js";
import { cleanInline } from "./clean-text.js";
import { realDay, realTimestamp } from "./dates.js";
import { textOnly } from "./text-only.js";

/**
 * The one place a draft's strings become text and its values become checked: every string
 * field of a draft, from any format parser, goes through `textOnly` (no tag, script or style
 * content, event handler, script URL, control or bidi character, lone surrogate, however it was
 * escaped), and every value is range-checked or dropped (real days, four-digit years, bounded
 * integers, a language tag). finishDraft calls it first; everything it does afterwards only
 * cuts, joins with spaces or re-cases these strings, so the published story stays text.
 */
export function sanitizeDraft(draft: Draft): Draft {
  return {
    format: draft.format,
    headline: orNull(draft.headline),
    standfirst: orNull(draft.standfirst),
    byline: orNull(draft.byline),
    paragraphs: texts(draft.paragraphs),
    captions: captions(draft.captions),
    trailers: texts(draft.trailers),
    copyright: orNull(draft.copyright),
    datelineHint: draft.datelineHint
      ? {
          place: orNull(draft.datelineHint.place),
          date: realDay(draft.datelineHint.date),
          raw: orNull(draft.datelineHint.raw),
        }
      : null,
    documentDate: realDay(draft.documentDate),
    documentTime: realTimestamp(inline(draft.documentTime)),
    language: languageTag(draft.language),
    metadata: sanitizeMetadata(draft.metadata),
    ...(draft.underscoreDashes ? { underscoreDashes: true } : {}),
  };
}

/** Cleaned, single-line text; "" for nothing. */
function inline(text: string | null | undefined): string {
  return typeof text === "string" && text.length > 0 ? cleanInline(textOnly(text)) : "";
}

function orNull(text: string | null | undefined): string | null {
  const t = inline(text);
  return t.length > 0 ? t : null;
}

/** Text with markup and invisible characters out, line structure kept for the rules to read. */
function texts(list: readonly unknown[] | null | undefined): string[] {
  const out: string[] = [];
  for (const item of list ?? []) {
    if (typeof item !== "string") continue;
    const t = textOnly(item);
    if (t.trim().length > 0) out.push(t);
  }
  return out;
}

function inlines(list: readonly unknown[] | null | undefined): string[] {
  const out: string[] = [];
  for (const item of list ?? []) {
    const t = typeof item === "string" ? inline(item) : "";
    if (t.length > 0) out.push(t);
  }
  return out;
}

function captions(list: readonly Caption[] | null | undefined): Caption[] {
  const out: Caption[] = [];
  for (const c of list ?? []) {
    const text = inline(c?.text);
    if (text) out.push({ text, credit: orNull(c.credit) });
  }
  return out;
}

// BCP 47 shape: a primary language subtag and up to four more ("en", "pt-BR", "zh-Hant-TW").
const LANGUAGE_TAG = /^([A-Za-z]{2,3})((?:[-_][A-Za-z0-9]{1,8}){0,4})$/;

/** A BCP 47 language tag, primary subtag lower-cased (`EN_us` → `en-us`), or null. */
export function languageTag(text: string | null | undefined): string | null {
  const m = LANGUAGE_TAG.exec(inline(text));
  if (!m?.[1]) return null;
  return `${m[1].toLowerCase()}${(m[2] ?? "").replace(/_/g, "-")}`;
}

/** An integer within [min, max], else null: no `1e300`, no NaN, no fractions. */
export function boundedInt(value: unknown, min: number, max: number): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max
    ? value
    : null;
}

/** Wire priorities: ANPA 1-5 letters mapped by parsers, IPTC 1-9, ninjs urgency 1-9. */
const MAX_PRIORITY = 99;
/** Versions count revisions: anything past 2^31 is not a revision number. */
const MAX_VERSION = 2_147_483_647;
const ROLES: ReadonlySet<string> = new Set(PARTY_ROLES);

function sanitizeMetadata(md: WireMetadata): WireMetadata {
  // A Map, then own properties only: a key such as `__proto__` stays a plain field.
  const header = new Map<string, string>();
  for (const [key, value] of Object.entries(md.header ?? {})) {
    const k = inline(key);
    const v = typeof value === "string" ? inline(value) : "";
    if (k && v && !header.has(k)) header.set(k, v);
  }
  const parties: Party[] = [];
  for (const p of md.parties ?? []) {
    const value = inline(p?.value);
    if (!value || !ROLES.has(p.role)) continue;
    parties.push({ role: p.role, value, field: inline(p.field) || "unknown" });
  }
  const identity = md.identity;
  return {
    distributor: orNull(md.distributor),
    creditline: orNull(md.creditline),
    infoSources: inlines(md.infoSources),
    copyrightHolder: orNull(md.copyrightHolder),
    header: Object.fromEntries(header),
    slugline: orNull(md.slugline),
    keywords: inlines(md.keywords),
    priority: boundedInt(md.priority, 0, MAX_PRIORITY),
    versionMarkers: inlines(md.versionMarkers),
    editorsNotes: inlines(md.editorsNotes),
    parties,
    identity: {
      itemId: orNull(identity?.itemId),
      version: boundedInt(identity?.version, 0, MAX_VERSION),
      status: orNull(identity?.status),
      signals: inlines(identity?.signals),
    },
    decoding: {
      charset: orNull(md.decoding?.charset),
      replacedBytes: boundedInt(md.decoding?.replacedBytes, 0, Number.MAX_SAFE_INTEGER) ?? 0,
    },
  };
}
