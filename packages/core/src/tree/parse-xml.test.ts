import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";
import { type Element, TREE_LIMITS, textOf } from "./element.js";
import { declaredEntities, parseXml } from "./parse-xml.js";

function tree(xml: string): Element {
  const root = parseXml(xml);
  if (isRejection(root)) throw new Error(`${root.code}: ${root.message}`);
  return root;
}

const nitfDoctype = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf.dtd" [
  <!ENTITY % nitf-custom-attrs "">
  <!ENTITY % enriched-text.content "#PCDATA | chron | copyrite | event">
]>`;

describe("parseXml and DOCTYPEs", () => {
  it("parses a standard NITF DOCTYPE with parameter entities in its internal subset", () => {
    const root = tree(`${nitfDoctype}<nitf><body><p>Plain text.</p></body></nitf>`);
    expect(root.name).toBe("nitf");
    expect(textOf(root).trim()).toBe("Plain text.");
  });

  it("does not mistake a DOCTYPE quoted inside a paragraph or CDATA for a declaration", () => {
    const root = tree(
      `<nitf><body><p>Writers quote &lt;!DOCTYPE x [&lt;!ENTITY y "z"&gt;]&gt; in tutorials.</p><p><![CDATA[<!DOCTYPE a [<!ENTITY b "c">]> is a declaration]]></p></body></nitf>`,
    );
    const text = textOf(root);
    expect(text).toContain("in tutorials.");
    expect(text).toContain("is a declaration");
  });

  it("refuses a reference to an entity the internal subset declares (entity bomb) fast", () => {
    const levels = Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY l${i + 1} "${Array.from({ length: 10 }, () => `&l${i};`).join("")}">`,
    ).join("");
    const bomb = `<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY l0 "lol">${levels}]><nitf><p>&l9;</p></nitf>`;
    const started = performance.now();
    const r = parseXml(bomb);
    expect(performance.now() - started).toBeLessThan(50);
    expect(isRejection(r) && r.code).toBe("XML_ENTITY_EXPANSION");
  });

  it("refuses an external entity reference without resolving it (XXE)", () => {
    const r = parseXml(
      `<!DOCTYPE nitf [<!ENTITY leak SYSTEM "file:///etc/passwd">]><nitf><p>&leak;</p></nitf>`,
    );
    expect(isRejection(r) && r.code).toBe("XML_ENTITY_EXPANSION");
    expect(JSON.stringify(r)).not.toContain("root:");
  });

  it("refuses a declared entity even when it redeclares a standard character name", () => {
    const r = parseXml(
      `<!DOCTYPE nitf [<!ENTITY eacute SYSTEM "http://example.invalid/x">]><nitf><p>caf&eacute;</p></nitf>`,
    );
    expect(isRejection(r) && r.code).toBe("XML_ENTITY_EXPANSION");
  });

  it("accepts declared entities that are never referenced", () => {
    const root = tree(
      `<!DOCTYPE nitf [<!ENTITY unused SYSTEM "file:///etc/hostname">]><nitf><p>Fine.</p></nitf>`,
    );
    expect(textOf(root).trim()).toBe("Fine.");
  });

  it("lists only general entities from an internal subset", () => {
    expect([
      ...declaredEntities(`nitf [<!ENTITY % p "x"><!ENTITY a "b"><!entity  c SYSTEM "d">]`),
    ]).toEqual(["a", "c"]);
  });
});

describe("parseXml bounds and text", () => {
  it("drops script and style whatever their namespace prefix", () => {
    const root = tree(
      `<nitf xmlns:h="http://www.w3.org/1999/xhtml"><hl1>Safe <h:script>alert('hl')</h:script>headline</hl1><p>Second <script>INP()</script>para.<style>p{}</style></p></nitf>`,
    );
    const text = textOf(root);
    expect(text).not.toContain("alert");
    expect(text).not.toContain("INP()");
    expect(text).toContain("Safe headline");
    expect(text).toContain("Second para.");
  });

  it("reads HTML held in CDATA or escaped as elements, never as text with tags", () => {
    const root = tree(
      `<DataContent><![CDATA[<P>One.</P><P>Two <script>bad()</script>ok.</P>]]>&lt;p&gt;Three&lt;/p&gt;</DataContent>`,
    );
    const ps = root.children.filter((c): c is Element => typeof c !== "string");
    expect(ps.map((p) => p.name)).toEqual(["p", "p", "p"]);
    expect(textOf(root)).not.toMatch(/<|bad\(\)/);
  });

  it("flattens nesting beyond the depth cap instead of failing or recursing", () => {
    const depth = TREE_LIMITS.maxDepth * 8;
    const xml = `<nitf>${"<div>".repeat(depth)}deep text${"</div>".repeat(depth)}</nitf>`;
    const root = tree(xml);
    expect(textOf(root)).toContain("deep text");
    let d = 0;
    for (let e: Element | undefined = root; e; d++) {
      e = e.children.find((c): c is Element => typeof c !== "string");
    }
    expect(d).toBeLessThanOrEqual(TREE_LIMITS.maxDepth + 1);
  });

  it("refuses more elements than the cap as TOO_COMPLEX", () => {
    const r = parseXml(`<nitf>${"<b/>".repeat(TREE_LIMITS.maxElements + 1)}</nitf>`);
    expect(isRejection(r) && r.code).toBe("TOO_COMPLEX");
  });

  it("a NITF with a standard DOCTYPE reaches a story end to end", () => {
    const s = normalizeWire(
      Buffer.from(
        `${nitfDoctype}<nitf><head><title>Port strike ends</title></head><body><body.content><p>Dock workers returned on Monday.</p></body.content></body></nitf>`,
      ),
      { receivedAt: "2024-04-01T00:00:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Port strike ends");
  });
});
