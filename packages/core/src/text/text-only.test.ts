import { describe, expect, it } from "vitest";
import { cleanInline, cleanLines } from "./clean-text.js";
import { boundedInt, languageTag } from "./sanitize-draft.js";
import { stripMarkup, textOnly } from "./text-only.js";

/** What no text field may hold: a tag opener, a script URL, an event handler. */
const MARKUP = /<[A-Za-z/!?]|javascript[\t\n\r]*:|vbscript[\t\n\r]*:|\bon[a-z]{3,}\s*=/i;

describe("text fields are text", () => {
  it.each([
    ["Safe <h:script>alert('hl')</h:script>headline", "Safe headline"],
    ["Second <script>INP()</script>para.", "Second para."],
    ["&lt;script&gt;alert(1)&lt;/script&gt;Hello", "Hello"],
    ["&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Hi", "Hi"],
    ["<style>p{color:red}</style>Body", "Body"],
    ["<![CDATA[<script>x()</script>kept]]>", "kept"],
    ["Before<!-- a comment -->after", "Before after"],
    ["<p>One</p><p>Two</p>", "One Two"],
    ["<b>Wash</b>ington", "Washington"],
    ["<img src=x onerror=alert(1)>Caption", "Caption"],
    ['"><svg onload=alert(1)>Title', '">Title'],
    ["<svg><script>alert(1)</script><text>Shown</text></svg>", "Shown"],
    ["Click javascript:alert(document.cookie) now", "Click now"],
    ["Go java\tscript:alert(1) now", "Go now"],
    ["x &#106;avascript&colon;alert(1) y", "x y"],
    ['Name" onmouseover="alert(1)" x', 'Name" x'],
    ["Mail <desk@example.org> today", "Mail desk@example.org today"],
    ["AT&amp;T and R&D", "AT&T and R&D"],
    ["5 < 6 and 7 > 3", "5 < 6 and 7 > 3"],
    ["<scr<script>ipt>alert(1)</scr</script>ipt>", "scr ipt>"],
    ["unclosed <script>alert(1) and the rest", "unclosed"],
  ])("%s", (input, expected) => {
    const out = cleanInline(textOnly(input));
    expect(out).toBe(expected);
    expect(out).not.toMatch(MARKUP);
  });

  it("never outgrows its input", () => {
    for (const s of ["<b>x</b>", "&amp;&amp;", "<p><p><p>", "a<br>b"]) {
      expect(textOnly(s).length).toBeLessThanOrEqual(s.length);
    }
  });

  it("leaves no tag opener where no tag can close", () => {
    expect(stripMarkup("a <b c <d e")).toBe("a b c d e");
    for (const s of ["<<<<<script", "<<b>script", "a<<i></i>b", "<<!-- c -->x", "<\n<b"]) {
      expect(stripMarkup(s), s).not.toMatch(/<[A-Za-z/!?]/);
    }
  });

  it("drops controls, bidi overrides and isolates, lone surrogates and tag characters", () => {
    const hostile = "a\u0000b\u001bc\u202ed\u2066e\u2069f\ud800g\udc00h\u{e0041}i\u0085j";
    expect(cleanInline(textOnly(hostile))).toBe("abcdefghi j");
    expect(cleanInline("pair \ud83d\ude00 kept")).toBe("pair \ud83d\ude00 kept");
  });

  it("reads U+2028, U+2029 and NEL as line breaks, never deletes them", () => {
    expect(cleanInline("one\u2028two\u2029three\u0085four")).toBe("one two three four");
    expect(cleanLines("one\u2028two\u2029three\u0085four\r\nfive")).toBe(
      "one\ntwo\n\nthree\nfour\nfive",
    );
  });
});

describe("values are range-checked", () => {
  it("keeps bounded integers only", () => {
    expect(boundedInt(3, 0, 99)).toBe(3);
    expect(boundedInt(1e300, 0, 99)).toBeNull();
    expect(boundedInt(Number.NaN, 0, 99)).toBeNull();
    expect(boundedInt(2.5, 0, 99)).toBeNull();
    expect(boundedInt("3", 0, 99)).toBeNull();
  });

  it("keeps language tags only", () => {
    expect(languageTag("EN")).toBe("en");
    expect(languageTag("pt_BR")).toBe("pt-BR");
    expect(languageTag("en\u0000")).toBe("en");
    expect(languageTag("<script>")).toBeNull();
    expect(languageTag("english please")).toBeNull();
  });
});
