// A link to one tab (page.html#__tabbed_1_2) opens that tab. Material's code from
// partials/javascripts/content.html, word for word, loaded as a file instead of inline
// (script-src 'self'); tests/test_material_contract.py compares the two.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
