// Text as the help center's search reads it: folding, the tokens MiniSearch indexes, and marks in
// results. A classic script (Material starts its search worker as a classic worker, so
// search-worker.js loads it with importScripts); it defines self.HelpSearchText.
//
//   - Text and queries are folded the same way: NFKC (full-width and half-width alike), lower
//     case, katakana as hiragana, the long-vowel mark dropped (リカバリーコード = リカバリコード).
//   - English words are tokens, with a light stemmer (phones = phone, rejected = reject).
//   - Japanese has no spaces: each run of kanji and kana is indexed as its overlapping character
//     pairs (機種変更: 機種 種変 変更), plus its last character alone, so a word is found inside a
//     compound (変更 in 機種変更) and a one-character query (鍵) by prefix.

(function (scope) {
  "use strict";

  const KATAKANA = /[\u30a1-\u30f6]/;
  const LONG_VOWEL = "ー";
  const JAPANESE = "\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}々〆ヶ";
  const TOKEN = new RegExp(`[a-z0-9]+|[${JAPANESE}]+`, "gu");
  const IS_JAPANESE = new RegExp(`[${JAPANESE}]`, "u");

  /**
   * One character's folded form: "" when it is dropped.
   * @param {string} character
   * @returns {string}
   */
  function foldChar(character) {
    let text = character.normalize("NFKC").toLowerCase();
    text = [...text].map((c) => (KATAKANA.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x60) : c)).join("");
    return text === LONG_VOWEL ? "" : text;
  }

  /**
   * Folded text and, for each of its characters, where it came from in the original.
   * @param {string} text
   * @returns {{folded: string, origin: number[]}}
   */
  function foldMap(text) {
    let folded = "";
    const origin = [];
    let index = 0;
    for (const character of text) {
      const piece = foldChar(character);
      for (let i = 0; i < piece.length; i++) origin.push(index);
      folded += piece;
      index += character.length;
    }
    origin.push(index);
    return { folded, origin };
  }

  /** @param {string} text @returns {string} */
  function fold(text) {
    return foldMap(text).folded;
  }

  /** The text of an index entry's HTML. @param {string} html @returns {string} */
  function plain(html) {
    return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
  }

  /** A light English stemmer: plural and past forms meet their word. @param {string} word @returns {string} */
  function stem(word) {
    if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
    if (word.length > 4 && word.endsWith("ied")) return `${word.slice(0, -3)}y`;
    if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
    if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
    if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  /** @param {string} text @returns {boolean} */
  function isJapanese(text) {
    return IS_JAPANESE.test(text);
  }

  /**
   * A run of Japanese as its character pairs and its last character.
   * @param {string} run folded
   * @returns {string[]}
   */
  function pairs(run) {
    const chars = [...run];
    if (chars.length < 2) return chars;
    return [...chars.slice(0, -1).map((c, i) => c + chars[i + 1]), chars[chars.length - 1]];
  }

  /**
   * The tokens MiniSearch indexes for a text, and the query tokens of a word or phrase.
   * @param {string} text
   * @param {{query?: boolean}} [how] a query leaves out a run's last character on its own
   * @returns {string[]}
   */
  function tokens(text, how = {}) {
    const found = [];
    for (const token of fold(text).match(TOKEN) ?? []) {
      if (!isJapanese(token)) {
        found.push(stem(token));
      } else {
        const runPairs = pairs(token);
        found.push(...(how.query && runPairs.length > 1 ? runPairs.slice(0, -1) : runPairs));
      }
    }
    return found;
  }

  /**
   * Wrap each folded needle found in the HTML's text (never inside a tag) in <mark>.
   * @param {string} html
   * @param {string[]} needles folded
   * @returns {string}
   */
  const WORD = /[\p{L}\p{N}]/u;

  function mark(html, needles) {
    const wanted = needles.filter((needle) => [...needle].length >= 2);
    if (!wanted.length) return html;
    return html.split(/(<[^>]*>)/).map((part) => {
      if (part.startsWith("<")) return part;
      const { folded, origin } = foldMap(part);
      const spans = [];
      for (const needle of wanted) {
        const whole = !isJapanese(needle); // an English word is marked from its start, to its end
        for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length)) {
          if (whole && WORD.test(folded[at - 1] ?? "")) continue; // "one" inside "phone"
          let end = at + needle.length;
          while (whole && end < folded.length && WORD.test(folded[end])) end++; // "code" marks "codes"
          spans.push([origin[at], origin[end]]);
        }
      }
      if (!spans.length) return part;
      spans.sort((a, b) => a[0] - b[0]);
      const merged = [spans[0]]; // overlapping pairs (機種, 種変, 変更) make one mark
      for (const [from, to] of spans.slice(1)) {
        const last = merged[merged.length - 1];
        if (from <= last[1]) last[1] = Math.max(last[1], to);
        else merged.push([from, to]);
      }
      let out = "";
      let last = 0;
      for (const [from, to] of merged) {
        out += `${part.slice(last, from)}<mark>${part.slice(from, to)}</mark>`;
        last = to;
      }
      return out + part.slice(last);
    }).join("");
  }

  scope.HelpSearchText = { fold, foldMap, plain, stem, tokens, isJapanese, mark };
})(self);
