// A sentence of an article ends in です・ます (writers/style-guide.md), never in the plain
// forms: だ, である, a verb or adjective in its dictionary form (押す。, 正しい。), or their
// past and negative (押した。, 押さない。). The preset's no-mix-dearu-desumasu sees only である;
// this rule reads the last word of each sentence with the morphological analyser the preset
// already uses (kuromojin), so 押します。, 押しました。, 押しません。, 押してください。 and
// でしょう。 pass, and so does a sentence that ends in a noun (体言止め).
//
// A list item or link text without 。 is a fragment, not a sentence, and is not read; nor are
// headings: a Japanese heading names a task in the plain form (解除する), which the
// style guide asks for. Tables and code are not read either.
"use strict";

const { tokenize } = require("kuromojin");
const { StringSource } = require("textlint-util-to-string");

const SENTENCE_END = /[。！？!?]/;
const POLITE = new Set(["です", "ます"]);
const PLAIN_AUXILIARY = new Set(["だ", "た", "ない", "ぬ", "う", "よう", "たい", "らしい"]);

function plainEnding(tokens) {
  // The sentence's last word, after closing brackets and sentence-final particles (ね, よ, か).
  let end = tokens.length - 1;
  while (end >= 0 && (tokens[end].pos === "記号" || tokens[end].pos_detail_1 === "終助詞")) end -= 1;
  if (end < 0) return null;
  const last = tokens[end];
  const before = end > 0 ? tokens[end - 1] : null;
  if (last.pos === "助動詞") {
    if (POLITE.has(last.basic_form)) return null;
    if (last.basic_form === "ん" && before && before.basic_form === "ます") return null; // ません
    // ました, でした, ましょう, でしょう: た or う after です・ます
    if ((last.basic_form === "た" || last.basic_form === "う") && before && POLITE.has(before.basic_form)) return null;
    if (PLAIN_AUXILIARY.has(last.basic_form)) return last;
    return null;
  }
  if ((last.pos === "動詞" || last.pos === "形容詞") && last.conjugated_form === "基本形") return last;
  return null;
}

function reporter(context) {
  const { Syntax, RuleError, report, locator } = context;
  return {
    async [Syntax.Paragraph](node) {
      const source = new StringSource(node);
      const text = source.toString();
      let start = 0;
      // Only a sentence closed by 。: a list item or a link without one is a fragment (a condition,
      // an article's title), which the style guide writes in the plain form.
      for (let index = 0; index < text.length; index += 1) {
        if (!SENTENCE_END.test(text[index])) continue;
        const sentence = text.slice(start, index);
        const sentenceStart = start;
        start = index + 1;
        if (!/[ぁ-んァ-ヶ一-龠]/.test(sentence)) continue;
        const tokens = await tokenize(sentence);
        const found = plainEnding(tokens);
        if (!found) continue;
        const at = sentenceStart + found.word_position - 1;
        const from = source.originalIndexFromIndex(at);
        const to = source.originalIndexFromIndex(at + found.surface_form.length, true);
        if (from === undefined || to === undefined) continue;
        const tail = sentence.slice(0, found.word_position - 1 + found.surface_form.length).slice(-8).trim();
        report(node, new RuleError(
          `文末が「${tail}」で、です・ます調ではありません。です・ます調で書いてください（例: 〜します、〜です、〜しました）。`,
          { padding: locator.range([from, to]) },
        ));
      }
    },
  };
}

module.exports = reporter;
