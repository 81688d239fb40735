import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";

describe("HTML", () => {
  it("reads a page: h1, byline, standfirst, figure credits; drops scripts, styles, nav", () => {
    const page = `<!DOCTYPE html><html lang="en"><head><title>Site | Story</title><style>p{color:red}</style></head><body>
<nav><p>Home | World</p></nav>
<article>
<h1>Bridge closed after ship strike</h1>
<p class="standfirst">Engineers inspect damage</p>
<div class="author-byline">By Tom Reyes &middot; 3 min read</div>
<time datetime="2024-03-26T09:00:00Z">March 26</time>
<figure><img src="b.jpg"><figcaption>The damaged span on Tuesday. <span class="credit">Photo: Example/Ana Ruiz</span></figcaption></figure>
<p>BALTIMORE &#8212; A cargo ship struck the bridge early on Tuesday.</p>
<script>track()</script>
<p>Traffic was diverted&nbsp;to two tunnels.</p>
</article>
<footer><p>&copy; Example News</p></footer>
</body></html>`;
    const s = normalizeWire(Buffer.from(page), { receivedAt: "2024-03-26T10:00:00Z" });
    if (isRejection(s)) throw new Error(s.message);
    expect(s.source.format).toBe("html");
    expect(s.headline).toBe("Bridge closed after ship strike");
    expect(s.standfirst).toBe("Engineers inspect damage");
    expect(s.byline).toBe("Tom Reyes");
    expect(s.captions).toEqual([
      { text: "The damaged span on Tuesday.", credit: "Photo: Example/Ana Ruiz" },
    ]);
    expect(s.dateline).toMatchObject({ place: "Baltimore", date: "2024-03-26" });
    expect(s.paragraphs).toEqual([
      "A cargo ship struck the bridge early on Tuesday.",
      "Traffic was diverted to two tunnels.",
    ]);
    expect(s.language).toBe("en");
  });

  it("falls back to the page title without the site name, and to line breaks without <p>", () => {
    const s = normalizeWire(
      Buffer.from(
        "<html><head><title>Storm hits the coast | The Paper</title></head><body><div>GENEVA (AFP) - Storm hits.<br><br>More later.</div></body></html>",
      ),
      { receivedAt: "2024-01-01T00:00:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Storm hits the coast");
    expect(s.paragraphs).toEqual(["Storm hits.", "More later."]);
  });
});

describe("HTML without <p>, hidden text, markup in metadata", () => {
  it("keeps no nav, footer or hidden text when the page has no <p>", () => {
    const s = normalizeWire(
      Buffer.from(
        `<html><head><title>Flood warning lifted for river towns</title></head><body><nav>Home | News | Sport</nav><div hidden>Subscribe now</div><div aria-hidden="true">Menu</div><span style="display: none">Tracking pixel text</span><div class="content">The flood warning was lifted on Friday.<br>Residents may return home.</div><footer>Contact | Privacy</footer></body></html>`,
      ),
      { receivedAt: "2024-01-01T00:00:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.paragraphs).toEqual([
      "The flood warning was lifted on Friday.",
      "Residents may return home.",
    ]);
  });

  it("never takes markup from og:title or entity-escaped tags into a field", () => {
    const s = normalizeWire(
      Buffer.from(
        `<html><head><meta property="og:title" content="Fire &lt;script&gt;alert(1)&lt;/script&gt;contained"></head><body><p>&lt;b&gt;Crews&lt;/b&gt; contained the fire.</p></body></html>`,
      ),
      { receivedAt: "2024-01-01T00:00:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Fire contained");
    expect(s.paragraphs).toEqual(["Crews contained the fire."]);
  });
});
