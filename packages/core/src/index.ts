export { type ArchiveKeyParts, archiveKey, extensionFor } from "./archive-key.js";
export { archiveKeyFor } from "./archive-key-for.js";
export { attributeAgencies } from "./attribution/index.js";
export { AGENCY_IDS, type AgencyId } from "./data/agencies.js";
export { emptyMetadata } from "./draft.js";
export { FORMATS, type FormatSpec, formatSpec } from "./formats/format-table.js";
export { type SniffedFormat, sniffFormat } from "./formats/sniff-format.js";
export { deriveLifecycle } from "./lifecycle/derive-lifecycle.js";
export { hammingDistance, simhash64 } from "./lifecycle/simhash.js";
export { keyPart } from "./lifecycle/story-key.js";
export {
  compareVersions,
  isNearDuplicate,
  isRepeat,
  NEAR_DUPLICATE_BITS,
} from "./lifecycle/versions.js";
export { normalizeWire } from "./normalize-wire.js";
export { enrichStory, processWire } from "./process-wire.js";
export { isRejection } from "./reject.js";
export { sha256Hex, storyId } from "./story-id.js";
export { type Ninjs, toNinjs } from "./to-ninjs.js";
export { type Ninjs3, type NinjsStandard, toNinjs3 } from "./to-ninjs3.js";
export { warmUp } from "./warm-up.js";
export { DEFAULT_MAX_BYTES, type NormalizeOptions, type WireMeta } from "./wire-meta.js";
