// Japanese-aware search around Material for MkDocs' own search worker.
//
// Japanese has no spaces, and Material's worker matches the start of a word
// only, so キー could not find シークレットキー and 2段階認証 found nothing.
// Here, in the same worker:
//   - the index splits Japanese text where the script changes (lunr/tinyseg.js);
//   - each Japanese word of a query is cut the same way and searched anywhere
//     inside index words, with its spelling variants (config.synonyms);
//   - a result is kept only if its text holds the whole Japanese word, so
//     解除 does not match a section that merely has 理解 and 削除, and articles
//     are ranked by where and how often they use it (title first).
// Latin-script queries pass through untouched.

const SETUP = 0
const QUERY = 2
const RESULT = 3

const JAPANESE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}ー々〆ヶ]/u
const SCRIPTS = [
  ["kanji", /[\p{sc=Han}々〆ヶ]/u],
  ["katakana", /[\p{sc=Katakana}ーｰ]/u],
  ["hiragana", /\p{sc=Hiragana}/u],
]

function hasJapanese(text) {
  return JAPANESE.test(text)
}

function scriptOf(character) {
  for (const [name, pattern] of SCRIPTS) if (pattern.test(character)) return name
  return "other"
}

// "2段階認証のキー" -> ["2", "段階認証", "の", "キー"]
function scriptRuns(text) {
  const runs = []
  let previous = null
  for (const character of text) {
    const script = scriptOf(character)
    if (script === previous) runs[runs.length - 1] += character
    else runs.push(character)
    previous = script
  }
  return runs
}

function normalise(text) {
  return text.normalize("NFKC").toLowerCase()
}

function plainText(html) {
  const text = html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'").replace(/&amp;/g, "&")
  return normalise(text)
}

let synonyms = []
let sections = new Map() // location -> plain text of its title and body
const pending = [] // spellings per Japanese query word, one entry per query in flight

// Every spelling of a query word: the word itself, and each synonym swapped in.
function spellings(word) {
  const found = new Set([word])
  for (const group of synonyms)
    for (const member of group.map(normalise))
      if (word.includes(member))
        for (const other of group.map(normalise)) found.add(word.replace(member, other))
  return [...found]
}

function rewriteQuery(query) {
  const words = normalise(query).split(/\s+/).filter(Boolean)
  const japanese = []
  const terms = []
  for (const word of words) {
    if (!hasJapanese(word)) {
      terms.push(word)
      continue
    }
    const variants = spellings(word)
    japanese.push(variants)
    // A leading * finds the run anywhere in an index word; Material adds the trailing one.
    for (const variant of variants)
      for (const run of scriptRuns(variant)) if (/\S/.test(run)) terms.push(`*${run}`)
  }
  pending.push(japanese)
  return terms.join(" ")
}

function occurrences(text, variants) {
  return variants.reduce((count, variant) => count + text.split(variant).length - 1, 0)
}

function holdsEveryWord(location, japanese) {
  const text = sections.get(location) ?? ""
  return japanese.every(variants => occurrences(text, variants) > 0)
}

// Articles whose title holds the words come first, then those that use them most.
function relevance(group, japanese) {
  const [article] = group
  const title = normalise(article.title.replace(/<[^>]*>/g, ""))
  return group.reduce(
    (score, item) => score + japanese.reduce((sum, variants) =>
      sum + occurrences(sections.get(item.location) ?? "", variants), 0),
    japanese.reduce((sum, variants) => sum + 10 * occurrences(title, variants), 0)
  )
}

function refineResult(result, japanese) {
  if (!japanese.length) return result
  const groups = []
  for (const group of result.items) {
    const [article, ...rest] = group
    const kept = rest.filter(item => holdsEveryWord(item.location, japanese))
    if (kept.length || holdsEveryWord(article.location, japanese)) groups.push([article, ...kept])
  }
  const ranked = groups
    .map((group, order) => ({ group, order, score: relevance(group, japanese) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
  return { ...result, items: ranked.map(({ group }) => group) }
}

addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    synonyms = message.data.config.synonyms ?? []
    sections = new Map(
      message.data.docs.map(doc => [doc.location, plainText(`${doc.title} ${doc.text}`)])
    )
  } else if (message.type === QUERY) {
    message.data = rewriteQuery(message.data)
  }
})

// Material's worker answers every query, in order, with one RESULT message.
const send = self.postMessage.bind(self)
self.postMessage = message => {
  if (message.type === RESULT) message = { ...message, data: refineResult(message.data, pending.shift() ?? []) }
  send(message)
}

importScripts(new URL(location.href).searchParams.get("engine"))
