// The kiosk's search screen, answered in the browser from the indexes of the reader's
// language and its fallbacks (search-index.js in each language's folder, precached
// with the rest of the kiosk), so that it answers at once and with the network down.
// The pamphlets were tokenised on the server
// (internal/search Export); this script normalises and tokenises only the query, the
// way internal/search does, and ranks with the index's own term rarities and
// parameters, so that it finds what the server finds.
(function () {
  "use strict";
  var parts = self.kioskSearchIndex;
  var box = document.getElementById("kresults");
  var form = document.querySelector("form.ksearch");
  if (!parts || !parts.length || !box || !form) { return; }
  var P = parts[0].params;
  var chain = JSON.parse(box.getAttribute("data-chain"));
  var input = form.elements.q;
  var status = document.getElementById("kstatus");
  var list = document.getElementById("klist");
  var back = document.getElementById("kback");
  var suggest = document.getElementById("ksuggest");
  var counts = JSON.parse(box.getAttribute("data-counts"));
  var languages = JSON.parse(box.getAttribute("data-languages"));
  var maxChars = Number(input.getAttribute("maxlength"));

  // ---- Normalisation and tokens: internal/search/normalize.go ----

  var mn = /\p{Mn}/u;
  var mark = /\p{M}/u;
  var letterOrDigit = /[\p{L}\p{M}\p{Nd}\u0640\u200c\u200d\u00ad]/u;
  var ignorable = /[\u0640\u200c\u200d\u00ad]/;
  var optionalMarks = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Arabic}\p{Script=Hebrew}]/u;
  var unspacedScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
  var arabicFold = { "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه" };
  var articles = ["وال", "بال", "فال", "كال", "ال"];

  function unspaced(ch) { return unspacedScript.test(ch); }

  function digit(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0x660 && c <= 0x669) { return String.fromCharCode(48 + c - 0x660); }
    if (c >= 0x6f0 && c <= 0x6f9) { return String.fromCharCode(48 + c - 0x6f0); }
    return ch;
  }

  // normalizeWord: compatibility-decomposed, optional marks dropped, Arabic-script
  // variants folded, recomposed and case-folded (lower case, ß as ss, ς as σ).
  function normalizeWord(w) {
    var out = "";
    var drop = false;
    for (var ch of w.normalize("NFKD")) {
      if (mn.test(ch)) {
        if (drop) { continue; }
      } else if (ignorable.test(ch)) {
        continue;
      } else {
        drop = optionalMarks.test(ch);
      }
      out += digit(arabicFold[ch] || ch);
    }
    return out.normalize("NFC").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ");
  }

  function tokenize(s) {
    var chars = Array.from(s);
    var out = [];
    for (var i = 0; i < chars.length;) {
      if (!letterOrDigit.test(chars[i])) { i++; continue; }
      var start = i;
      var cjk = unspaced(chars[i]);
      while (i < chars.length && letterOrDigit.test(chars[i]) && (unspaced(chars[i]) === cjk || mark.test(chars[i]))) { i++; }
      if (cjk) {
        bigrams(chars.slice(start, i), out);
        continue;
      }
      var w = normalizeWord(chars.slice(start, i).join(""));
      if (w) { out.push(w); }
    }
    return out;
  }

  // bigrams: a run of an unspaced script as overlapping pairs of characters (a mark
  // stays with its character); one character alone stays itself.
  function bigrams(run, out) {
    var chars = [];
    run.forEach(function (ch) {
      if (chars.length && mark.test(ch)) { chars[chars.length - 1] += ch; } else { chars.push(ch); }
    });
    if (chars.length === 1) { out.push(normalizeWord(chars[0])); return; }
    for (var c = 0; c + 1 < chars.length; c++) { out.push(normalizeWord(chars[c] + chars[c + 1])); }
  }

  // variants: an Arabic-script word without its article.
  function variants(w) {
    for (var i = 0; i < articles.length; i++) {
      var a = articles[i];
      if (w.length > a.length && w.startsWith(a) && Array.from(w.slice(a.length)).length >= 2) { return [w.slice(a.length)]; }
    }
    return [];
  }

  function prefixable(term) {
    var chars = Array.from(term);
    return unspaced(chars[0] || "") ? chars.length === 1 : chars.length >= 3;
  }

  function utf8Len(s) {
    var n = 0;
    for (var ch of s) { var c = ch.codePointAt(0); n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }
    return n;
  }

  // parseQuery: the query's first maxQueryBytes (UTF-8), its distinct terms, at most
  // maxQueryTerms of them.
  function parseQuery(q) {
    var cut = "";
    var bytes = 0;
    for (var ch of q) {
      bytes += utf8Len(ch);
      if (bytes > P.maxQueryBytes) { break; }
      cut += ch;
    }
    var terms = [];
    tokenize(cut).forEach(function (t) {
      if (terms.indexOf(t) < 0 && terms.length < P.maxQueryTerms) { terms.push(t); }
    });
    return terms;
  }

  // ---- The index (internal/search/export.go): each part's terms are [text,
  // documents, order, variant]; a passage's tokens are [term, skip, length]…, term
  // indexing its part's terms. The parts merge into one list of terms, in the whole
  // index's order, and one list of documents. ----

  var ix = { terms: [], docs: [], caps: new Map() };
  var termIndex = new Map(); // text → index in ix.terms
  parts.forEach(function (part) {
    var ids = part.terms.map(function (t) {
      if (!termIndex.has(t[0])) {
        termIndex.set(t[0], ix.terms.length);
        ix.terms.push({ text: t[0], idf: part.idf[t[1]], order: t[2], variant: t[3] >= 0 ? part.terms[t[3]][0] : null });
      }
      return termIndex.get(t[0]);
    });
    part.caps.forEach(function (c) { ix.caps.set(c.p, c.last); });
    part.docs.forEach(function (d) {
      ix.docs.push({ slug: d.slug, n: d.n, locale: part.locale, passages: d.passages.map(function (ps) {
        var k = ps.k.slice();
        for (var i = 0; i < k.length; i += 3) { k[i] = ids[k[i]]; }
        return { f: ps.f, t: ps.t, k: k };
      }) });
    });
  });
  ix.terms.sort(function (a, b) { return a.order - b.order; });
  var renumber = ix.terms.map(function (t, i) { var old = termIndex.get(t.text); termIndex.set(t.text, i); return old; });
  var from = new Array(renumber.length);
  renumber.forEach(function (old, i) { from[old] = i; });
  ix.docs.sort(function (a, b) { return a.n - b.n; });
  var postings = ix.terms.map(function () { return []; });
  ix.docs.forEach(function (d, di) {
    var tf = new Map();
    function count(term, field) {
      if (!tf.has(term)) { tf.set(term, [0, 0, 0]); }
      tf.get(term)[field]++;
    }
    d.passages.forEach(function (ps) {
      for (var k = 0; k < ps.k.length; k += 3) {
        ps.k[k] = from[ps.k[k]];
        count(ps.k[k], ps.f);
        var v = ix.terms[ps.k[k]].variant;
        if (v !== null) { count(termIndex.get(v), ps.f); }
      }
    });
    tf.forEach(function (c, term) { postings[term].push({ doc: di, tf: c }); });
  });

  // expand: the index terms a query term matches, each with its weight (index.go).
  function expand(text) {
    var m = new Map([[text, 1]]);
    variants(text).forEach(function (v) { m.set(v, P.variant); });
    if (!prefixable(text)) { return m; }
    var weight = unspaced(Array.from(text)[0]) ? 1 : P.prefix;
    var last = ix.caps.has(text) ? ix.caps.get(text) : Infinity;
    ix.terms.forEach(function (t) {
      if (t.order <= last && t.text.startsWith(text) && !m.has(t.text)) { m.set(t.text, weight); }
    });
    return m;
  }

  function weighted(tf) {
    var s = 0;
    for (var f = 0; f < tf.length; f++) {
      if (tf[f] > 0) { s += P.fieldWeight[f] * tf[f] / (tf[f] + P.saturation); }
    }
    return s;
  }

  function score(terms) {
    var total = new Map();
    var matched = new Map();
    terms.forEach(function (text) {
      var termScore = new Map();
      expand(text).forEach(function (weight, term) {
        var i = termIndex.get(term);
        if (i === undefined) { return; }
        postings[i].forEach(function (p) {
          var s = weight * ix.terms[i].idf * weighted(p.tf);
          if (s > (termScore.get(p.doc) || 0)) { termScore.set(p.doc, s); }
        });
      });
      termScore.forEach(function (s, d) {
        total.set(d, (total.get(d) || 0) + s);
        matched.set(d, (matched.get(d) || 0) + 1);
      });
    });
    var need = Math.floor((2 * terms.length + 2) / 3);
    total.forEach(function (s, d) {
      if (matched.get(d) < need) { total.delete(d); } else { total.set(d, s * (matched.get(d) / terms.length)); }
    });
    return total;
  }

  // search: the best translation of each pamphlet, best first (Index.Search).
  function search(q, limit) {
    var terms = parseQuery(q);
    if (!terms.length) { return { terms: terms, results: [] }; }
    var best = new Map();
    score(terms).forEach(function (s, d) {
      s *= 1 - P.fallback * chain.indexOf(ix.docs[d].locale);
      var slug = ix.docs[d].slug;
      var cur = best.get(slug);
      if (!cur || s > cur.score || (s === cur.score && d < cur.doc)) { best.set(slug, { doc: d, score: s }); }
    });
    var out = Array.from(best.values()).sort(function (a, b) {
      if (a.score !== b.score) { return b.score - a.score; }
      var x = ix.docs[a.doc].slug;
      var y = ix.docs[b.doc].slug;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    return { terms: terms, results: out.slice(0, limit) };
  }

  // ---- Snippets: internal/search/snippet.go ----

  function tokens(ps) {
    var out = [];
    var start = 0;
    for (var k = 0; k < ps.k.length; k += 3) {
      var t = ix.terms[ps.k[k]];
      start += ps.k[k + 1];
      out.push({ text: t.text, variant: t.variant, start: start, end: start + ps.k[k + 2] });
    }
    return out;
  }

  function matches(tok, term) {
    var prefix = prefixable(term);
    if (tok.text === term || (prefix && tok.text.startsWith(term))) { return true; }
    if (tok.variant !== null && (tok.variant === term || (prefix && tok.variant.startsWith(term)))) { return true; }
    return variants(term).indexOf(tok.text) >= 0;
  }

  function snippet(d, terms) {
    var passages = ix.docs[d].passages;
    var bestPassage = -1;
    var bestCount = 0;
    passages.forEach(function (ps, i) {
      if (ps.f === 0) { return; }
      var seen = new Set();
      tokens(ps).forEach(function (tok) {
        terms.forEach(function (term) { if (matches(tok, term)) { seen.add(term); } });
      });
      if (seen.size > bestCount) { bestPassage = i; bestCount = seen.size; }
    });
    if (bestPassage < 0) {
      var text = passages[1].t;
      var to = windowEnd(text, 0);
      return [{ text: to < text.length ? text.slice(0, to) + " …" : text }];
    }
    return fragments(passages[bestPassage], terms);
  }

  function fragments(ps, terms) {
    var spans = [];
    tokens(ps).forEach(function (tok) {
      if (!terms.some(function (term) { return matches(tok, term); })) { return; }
      var last = spans[spans.length - 1];
      if (last && tok.start <= last.end) { last.end = Math.max(last.end, tok.end); return; }
      spans.push({ start: tok.start, end: tok.end });
    });
    var text = ps.t;
    var from = windowStart(text, spans[0].start);
    var to = windowEnd(text, from);
    var out = [];
    var pos = from;
    spans.forEach(function (sp) {
      if (sp.start < from || sp.end > to) { return; }
      if (sp.start > pos) { out.push({ text: text.slice(pos, sp.start) }); }
      out.push({ text: text.slice(sp.start, sp.end), match: true });
      pos = sp.end;
    });
    if (pos < to) { out.push({ text: text.slice(pos, to) }); }
    if (from > 0) { out.unshift({ text: "… " }); }
    if (to < text.length) { out.push({ text: " …" }); }
    return out;
  }

  function runeBack(text, i) { return i >= 2 && /[\udc00-\udfff]/.test(text[i - 1]) && /[\ud800-\udbff]/.test(text[i - 2]) ? i - 2 : i - 1; }
  function runeOn(text, i) { return /[\ud800-\udbff]/.test(text[i]) && i + 1 < text.length ? i + 2 : i + 1; }

  function windowStart(text, firstMatch) {
    if (Array.from(text).length <= P.snippetRunes) { return 0; }
    var from = firstMatch;
    for (var n = 0; from > 0 && n < Math.floor(P.snippetRunes / 4); n++) { from = runeBack(text, from); }
    if (from === 0) { return 0; }
    var sp = text.slice(from, firstMatch).indexOf(" ");
    return sp >= 0 ? from + sp + 1 : from;
  }

  function windowEnd(text, from) {
    var to = from;
    for (var n = 0; to < text.length && n < P.snippetRunes; n++) { to = runeOn(text, to); }
    if (to === text.length) { return to; }
    var sp = text.slice(from, to).lastIndexOf(" ");
    return sp >= 0 && utf8Len(text.slice(from, from + sp)) > Math.floor(P.snippetRunes / 2) ? from + sp : to;
  }

  // ---- The page ----

  function el(name, text) {
    var e = document.createElement(name);
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function item(r, terms) {
    var d = ix.docs[r.doc];
    var li = el("li");
    var a = el("a");
    a.href = box.getAttribute("data-pamphlet").replace("{slug}", d.slug);
    var fallback = d.locale !== chain[0];
    if (fallback) {
      a.lang = d.locale;
      a.dir = languages[d.locale][1];
    }
    var span = el("span");
    snippet(r.doc, terms).forEach(function (f) { span.appendChild(f.match ? el("mark", f.text) : document.createTextNode(f.text)); });
    a.append(el("strong", d.passages[0].t), " ", span);
    li.appendChild(a);
    if (fallback) {
      var tag = el("small", languages[d.locale][0]);
      tag.className = "tag";
      li.append(" ", tag);
    }
    return li;
  }

  // show answers q on the page, as the server would have.
  function show(q) {
    box.setAttribute("data-query", q);
    box.setAttribute("data-source", "browser");
    list.replaceChildren();
    var found = [];
    var refused = Array.from(q).length > maxChars;
    if (q && !refused) {
      var res = search(q, counts.length - 1);
      found = res.results;
      found.forEach(function (r) { list.appendChild(item(r, res.terms)); });
    }
    status.textContent = refused ? box.getAttribute("data-bad") : !q ? "" : found.length ? counts[found.length] : box.getAttribute("data-none").replace("{query}", q);
    list.hidden = !found.length;
    back.hidden = !q || found.length > 0;
    suggest.hidden = found.length > 0;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.trim();
    show(q);
    try {
      window.history.replaceState(null, "", q ? "?" + new URLSearchParams({ q: q }) : window.location.pathname);
    } catch (err) { /* file:// may refuse; the results are shown all the same */ }
    input.blur(); // the touch keyboard closes and the results are in view
  });

  // Opened with ?q= (the service worker serves this page for any query): answer it,
  // unless the server already has.
  var q = (new URLSearchParams(window.location.search).get("q") || "").trim();
  if (q !== box.getAttribute("data-query")) {
    input.value = q;
    show(q);
  }

}());
