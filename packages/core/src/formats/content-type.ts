export interface ContentType {
  mediaType: string;
  charset: string | null;
}

/** `text/plain; charset="iso-8859-1"` → `{ mediaType: "text/plain", charset: "iso-8859-1" }`. */
export function parseContentType(value: string | null | undefined): ContentType | null {
  if (!value) return null;
  const [type = "", ...params] = value.slice(0, 1024).split(";");
  let charset: string | null = null;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    const key = param.slice(0, eq).trim().toLowerCase();
    const val = param.slice(eq + 1).trim();
    if (key === "charset" && val) charset = val.replace(/^"|"$/g, "");
  }
  return { mediaType: type.trim().toLowerCase(), charset };
}
