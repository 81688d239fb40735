import { trimEndChars } from "./clean-text.js";

export interface CaptionParts {
  text: string;
  credit: string | null;
}

// "REUTERS/Alexandros Avramidis", "(AP Photo/Jae C. Hong)", "AFP/Getty Images", "Reuters/File Photo"
const SLASH_CREDIT =
  /(?:^|[\s(])((?:\p{Lu}[\p{L}&]*\s){0,2}\p{Lu}[\p{L}&]*\/\s?\p{Lu}[\p{L}\d .,'\u2019&/-]{0,60})\)?\.?$/u;
// "(Photo by Jane Doe/Getty Images)"
const BY_CREDIT =
  /(?:^|[\s(.])\(?((?:photo|photograph|picture|image)s?\s+by\s+[^()]{1,80}?)\)?\.?$/i;
// "Photo: AFP", "Image credit: Getty", "Picture: PA"
const LABEL_CREDIT =
  /(?:^|[\s(.])((?:photo|photograph|image|picture|pic|credit|foto)s?(?:\s+credits?)?\s*:\s*[^:]{1,60}?)\)?\.?$/i;
// "... May 16, 2024. — Reuters", "... in Kyiv - AFP"
const DASH_CREDIT = /\s[\u2014\u2013-]{1,2}\s?(\p{Lu}[\p{L}\d .&/'\u2019-]{0,50})$/u;

function dashCreditOk(credit: string): boolean {
  const words = credit.trim().split(/\s+/);
  return words.length <= 6 && !/[.,;:!?]$/.test(credit.trim());
}

/**
 * Splits a photo caption into its text and its credit. Returns null when the text carries no
 * credit at all (it is then probably not a caption).
 */
export function splitCaptionCredit(caption: string): CaptionParts | null {
  const tail = caption.length > 160 ? caption.slice(-160) : caption;
  const offset = caption.length - tail.length;
  const by = / by /i.test(tail) ? BY_CREDIT.exec(tail) : null;
  if (by?.[1]) {
    const at = offset + by.index + by[0].indexOf(by[1]);
    return finish(caption.slice(0, at), by[1].replace(/^\S+\s+by\s+/i, ""));
  }
  const slash = tail.includes("/") ? SLASH_CREDIT.exec(tail) : null;
  if (slash?.[1]) {
    const at = offset + slash.index + slash[0].indexOf(slash[1]);
    return finish(caption.slice(0, at), slash[1]);
  }
  const label = tail.includes(":") ? LABEL_CREDIT.exec(tail) : null;
  if (label?.[1]) {
    const at = offset + label.index + label[0].indexOf(label[1]);
    const credit = label[1].replace(/^[^:]*:\s*/, "");
    return finish(caption.slice(0, at), credit);
  }
  const dash = /[\u2014\u2013-]/.test(tail) ? DASH_CREDIT.exec(tail) : null;
  if (dash?.[1] && dashCreditOk(dash[1])) {
    return finish(caption.slice(0, offset + dash.index), dash[1]);
  }
  return null;
}

function finish(text: string, credit: string): CaptionParts {
  return {
    text: trimEndChars(text, "(\u2014\u2013-").trim(),
    credit: trimEndChars(credit.trim(), ").").trim() || null,
  };
}

/** A caption element's text, with its credit split off when it has one. */
export function captionFrom(text: string, explicitCredit: string | null = null): CaptionParts {
  if (explicitCredit) {
    const t = text.endsWith(explicitCredit) ? text.slice(0, -explicitCredit.length) : text;
    return { text: trimEndChars(t, "(\u2014\u2013-").trim(), credit: explicitCredit };
  }
  return splitCaptionCredit(text) ?? { text, credit: null };
}
