import { describe, expect, it } from "vitest";
import { collect, type Element, TREE_LIMITS, textOf } from "./element.js";
import { hasMarkup, htmlFieldText, inlineText, scrubTags } from "./markup.js";
import { MAX_OPEN, parseHtml, parseHtmlCounted } from "./parse-html.js";

function depthOf(root: Element): number {
  let max = 0;
  const stack: Array<[Element, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [e, d] = stack.pop() as [Element, number];
    if (d > max) max = d;
    for (const c of e.children) if (typeof c !== "string") stack.push([c, d + 1]);
  }
  return max;
}

describe("parseHtml", () => {
  it("closes what HTML closes implicitly: p by a block, li by li, td by td", () => {
    const root = parseHtml("<p>One<div>Two</div><ul><li>a<li>b</ul><table><tr><td>x<td>y</table>");
    expect(collect(root, (e) => e.name === "p").length).toBe(1);
    expect(collect(root, (e) => e.name === "li").length).toBe(2);
    expect(collect(root, (e) => e.name === "td").length).toBe(2);
    expect(textOf(collect(root, (e) => e.name === "p")[0])).toBe("One");
  });

  it("drops scripts, styles, forms and hidden elements, keeps the head's title and meta", () => {
    const root = parseHtml(
      `<html><head><title>T</title><meta name="author" content="A"><style>x{}</style><script>s()</script></head><body><p>Kept<script>bad()</script></p><div hidden>h1</div><div aria-hidden="true">h2</div><span style="display: none">h3</span><span style="visibility:hidden">h4</span><form><p>f</p></form></body></html>`,
    );
    const text = textOf(root);
    expect(text).toContain("Kept");
    for (const gone of ["bad()", "s()", "x{}", "h1", "h2", "h3", "h4", "f"]) {
      expect(text).not.toContain(gone);
    }
    expect(collect(root, (e) => e.name === "meta").length).toBe(1);
    expect(collect(root, (e) => e.name === "title").length).toBe(1);
  });

  it("flattens nesting beyond the depth cap and keeps the text", () => {
    const n = TREE_LIMITS.maxDepth * 4;
    const root = parseHtml(`${"<li><ul>".repeat(n)}inner${"</ul></li>".repeat(n)}after`);
    expect(depthOf(root)).toBeLessThanOrEqual(TREE_LIMITS.maxDepth);
    expect(textOf(root)).toContain("inner");
    expect(textOf(root)).toContain("after");
  });

  it("makes no elements beyond the element cap, but keeps their text", () => {
    const root = parseHtml("<i>x</i>".repeat(50), { maxDepth: 10, maxElements: 10 });
    expect(
      collect(
        root,
        () => true,
        () => false,
        true,
      ).length,
    ).toBe(10);
    expect(textOf(root)).toBe("x".repeat(50));
  });

  it("holds at most MAX_OPEN open elements however deep the nesting, and keeps the text", () => {
    for (const unit of ["<b>", "<li><ul>", "<div>x", "<table><tr><td>", "<b><i>x</b>"]) {
      const input = `<p>start</p>${unit.repeat(100_000)}inner`;
      const { root, openPeak } = parseHtmlCounted(input);
      expect(openPeak, unit).toBeLessThanOrEqual(MAX_OPEN);
      expect(depthOf(root), unit).toBeLessThanOrEqual(TREE_LIMITS.maxDepth);
      expect(textOf(root), unit).toContain("start");
      expect(textOf(root), unit).toContain("inner");
    }
  });

  it("closes what an end tag names on the kept stack once the stack is full", () => {
    const n = MAX_OPEN * 3;
    const root = parseHtml(
      `<div><p>first</p><section>${"<b>".repeat(n)}deep</section><p>after</p></div>`,
    );
    const p = collect(root, (e) => e.name === "p");
    expect(p.map((e) => textOf(e))).toEqual(["first", "after"]);
    expect(textOf(root)).toContain("deep");
  });

  it("never lets dropped content out past the stack cap", () => {
    const deep = "<b>".repeat(MAX_OPEN * 2);
    const dropped = [
      `${deep}<script>XSSMARK()</script>`,
      `${deep}<svg><text>XSSMARK</text></svg>`,
      `${deep}<div hidden>XSSMARK</div>`,
      `${deep}<svg><div></div></b></b>XSSMARK</svg>`,
      `<svg>${deep}</b></b><p>XSSMARK</p></svg>`,
      `<div hidden>${"<i>".repeat(MAX_OPEN * 2)}</i></i>XSSMARK</div>`,
      `<style>${deep}</style>`.replace("</style>", "XSSMARK</style>"),
      `${deep}<template><p>XSSMARK</p></template>`,
    ];
    for (const html of dropped) {
      const text = textOf(parseHtml(`<p>kept</p>${html}`));
      expect(text, html.slice(-60)).not.toContain("XSSMARK");
      expect(text, html.slice(-60)).toContain("kept");
    }
  });

  it("ignores a close tag for an element that is not open", () => {
    const root = parseHtml("<div><p>a</i></b>b</p></div>");
    expect(textOf(root).trim()).toBe("ab");
  });
});

describe("markup never reaches a text field", () => {
  it("scrubs escaped tags and script content out of decoded text", () => {
    expect(scrubTags("<script>alert(1)</script>Title <b>bold</b>")).not.toMatch(/<|alert/);
    expect(inlineText("A <i>quoted</i> word")).toBe("A quoted word");
  });

  it("scrubs tags split by other tags and their debris", () => {
    const out = htmlFieldText("<scr<script>ipt>alert(1)</scr</script>ipt>Real headline");
    expect(out).toBe("Real headline");
  });

  it("decodes entities in HTML fields and scrubs what they turn into tags", () => {
    expect(htmlFieldText("Q&amp;A &lt;script&gt;x()&lt;/script&gt;session")).toBe("Q&A session");
    expect(htmlFieldText("<img src=x onerror=alert(1)>Ann Lee")).toBe("Ann Lee");
  });

  it("leaves text that only uses '<' as a sign alone", () => {
    expect(hasMarkup("inflation < 2% and 3 <4")).toBe(false);
    expect(inlineText("inflation < 2%")).toBe("inflation < 2%");
  });

  it("removes lone surrogates and control characters", () => {
    expect(inlineText("a\ud800b\u0007c\u202ed")).toBe("abcd");
  });
});

describe("attributes", () => {
  it("an attribute named __proto__ cannot change an element's prototype", () => {
    const root = parseHtml('<p __proto__="x" constructor="y" hidden-not="z">Text</p>');
    const p = collect(root, (e) => e.name === "p")[0];
    expect(p?.attrs.constructor).toBe("y");
    expect(Object.getPrototypeOf(p?.attrs)).toBe(Object.prototype);
    expect(Object.hasOwn(p?.attrs ?? {}, "__proto__")).toBe(false);
    expect(textOf(root)).toContain("Text");
  });
});

describe("an unclosed head", () => {
  it("is closed by the first element or text that cannot be in it, so the story is not lost", () => {
    const root = parseHtml("<html><head><title>T</title><p>Story text.</p>");
    expect(collect(root, (e) => e.name === "p").length).toBe(1);
    const bare = parseHtml("<head><title>T</title>Loose story text.");
    expect(textOf(bare)).toContain("Loose story text.");
  });
});
