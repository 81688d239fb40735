import type { Story } from "@newswire/schemas";

/**
 * Which ninjs a projection declares in `standard` (ninjs 2.x/3.x carry it there; `$schema` is
 * not an allowed property). Each names the newest schema of its branch that the tests validate
 * against; the properties newswire emits are the same in the older minor version (2.1, 3.0),
 * which the tests validate too.
 */
export interface NinjsStandard {
  name: "ninjs";
  version: string;
  schema: string;
}

const NINJS_3: NinjsStandard = {
  name: "ninjs",
  version: "3.1",
  schema: "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
};

/**
 * An IPTC ninjs 3.x object: the properties newswire fills. The schema allows many more (people,
 * subjects from vocabularies, renditions, events ...); the Story has nothing for them.
 */
export interface Ninjs3 {
  /** The story's key (`lifecycle.storyKey`): one uri for all its versions. */
  uri: string;
  /** `lifecycle.version`, where the copy states or implies one (ninjs wants a string). */
  version?: string;
  pubStatus: "usable" | "withheld" | "canceled";
  standard: NinjsStandard;
  type: "text";
  /** ninjs 2.x/3.x allow `full` or `partial` (1.x had `complete`): the projection is the whole story. */
  representationType: "full";
  language?: string;
  versionCreated?: string;
  headlines: Array<{ role: string; value: string }>;
  descriptions?: Array<{ role: string; contentType: string; value: string }>;
  bodies: Array<{
    role: string;
    contentType: string;
    value: string;
    charCount: number;
    wordCount: number;
  }>;
  by?: string;
  located?: string;
  infoSources?: Array<{ name: string; role: string; uri: string }>;
  copyrightNotice?: string;
  copyrightHolder?: string;
  slugline?: string;
  subjects?: Array<{ name: string }>;
  urgency?: number;
  edNote?: string;
  altIds?: Array<{ role: string; value: string }>;
}

/**
 * What names the ninjs object: the story, not the piece of copy. ninjs `uri` identifies the news
 * object across its versions and `version` counts them (nar:newsItem@guid and @version), so the
 * uri is the lifecycle's story key, the same for every version, and `version`/`pubStatus` are
 * the lifecycle's, for every ninjs version (2.x lowercases the names). ninjs has no signal
 * property; a kill or withhold reaches a ninjs reader as `pubStatus`.
 */
function ninjsIdentity(story: Story): Pick<Ninjs3, "uri" | "version" | "pubStatus"> {
  const { storyKey, version, pubStatus } = story.lifecycle;
  // A URI must not carry spaces or reserved characters unescaped (RFC 3986).
  const out: Pick<Ninjs3, "uri" | "version" | "pubStatus"> = {
    uri: `urn:newswire:story:${encodeURIComponent(storyKey)}`,
    pubStatus,
  };
  if (version !== null) out.version = String(version);
  return out;
}

// RFC 3339 `date-time`, the format ninjs's date properties require. Anchored, no nested or
// overlapping quantifiers, and only tried on short strings.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * The time as given when it is an RFC 3339 date-time, else null. `receivedAt` comes from a
 * transport header or the document's own timestamp, so it may be anything; a ninjs validator
 * rejects the whole object for one bad date, so a bad one is left out rather than passed on. Not
 * reparsed with `Date`: a time without a zone would be read in the host's zone.
 */
function rfc3339(value: string | null): string | null {
  if (value === null || value.length > 40) return null;
  const m = RFC3339.exec(value);
  if (!m) return null;
  const [
    year = 0,
    month = 0,
    day = 0,
    hour = 0,
    minute = 0,
    second = 0,
    offHour = 0,
    offMinute = 0,
  ] = m.slice(1).map((s) => Number(s ?? 0));
  const ok =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offHour <= 23 &&
    offMinute <= 59;
  return ok ? value : null;
}

/** Characters as a subscriber counts them: code points, not UTF-16 units. */
function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The agency role as a URI: ninjs wants `infoSources[].role` "as a uri". */
const agencyRoleUri = (role: string): string => `urn:newswire:agency-role:${role}`;

/** ninjs urgency is 1 (highest) to 9 (lowest); the 3.x schema enforces it. */
function urgency(priority: number | null): number | null {
  return priority !== null && Number.isInteger(priority) && priority >= 1 && priority <= 9
    ? priority
    : null;
}

/** The projection with the standard it declares: the 3.x names, which 2.x lowercases. */
export function ninjsProjection(story: Story, standard: NinjsStandard): Ninjs3 {
  const body = story.paragraphs.join("\n\n");
  const out: Ninjs3 = {
    ...ninjsIdentity(story),
    standard,
    type: "text",
    representationType: "full",
    headlines: [{ role: "main", value: story.headline }],
    bodies: [
      {
        role: "main",
        contentType: "text/plain",
        value: body,
        charCount: codePoints(body),
        wordCount: story.wordCount,
      },
    ],
  };
  const { metadata, source } = story;
  if (story.language) out.language = story.language;
  // The ninjs object is newswire's story, made when the copy arrived.
  const created = rfc3339(source.receivedAt);
  if (created) out.versionCreated = created;
  if (story.standfirst)
    out.descriptions = [{ role: "summary", contentType: "text/plain", value: story.standfirst }];
  if (story.byline) out.by = story.byline;
  // `located` is where the copy was filed; `places` is for places the story mentions, which the
  // Story does not list, so the dateline place goes to `located` only.
  if (story.dateline.place) out.located = story.dateline.place;
  const infoSources = story.agencies.flatMap((a) =>
    a.roles.map((role) => ({
      name: a.name,
      role: agencyRoleUri(role),
      uri: `urn:newswire:agency:${a.id}`,
    })),
  );
  if (infoSources.length > 0) out.infoSources = infoSources;
  if (story.copyright) out.copyrightNotice = story.copyright;
  if (metadata.copyrightHolder) out.copyrightHolder = metadata.copyrightHolder;
  if (metadata.slugline) out.slugline = metadata.slugline;
  // ninjs 2.x/3.x have no `keywords`: free-text keywords are subjects with a name and no uri
  // (no vocabulary behind them).
  const keywords = [...new Set(metadata.keywords.filter((k) => k.length > 0))];
  if (keywords.length > 0) out.subjects = keywords.map((name) => ({ name }));
  const rank = urgency(metadata.priority);
  if (rank !== null) out.urgency = rank;
  const notes = metadata.editorsNotes.filter((n) => n.length > 0);
  if (notes.length > 0) out.edNote = notes.join(" ");
  const altIds = [
    // The id of this piece of copy: the uri names the story across its versions.
    { role: "newswire-story-id", value: story.id },
    ...(source.wireId ? [{ role: "wire-id", value: source.wireId }] : []),
    ...(metadata.identity.itemId ? [{ role: "item-id", value: metadata.identity.itemId }] : []),
  ];
  out.altIds = altIds;
  return out;
}

/** Projection of a Story onto IPTC ninjs 3.x (camelCase), the version IPTC recommends for new work. */
export function toNinjs3(story: Story): Ninjs3 {
  return ninjsProjection(story, NINJS_3);
}
