// The tab the reader chose before (content.tabs.link), selected as the page is read, before it is
// first shown. Material's code from partials/javascripts/content.html, word for word, loaded as a
// file instead of inline (script-src 'self'); tests/test_material_contract.py compares the two.
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
