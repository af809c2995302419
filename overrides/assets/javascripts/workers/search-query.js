// A reader's query as concepts: the words that carry its meaning, each with the spellings that
// stand for it. A classic script for the search worker; it defines self.HelpSearchQuery.
//
//   - The readers' vocabulary (data/vocabulary.toml) is found in the query first, longest first
//     (バックアップコード before バックアップ): each member found brings its whole group.
//   - What is left loses the question around the keywords: Japanese endings (って何, とは, ですか,
//     できない, したい) and particles, English question and filler words (what is, how do i, why).
//   - Kanji keep their okurigana (壊れた, 変える); a particle such as の does not.

(function (scope) {
  "use strict";

  const { fold, foldMap, stem } = scope.HelpSearchText;
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
    "anything something any some just still now again mean means meaning").split(" "));
  /** Question endings and fillers around Japanese keywords, removed before the rest is read. */
  const QUESTION_JA = ["って何", "ってなに", "ってなん", "とは何", "とは", "なんですか", "何ですか", "ですか", "ますか",
    "でしょうか", "できない", "できません", "させたい", "したい", "したら", "どうすれば", "どうしたら", "いいですか", "いい", "何"];
  const STOP_JA = new Set(["です", "ます", "ください", "どう", "すれば", "よい", "する", "して", "した", "しない", "します",
    "しました", "できる", "ない", "たい", "なら", "ため", "とき", "こと", "もの", "ところ", "について", "には", "では",
    "から", "まで", "より", "なん", "どこ", "いつ", "だれ", "ほしい", "ある", "あります", "いる", "います", "なった",
    "なる", "なりました", "ちゃった", "ちゃう", "てしまった", "しまった", "れない", "られない", "いけない", "わからない"]);
  const PARTICLES = new Set([..."のをがはにでともやへかね"]);

  /** @param {string} character @returns {string} */
  function scriptOf(character) {
    for (const [name, pattern] of SCRIPTS) if (pattern.test(character)) return name;
    return "other";
  }

  /** Whether the hiragana at ``position`` (after kanji) is okurigana: up to two, and no particle first. */
  function okurigana(characters, position) {
    let length = 0;
    while (scriptOf(characters[position + length] ?? "") === "hiragana") length++;
    let back = 0;
    while (position - back - 1 >= 0 && scriptOf(characters[position - back - 1]) === "hiragana") back++;
    return back + length <= 2 && !PARTICLES.has(characters[position - back]);
  }

  /** Where ``member`` occurs in ``text``; a Latin word only where it stands alone (not inside "iphone7x"). */
  function positions(text, member) {
    const found = [];
    const latin = !/[^\x00-\x7f]/.test(member);
    for (let at = text.indexOf(member); at !== -1; at = text.indexOf(member, at + 1)) {
      const alone = !latin || (!/[a-z0-9]/.test(text[at - 1] ?? "") && !/[a-z0-9]/.test(text[at + member.length] ?? ""));
      if (alone) found.push(at);
    }
    return found;
  }

  /**
   * @typedef {{label: string, group?: string[], words: string[]}} Concept
   * ``group``: the vocabulary group it belongs to; ``words``: what the reader typed (folded).
   */

  /**
   * The concepts of a query, in the query's order.
   * @param {string} query as typed
   * @param {Array<[string, string[]]>} members each folded vocabulary member with its group, longest first
   * @returns {Concept[]}
   */
  function concepts(query, members) {
    const all = [];
    for (const chunk of query.normalize("NFKC").toLowerCase().split(SPLIT).filter(Boolean)) {
      const { folded, origin } = foldMap(chunk);
      const plainFolded = folded.replace(/[-_/']/g, " "); // same length: "turn-off" reads as "turn off"
      const covered = new Array(chunk.length).fill(false);
      const found = []; // this chunk's concepts with where they start
      const cover = (at, length) => {
        const [from, to] = [origin[at], origin[at + length]];
        if (covered.slice(from, to).some(Boolean)) return null;
        for (let i = from; i < to; i++) covered[i] = true;
        return [from, to];
      };
      for (const [member, group] of members)
        for (const at of positions(plainFolded, member)) {
          const span = cover(at, member.length);
          if (span) found.push({ at: span[0], label: chunk.slice(...span).trim(), group, words: [member] });
        }
      for (const ending of QUESTION_JA.map(fold))
        for (const at of positions(plainFolded, ending)) cover(at, ending.length);
      let run = "";
      let runStart = 0;
      let script = null;
      const flush = () => {
        const term = run;
        run = "";
        if (!term) return;
        if (script === "latin") {
          for (const word of term.match(/[a-z0-9]+/g) ?? [])
            if (/[a-z]/.test(word) && !STOP_EN.has(word)) found.push({ at: runStart, label: word, words: [stem(word)] });
        } else if (script === "kanji" || script === "katakana" || (script === "hiragana" && [...term].length >= 3 && !STOP_JA.has(term))) {
          found.push({ at: runStart, label: term, words: [fold(term)] });
        }
      };
      let offset = 0;
      const characters = [...chunk];
      characters.forEach((character, position) => {
        let kind = covered[offset] ? null : scriptOf(character);
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
      all.push(...found.sort((a, b) => a.at - b.at).map(({ at, ...concept }) => concept));
    }
    return all;
  }

  scope.HelpSearchQuery = { concepts, STOP_EN };
})(self);
