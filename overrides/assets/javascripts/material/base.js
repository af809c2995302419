// Material for MkDocs' storage helpers (__md_scope, __md_hash, __md_get, __md_set), which its
// bundle and its other page scripts call. Material writes this code inline into every page's
// head (partials/javascripts/base.html); loaded as a file, it lets the help center's
// Content-Security-Policy say script-src 'self'. The line below is Material's, word for word,
// except that the scope (the folder the keys are stored under) comes from this tag's
// data-md-scope, where our partial writes what Material wrote into the script;
// tests/test_material_contract.py holds the two together.
// A classic script, not a module: it must run before anything after it in the page.
__md_scope=new URL(document.currentScript.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
