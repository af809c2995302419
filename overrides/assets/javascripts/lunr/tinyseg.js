// Material for MkDocs loads this file as its Japanese word segmenter (in place
// of TinySegmenter). It splits text where the script changes, kanji / katakana /
// hiragana / other, with the same scriptRuns() that search-worker.js applies to
// queries, so an index token and a query term are always cut the same way.
lunr.TinySegmenter = function () {}
lunr.TinySegmenter.prototype.ctype_ = text => (hasJapanese(text) ? "H" : "O")
lunr.TinySegmenter.prototype.segment = text => scriptRuns(text)
