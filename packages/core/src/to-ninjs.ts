import type { Story } from "@newswire/schemas";

/** An IPTC ninjs 2.x object (the subset newswire fills). */
export interface Ninjs {
  $schema: string;
  uri: string;
  type: "text";
  representationtype: "complete";
  language?: string;
  versioncreated?: string;
  headlines: Array<{ role: string; value: string }>;
  descriptions?: Array<{ role: string; contenttype: string; value: string }>;
  bodies: Array<{
    role: string;
    contenttype: string;
    value: string;
    charcount: number;
    wordcount: number;
  }>;
  by?: string;
  located?: string;
  infosources?: Array<{ name: string; role: string; uri?: string }>;
  copyrightnotice?: string;
  copyrightholder?: string;
  slugline?: string;
  keywords?: string[];
  urgency?: number;
}

/** Projection of a Story onto ninjs 2.x for subscribers that speak ninjs. */
export function toNinjs(story: Story): Ninjs {
  const body = story.paragraphs.join("\n\n");
  const out: Ninjs = {
    $schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
    uri: `urn:newswire:story:${story.id}`,
    type: "text",
    representationtype: "complete",
    headlines: [{ role: "main", value: story.headline }],
    bodies: [
      {
        role: "main",
        contenttype: "text/plain",
        value: body,
        charcount: body.length,
        wordcount: story.wordCount,
      },
    ],
  };
  if (story.language) out.language = story.language;
  if (story.source.receivedAt) out.versioncreated = story.source.receivedAt;
  if (story.standfirst)
    out.descriptions = [{ role: "summary", contenttype: "text/plain", value: story.standfirst }];
  if (story.byline) out.by = story.byline;
  if (story.dateline.place) out.located = story.dateline.place;
  if (story.agencies.length > 0) {
    out.infosources = story.agencies.map((a) => ({
      name: a.name,
      role: a.roles[0] ?? "cited",
      uri: `urn:newswire:agency:${a.id}`,
    }));
  }
  if (story.copyright) out.copyrightnotice = story.copyright;
  if (story.metadata.copyrightHolder) out.copyrightholder = story.metadata.copyrightHolder;
  if (story.metadata.slugline) out.slugline = story.metadata.slugline;
  if (story.metadata.keywords.length > 0) out.keywords = story.metadata.keywords;
  if (story.metadata.priority !== null) out.urgency = story.metadata.priority;
  return out;
}
