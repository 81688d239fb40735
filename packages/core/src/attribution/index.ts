export { AGENCY_COUNT, agencyById, type CompiledAgency } from "./agency-matcher.js";
export { attributeAgencies } from "./attribute-agencies.js";
