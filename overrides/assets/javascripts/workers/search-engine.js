// The help center's search on MiniSearch: an index of articles that ranks, an index of sections
// that chooses which sections to list under each article, and a lexicon of the readers' vocabulary
// that puts a typo of a word no page uses back on its group ("incorect" → incorrect code). A classic
// script for the search worker (after minisearch.js, search-text.js, search-query.js and
// search-ranking.js); it defines self.HelpSearch.
//
// No word is required: every concept adds to a result's score, so an unknown word lowers the rank
// of what it does not match and never empties the results.

(function (scope) {
  "use strict";

  const { fold, plain, tokens, isJapanese, mark } = scope.HelpSearchText;
  const { concepts } = scope.HelpSearchQuery;
  const RANKING = scope.HelpSearchRanking;
  const MiniSearch = scope.MiniSearch;

  /** Query terms come already tokenized (search-text.js): MiniSearch takes each as it is. */
  const AS_IS = { tokenize: (/** @type {string} */ term) => [term], processTerm: (/** @type {string} */ term) => term };

  /** Prefix and typo matching for Latin words of some length; never for Japanese character pairs. */
  const MATCHING = {
    prefix: (/** @type {string} */ term) => !isJapanese(term) ? term.length >= RANKING.prefixFrom : [...term].length === 1,
    fuzzy: (/** @type {string} */ term) => !isJapanese(term) && term.length >= RANKING.fuzzyFrom ? RANKING.fuzzy : false,
    weights: RANKING.weights,
  };

  /** Whether a term is worth looking for: キー folds to き, which starts a pair on every page. */
  function searchable(/** @type {string} */ term) {
    return [...term].length > 1 || /\p{sc=Han}/u.test(term);
  }

  class Index {
    /**
     * @param {{config: {vocabulary?: string[][]}, docs: Array<{location: string, title: string, text: string,
     *   summary?: string, boost?: number}>}} index Material's search index, as hooks/search.py writes it
     */
    constructor({ config, docs }) {
      const groups = (config.vocabulary ?? []).map((group) => group.map(fold));
      /** @type {Array<[string, string[]]>} */
      this.members = groups.flatMap((group) => group.map((member) => [member, group]))
        .sort((a, b) => b[0].length - a[0].length); // the longest first: バックアップコード before バックアップ
      /** Latin words the pages use: a word outside them may be a typo of the vocabulary's. */
      this.words = new Set();
      const tokenize = (/** @type {string} */ text) => {
        const found = tokens(text);
        for (const token of found) if (!isJapanese(token)) this.words.add(token);
        return found;
      };
      const articles = new Map();
      const sections = [];
      for (const doc of docs) {
        const [location, anchor] = doc.location.split("#");
        if (!articles.has(location)) articles.set(location, { id: location, headings: [], text: [] });
        const article = articles.get(location);
        if (anchor === undefined) Object.assign(article, { doc, title: plain(doc.title), summary: doc.summary ?? "" });
        else {
          article.headings.push(plain(doc.title));
          sections.push({ id: doc.location, article: location, doc, title: plain(doc.title), text: plain(doc.text) });
        }
        article.text.push(plain(doc.text));
      }
      this.articles = new MiniSearch({
        fields: ["title", "summary", "headings", "text"], storeFields: ["doc"], tokenize,
        extractField: (entry, field) => (Array.isArray(entry[field]) ? entry[field].join(" ") : entry[field] ?? ""),
        searchOptions: { ...AS_IS, ...MATCHING, boost: RANKING.boost, bm25: RANKING.bm25,
          // A page's front matter may raise it ("search: boost: 1.2"), as Material's own search allows.
          boostDocument: (_id, _term, stored) => stored?.doc?.boost ?? 1 },
      });
      this.articles.addAll([...articles.values()].filter((article) => article.doc));
      /** Each article's whole text, folded, for the phrases of a query. */
      this.folded = new Map([...articles.values()].map((article) => [article.id,
        fold([article.title, article.summary, ...article.text].join(" ")).replace(/[^a-z0-9\p{L}\p{N}]+/gu, " ")]));
      this.sections = new MiniSearch({
        fields: ["title", "text"], storeFields: ["doc", "article"], tokenize,
        searchOptions: { ...AS_IS, ...MATCHING, boost: RANKING.sectionBoost, bm25: RANKING.bm25 },
      });
      this.sections.addAll(sections);
      this.lexicon = new MiniSearch({
        fields: ["word"], storeFields: ["group"], ...AS_IS,
        searchOptions: { ...AS_IS, fuzzy: RANKING.fuzzy },
      });
      this.lexicon.addAll(groups.flatMap((group) => group.flatMap((member) => tokens(member)))
        .filter((word, at, all) => !isJapanese(word) && word.length >= RANKING.fuzzyFrom && all.indexOf(word) === at)
        .map((word, id) => ({ id, word, group: groups.filter((group) => group.some((m) => tokens(m).includes(word))).flat() })));
    }

    /**
     * The query's concepts, each a label and its alternatives: the reader's own words (weight 1),
     * the rest of its vocabulary group, or the group a typo points to. A vocabulary word counts
     * only whole (all its terms); a word of the reader's outside the vocabulary counts in part too.
     * @param {string} query
     * @returns {Array<{label: string, alternatives: Array<{terms: string[], weight: number, whole?: boolean}>}>}
     */
    analyse(query) {
      const spell = (/** @type {string} */ text) => tokens(text, { query: true });
      return concepts(query, this.members).map(({ label, words, group }) => {
        const own = words.flatMap(spell);
        if (!group && own.length === 1 && !isJapanese(own[0]) && !this.words.has(own[0])) {
          const [guess] = this.lexicon.search(own[0]); // a typo of a word no page uses
          if (guess) group = guess.group; // every group that uses the word the typo stands for
          return { label, alternatives: [{ terms: own, weight: 1 },
            ...(group ?? []).map((member) => ({ terms: spell(member), weight: RANKING.typo, whole: true }))] };
        }
        const others = (group ?? []).filter((member) => !words.includes(member));
        return { label, alternatives: [{ terms: own, weight: 1, whole: Boolean(group) },
          ...others.map((member) => ({ terms: spell(member), weight: RANKING.vocabulary, whole: true }))] };
      }).map(({ label, alternatives }) => ({ label, alternatives: alternatives.filter(({ terms }) => terms.some(searchable)) }))
        .filter(({ alternatives }) => alternatives.length);
    }

    /**
     * Each document's score per concept: its best alternative (MiniSearch's BM25 score with field
     * boosts, prefix and typo matching, per term of the alternative).
     * @returns {Map<string, {result: object, each: number[], needles: Set<string>}>}
     */
    scores(miniSearch, found) {
      const docs = new Map();
      found.forEach(({ alternatives }, index) => {
        for (const { terms, weight, whole } of alternatives) {
          const unique = [...new Set(terms)];
          // MiniSearch multiplies the summed score by the terms matched: divided by their number
          // squared, a whole match is the terms' mean and half a match a quarter of it.
          const query = { combineWith: whole ? "AND" : "OR", queries: unique };
          for (const result of miniSearch.search(query)) {
            const entry = docs.get(result.id) ?? { result, each: found.map(() => 0), needles: new Set() };
            entry.each[index] = Math.max(entry.each[index], weight * result.score / unique.length ** 2);
            for (const term of result.terms) entry.needles.add(term);
            docs.set(result.id, entry);
          }
        }
      });
      return docs;
    }

    /** Neighbouring words of the query as one phrase: "cracked screen", 機種変更 after 控えたキーで. */
    phrases(found) {
      return found.slice(1).map(({ label }, index) => {
        const [first, second] = [fold(found[index].label), fold(label)];
        return isJapanese(first + second) ? first + second : `${first} ${second}`;
      });
    }

    /** Concepts' scores summed, raised by the share of the query's concepts the document has. */
    total({ each }) {
      const share = each.filter((value) => value > 0).length / each.length;
      return each.reduce((sum, value) => sum + value, 0) * (RANKING.coverage + share);
    }

    /**
     * Material's answer: {items: [[article, ...sections]]}, best article first; under each, its
     * sections that have the reader's words, best first.
     * @param {string} query
     */
    search(query) {
      const found = this.analyse(query);
      if (!found.length) return { items: [] };
      const bySection = new Map();
      for (const section of this.scores(this.sections, found).values()) {
        const list = bySection.get(section.result.article) ?? [];
        bySection.set(section.result.article, [...list, { ...section, score: this.total(section) }]);
      }
      const phrases = this.phrases(found);
      const articles = [...this.scores(this.articles, found).values()].map((article) => {
        const together = phrases.filter((phrase) => this.folded.get(article.result.id).includes(phrase)).length;
        const phrase = phrases.length ? 1 + RANKING.phrase * together / phrases.length : 1;
        return { ...article, score: this.total(article) * phrase };
      }).sort((a, b) => b.score - a.score);
      const items = articles.map((article) => [
        this.item(article, found, article.score),
        // Material lists a section above the fold only when it scores at least the article.
        ...(bySection.get(article.result.id) ?? []).sort((a, b) => b.score - a.score).slice(0, RANKING.sections)
          .map((section) => this.item(section, found, Math.min(section.score, article.score / 2))),
      ]);
      return { items };
    }

    /** A result in Material's shape: its document, the words marked, and which concepts it has. */
    item({ result, each, needles }, found, score) {
      const terms = Object.fromEntries(found.map(({ label }, index) => [label, each[index] > 0]));
      const doc = result.doc;
      return { ...doc, title: mark(doc.title, [...needles]), text: mark(doc.text, [...needles]), score, terms };
    }
  }

  scope.HelpSearch = { Index };
})(self);
