// How the help center's search ranks, in one place. A classic script for the search worker; it
// defines self.HelpSearchRanking. Each option says why it has its value. The values are chosen on
// the TUNING queries of tests/search/judged-*.toml only; the held-out queries there are never used
// to choose them (README, "Search").

(function (scope) {
  "use strict";

  scope.HelpSearchRanking = Object.freeze({
    /** Field boosts of an article (MiniSearch multiplies each field's BM25 score). */
    boost: Object.freeze({
      title: 3, // a title names the task the reader came for: 機種変更, "Turn off two-factor authentication"
      summary: 2, // the front matter's description is the page's answer in one sentence, written for search
      headings: 1.5, // a heading names a step or case inside the task: "Lost or stolen phone"
      text: 1, // the body: the baseline every other field is measured against
    }),
    /** Field boosts of a section, when choosing which sections to list under an article. */
    sectionBoost: Object.freeze({ title: 2, text: 1 }),
    /** BM25+ (MiniSearch's scoring): k saturates repeats, b is how much a long field is discounted. */
    bm25: Object.freeze({ k: 1.2, b: 0.7, d: 0.5 }), // MiniSearch's defaults
    /** Relative weight of a term matched by prefix or by typo (MiniSearch's own defaults, kept). */
    weights: Object.freeze({
      prefix: 0.375, // "recov" finds recovery, but less surely than the word typed whole
      fuzzy: 0.45, // "disabel" finds disable, a little above a prefix: the reader meant one word
    }),
    /** Words this long or longer match by prefix: "rec" is recovery, "re" is everything. */
    prefixFrom: 3,
    /** Words this long or longer match within edits of this share of their length (rounded). */
    fuzzyFrom: 4,
    fuzzy: 0.2, // one typo in 4-7 letters ("disabel"), two in 8-12 ("incorect"): more finds unrelated words
    /** A word of the reader's vocabulary group counts this much beside the word the reader typed. */
    vocabulary: 0.7, // スマホ finds スマートフォン, but a page using the reader's own word ranks above
    /** A vocabulary group reached through a typo ("incorect" → incorrect code → rejected). */
    typo: 0.45, // the same share as a typo inside the pages: one guess, not the reader's word
    /** An article's score is multiplied by this plus the share of the query's concepts it has. */
    coverage: 1, // a page with every word the reader typed (2) beats one with half of them (1.5) by a third
    /** An article with every pair of neighbouring query words side by side scores this much more. */
    phrase: 1, // "turn off" side by side says more than turn here and off there: up to twice the score
    /** Sections listed under each article, best first. */
    sections: 5, // Material folds them under "more": enough to jump to the step, not a second list
  });
})(self);
