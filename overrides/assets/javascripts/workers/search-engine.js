// The help center's search, in readers' own words. A plain classic script (it runs inside a
// worker) that defines self.HelpSearch; search-worker.js speaks Material's protocol around it.
//
//   - Text and queries are folded the same way: NFKC (full-width and half-width alike), lower
//     case, katakana as hiragana, the long-vowel mark dropped (リカバリーコード = リカバリコード).
//   - The readers' vocabulary (data/vocabulary.toml, in the index config) makes each word of a
//     group find what any other finds: スマホ = スマートフォン, backup codes = recovery codes.
//   - Japanese words are found anywhere inside the text (there are no spaces to split on); a word
//     the text lacks still counts for the pairs of characters it shares (再設定 ~ 設定し直す).
//     English words match whole, then by prefix, then within one or two typos.
//   - Every word adds to a result's score and none is required: an unknown word lowers the rank
//     of what it does not match and never empties the results. Titles count most, then headings;
//     results are grouped by article.

(function (scope) {
  "use strict";

  const KATAKANA = /[\u30a1-\u30f6]/;
  const LONG_VOWEL = "ー";
  const SPLIT = /[、。，．,.!?！？・／「」『』()（）[\]"“”‘’:：;；~〜]+/u; // not spaces: "turn off" is one phrase
  const SCRIPTS = [
    ["kanji", /[\p{sc=Han}々〆ヶ]/u],
    ["katakana", /[\p{sc=Katakana}ー]/u],
    ["hiragana", /\p{sc=Hiragana}/u],
    ["latin", /[a-z0-9]/],
  ];
  const STOP_EN = new Set(("a an the i im i'm my me mine to do does did done how what whats when where which who why " +
    "can cant can't could should would will is are was were be been if it its of for on in into with and or " +
    "so get got getting please need want wanted you your this that these those there from at as by about " +
    "anything something any some just still now again new").split(" ").filter((word) => word !== "new"));
  const STOP_JA = new Set(["です", "ます", "ですか", "ますか", "ください", "どう", "どうすれば", "すれば", "いい", "よい",
    "したい", "したら", "すると", "する", "して", "した", "しない", "します", "しました", "できる", "できない", "できません",
    "ない", "たい", "なら", "ため", "とき", "こと", "もの", "ところ", "について", "には", "では", "とは", "から", "まで",
    "より", "なに", "なん", "どこ", "いつ", "だれ", "ほしい", "ある", "あります", "いる", "います", "なった", "なる",
    "なりました", "ちゃった", "ちゃう", "てしまった", "しまった", "れない", "られない", "いけない", "わからない"]);
  const WEIGHT = { articleTitle: 20, summary: 12, sectionTitle: 5, synonym: 0.85, prefix: 0.7, typo: 0.6, partial: 0.5 };

  /** One character's folded form: "" when it is dropped. */
  function foldChar(character) {
    let text = character.normalize("NFKC").toLowerCase();
    text = [...text].map((c) => (KATAKANA.test(c) ? String.fromCharCode(c.charCodeAt(0) - 0x60) : c)).join("");
    return text === LONG_VOWEL ? "" : text;
  }

  /** Folded text and, for each of its characters, where it came from in the original. */
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

  function fold(text) {
    return foldMap(text).folded;
  }

  function plain(html) {
    return html.replace(/<[^>]*>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
  }

  function scriptOf(character) {
    for (const [name, pattern] of SCRIPTS) if (pattern.test(character)) return name;
    return "other";
  }

  function stem(word) {
    if (word.length > 5 && word.endsWith("ing")) return word.slice(0, -3);
    if (word.length > 4 && word.endsWith("ied")) return `${word.slice(0, -3)}y`;
    if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
    if (word.length > 4 && word.endsWith("ed")) return word.slice(0, -2);
    if (word.length > 3 && word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  function words(text) {
    return (fold(text).match(/[a-z0-9]+/g) ?? []).filter((word) => /[a-z]/.test(word)).map(stem);
  }

  function isLatin(text) {
    return !/[^\x00-\x7f]/.test(text);
  }

  /** Edit distance with transpositions, giving up above ``limit``. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1);
        row.push(value);
        best = Math.min(best, value);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  /** Title, summary (the page's description) and body: where a word is found, and how often. */
  function fields([inTitle, inSummary, inText], titleWeight) {
    return (inTitle ? titleWeight : 0) + (inSummary ? WEIGHT.summary : 0) + (inText ? 1 + Math.log2(inText) : 0);
  }

  const PARTICLES = new Set([..."のをがはにでともやへかね"]);

  /** Whether the hiragana at ``position`` (after kanji) is okurigana: up to two, and no particle first. */
  function okurigana(characters, position) {
    let length = 0;
    while (scriptOf(characters[position + length] ?? "") === "hiragana") length++;
    let back = 0;
    while (position - back - 1 >= 0 && scriptOf(characters[position - back - 1]) === "hiragana") back++;
    return back + length <= 2 && !PARTICLES.has(characters[position - back]);
  }

  /** Neighbouring words as phrases, a bonus where the text has them side by side. */
  function pairs(concepts) {
    const found = [];
    for (let i = 0; i + 1 < concepts.length; i++) {
      const [first, second] = [concepts[i], concepts[i + 1]];
      const join = (a, b) => (isLatin(a.text) && isLatin(b.text) ? `${a.text} ${b.text}` : a.text + b.text);
      const alternatives = first.alternatives.slice(0, 4).flatMap((a) => second.alternatives.slice(0, 4)
        .map((b) => ({ text: join(a, b), weight: 0.5 })));
      if (alternatives.length) found.push({ label: `${first.label} ${second.label}`, alternatives, bonus: true });
    }
    return found;
  }

  /** Whether a folded word is worth looking for: キー folds to き, which is in every page. */
  function searchable(text) {
    return [...text].length > 1 || /\p{sc=Han}/u.test(text);
  }

  /** Where ``member`` occurs in ``text``; a Latin word only where it stands alone (not inside "iphone7x"). */
  function positions(text, member) {
    const found = [];
    const latin = isLatin(member);
    for (let at = text.indexOf(member); at !== -1; at = text.indexOf(member, at + 1)) {
      const alone = !latin || (!/[a-z0-9]/.test(text[at - 1] ?? "") && !/[a-z0-9]/.test(text[at + member.length] ?? ""));
      if (alone) found.push(at);
    }
    return found;
  }

  function occurrences(haystack, needle) {
    if (!needle) return 0;
    let count = 0;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
    return count;
  }

  function bigrams(text) {
    const chars = [...text];
    if (chars.length < 2) return [text];
    return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
  }

  class Index {
    constructor({ config, docs }) {
      const groups = (config.vocabulary ?? []).map((group) => group.map(fold));
      this.members = groups.flatMap((group) => group.map((member) => [member, group]))
        .sort((a, b) => b[0].length - a[0].length); // the longest first: バックアップコード before バックアップ
      this.docs = docs.map((doc) => {
        const title = plain(doc.title);
        const text = plain(doc.text);
        const summary = doc.summary ?? "";
        return {
          doc, article: !doc.location.includes("#"),
          title: fold(title), text: fold(text), summary: fold(summary),
          titleWords: words(title), textWords: words(text), summaryWords: words(summary),
        };
      });
      this.vocabulary = new Set(this.docs.flatMap((entry) => [...entry.titleWords, ...entry.textWords]));
      this.known = new Map(this.members.filter(([member]) => /^[a-z0-9]+$/.test(member)).map(([member, group]) => [member, group]));
    }

    /** The query as concepts: each a label and the spellings that stand for it. */
    concepts(query) {
      const concepts = [];
      for (const chunk of query.normalize("NFKC").toLowerCase().split(SPLIT).filter(Boolean)) {
        const { folded, origin } = foldMap(chunk);
        const plainFolded = folded.replace(/[-_/']/g, " "); // same length: "turn-off" reads as "turn off"
        const covered = new Array(chunk.length).fill(false);
        const found = []; // this chunk's concepts with where they start, put in the query's order below
        for (const [member, group] of this.members) {
          for (const at of positions(plainFolded, member)) {
            const from = origin[at];
            const to = origin[at + member.length];
            if (covered.slice(from, to).some(Boolean)) continue;
            for (let i = from; i < to; i++) covered[i] = true;
            found.push({ at: from, label: chunk.slice(from, to).trim(),
              alternatives: group.filter(searchable).map((text) => ({ text, weight: text === member ? 1 : WEIGHT.synonym })) });
          }
        }
        let run = "";
        let runStart = 0;
        let script = null;
        const flush = () => {
          const term = run;
          const at = runStart;
          run = "";
          if (!term) return;
          if (script === "latin") {
            for (const word of term.match(/[a-z0-9]+/g) ?? []) {
              if (!/[a-z]/.test(word) || STOP_EN.has(word)) continue;
              const alternatives = [{ text: stem(word), weight: 1, word: true }];
              const group = this.misspelt(word);
              if (group) alternatives.push(...group.map((text) => ({ text: isLatin(text) && !text.includes(" ") ? stem(text) : text, weight: WEIGHT.typo, word: isLatin(text) && !text.includes(" ") })));
              found.push({ at, label: word, alternatives });
            }
          } else if (script === "kanji" || script === "katakana" || (script === "hiragana" && [...term].length >= 3 && !STOP_JA.has(term))) {
            const chars = [...fold(term)];
            const alternatives = [{ text: chars.join(""), weight: chars.length === 1 ? 0.5 : 1 }];
            if (script === "kanji" && chars.length >= 4) { // 確認方法: 確認 and 方法 count a little on their own
              const half = Math.floor(chars.length / 2);
              alternatives.push({ text: chars.slice(0, half).join(""), weight: 0.6 }, { text: chars.slice(half).join(""), weight: 0.6 });
            }
            found.push({ at, label: term, alternatives });
          }
        };
        let offset = 0;
        const characters = [...chunk];
        characters.forEach((character, position) => {
          let kind = covered[offset] ? null : scriptOf(character);
          // Okurigana stay with their kanji: 同じ, 壊れた, 変える (a particle such as の does not).
          if (kind === "hiragana" && script === "kanji" && okurigana(characters, position)) kind = "kanji";
          if (kind !== script) {
            flush();
            script = kind;
            runStart = offset;
          }
          if (kind) run += character;
          offset += character.length;
        });
        flush();
        const ordered = found.sort((a, b) => a.at - b.at).map(({ at, ...concept }) => concept);
        concepts.push(...ordered, ...pairs(ordered));
        const whole = folded.replace(/\s+/g, isLatin(folded) ? " " : "").trim();
        if ([...whole].length >= 4 && (ordered.length !== 1 || whole !== ordered[0].alternatives[0].text))
          concepts.push({ label: chunk, alternatives: [{ text: whole, weight: 1 }], bonus: true }); // as typed: シークレットキーとは
      }
      return concepts;
    }

    /** A vocabulary group the word is a typo of (disabel: disable), when no page uses the word. */
    misspelt(word) {
      if (word.length < 4 || this.vocabulary.has(stem(word))) return null;
      const limit = word.length >= 8 ? 2 : 1;
      for (const [member, group] of this.known)
        if (member[0] === word[0] && distance(member, word, limit) <= limit) return group;
      return null;
    }

    /** How well one spelling matches one entry, title first. */
    score(entry, alternative) {
      const titleWeight = entry.article ? WEIGHT.articleTitle : WEIGHT.sectionTitle;
      if (alternative.word) {
        const word = alternative.text;
        const exact = (list) => list.filter((w) => w === word).length;
        const prefixed = (list) => list.filter((w) => w.length > word.length && w.startsWith(word)).length;
        let found = [exact(entry.titleWords), exact(entry.summaryWords), exact(entry.textWords)], factor = 1;
        if (!found.some(Boolean) && word.length >= 3) {
          found = [prefixed(entry.titleWords), prefixed(entry.summaryWords), prefixed(entry.textWords)];
          factor = WEIGHT.prefix;
        }
        if (!found.some(Boolean) && word.length >= 4) {
          const limit = word.length >= 8 ? 2 : 1;
          const near = (w) => w[0] === word[0] && distance(w, word, limit) <= limit;
          found = [entry.titleWords.filter(near).length, entry.summaryWords.filter(near).length, entry.textWords.filter(near).length];
          factor = WEIGHT.typo;
        }
        return factor * fields(found, titleWeight);
      }
      const text = alternative.text;
      const latin = isLatin(text);
      const within = (haystack) => (latin ? occurrences(` ${haystack.replace(/[^a-z0-9\p{L}\p{N}]/gu, " ")} `, ` ${text} `) : occurrences(haystack, text));
      const found = [within(entry.title), within(entry.summary), within(entry.text)];
      if (found.some(Boolean)) return fields(found, titleWeight);
      if (latin || [...text].length < 3) return 0;
      const pairs = bigrams(text);
      const share = pairs.filter((pair) => entry.title.includes(pair) || entry.text.includes(pair)).length / pairs.length;
      return share >= 0.5 ? WEIGHT.partial * share : 0;
    }

    search(query) {
      const concepts = this.concepts(query);
      if (!concepts.length) return { items: [] };
      const articles = new Map();
      for (const entry of this.docs) {
        const each = concepts.map((concept) => Math.max(...concept.alternatives.map((alternative) => alternative.weight * this.score(entry, alternative))));
        const article = entry.doc.location.split("#")[0];
        if (!articles.has(article)) articles.set(article, []);
        articles.get(article).push({ entry, each, total: each.reduce((sum, value) => sum + value, 0) });
      }
      // A word most articles use (スマホ, 2FA) tells less than one few use (機種変更, selfie).
      const count = articles.size;
      const rarity = concepts.map((_, index) => {
        const using = [...articles.values()].filter((items) => items.some((item) => item.each[index] > 0)).length;
        return Math.log(1 + count / (1 + using));
      });
      const ranked = [];
      for (const [article, items] of articles) {
        let score = 0;
        let matched = 0;
        concepts.forEach((concept, index) => {
          const values = items.map((item) => item.each[index]).sort((a, b) => b - a);
          if (values[0] <= 0) return;
          if (!concept.bonus) matched++;
          const more = values.slice(1).reduce((sum, value) => sum + value, 0);
          score += rarity[index] * (values[0] + 0.1 * Math.min(more, 5));
        });
        if (!matched) continue;
        const head = items.find((item) => item.entry.doc.location === article) ?? items[0];
        // A page's front matter may raise it ("search: boost: 1.5"), as Material's own search allows.
        score *= (0.5 + matched / concepts.filter((concept) => !concept.bonus).length) * (head.entry.doc.boost ?? 1);
        const sections = items.filter((item) => item !== head && item.total > 0).sort((a, b) => b.total - a.total).slice(0, 5);
        ranked.push({ score, items: [head, ...sections] });
      }
      ranked.sort((a, b) => b.score - a.score);
      return {
        items: ranked.map((group) => group.items.map((item, index) => this.item(item, concepts, index === 0 ? group.score : item.total))),
      };
    }

    /** A result in Material's shape: its fields, the words marked, and which words it has. */
    item({ entry, each }, concepts, score) {
      const terms = Object.fromEntries(concepts.flatMap((concept, index) => (concept.bonus ? [] : [[concept.label, each[index] > 0]])));
      const needles = concepts.flatMap((concept, index) => (each[index] > 0 ? concept.alternatives.map((a) => a.text) : []));
      return { ...entry.doc, title: mark(entry.doc.title, needles), text: mark(entry.doc.text, needles), score, terms };
    }
  }

  /** Wrap each folded needle found in the HTML's text (never inside a tag) in <mark>. */
  function mark(html, needles) {
    const wanted = needles.filter((needle) => [...needle].length >= 2);
    if (!wanted.length) return html;
    return html.split(/(<[^>]*>)/).map((part) => {
      if (part.startsWith("<")) return part;
      const { folded, origin } = foldMap(part);
      const spans = [];
      for (const needle of wanted)
        for (let at = folded.indexOf(needle); at !== -1; at = folded.indexOf(needle, at + needle.length))
          spans.push([origin[at], origin[at + needle.length]]);
      if (!spans.length) return part;
      spans.sort((a, b) => a[0] - b[0]);
      let out = "";
      let last = 0;
      for (const [from, to] of spans) {
        if (from < last) continue;
        out += `${part.slice(last, from)}<mark>${part.slice(from, to)}</mark>`;
        last = to;
      }
      return out + part.slice(last);
    }).join("");
  }

  scope.HelpSearch = { Index, fold, foldMap, stem, distance };
})(self);
