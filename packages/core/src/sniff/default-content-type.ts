import type { WireFormat } from "@newswire/schemas";

/** The content type recorded for a story whose transport named none. */
export const DEFAULT_CONTENT_TYPES = {
  plain: "text/plain",
  anpa1312: "application/x-anpa-1312",
  iptc7901: "application/x-iptc-7901",
  nitf: "application/nitf+xml",
  "newsml-g2": "application/vnd.iptc.g2.newsitem+xml",
  ninjs: "application/ninjs+json",
  html: "text/html",
} as const satisfies Record<WireFormat, string>;
