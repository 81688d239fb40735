export { type ArchiveKeyParts, archiveKey, extensionFor } from "./archive-key.js";
export { archiveKeyFor, sniffFormat } from "./archive-key-for.js";
export { attributeAgencies } from "./attribution/index.js";
export { normalizeWire } from "./normalize-wire.js";
export { enrichStory, processWire } from "./process-wire.js";
export { isRejection } from "./reject.js";
export { sha256Hex, storyId } from "./story-id.js";
export { type Ninjs, toNinjs } from "./to-ninjs.js";
export { DEFAULT_MAX_BYTES, type NormalizeOptions, type WireMeta } from "./wire-meta.js";
