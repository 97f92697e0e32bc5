/* responsibility matrix: sort by a column, filter rows by document, agency, role and text.
 * Only rows and classes move; every text is read with textContent and nothing is written as markup. */
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var table = byId("kg-matrix"), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
  var FIXED = headers.filter(function (h) { return h.classList.contains("kg-fixed"); }).length;
  var state = { doc: "", agency: -1, role: "", only: false, text: "", sort: -1, desc: false };
  var RANK = { "牵头": 0, "配合": 2, "": 9 };
  function cellText(row, i) { return row.cells[i] ? row.cells[i].textContent : ""; }
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!state.doc || row.getAttribute("data-doc") === state.doc) &&
        (!state.text || row.textContent.indexOf(state.text) >= 0);
      if (ok && state.agency >= 0) {
        var word = cellText(row, state.agency);
        ok = state.role ? word === state.role : word !== "";
      }
      row.classList.toggle("kg-hidden", !ok);
      if (ok) { shown++; }
    });
    headers.forEach(function (h, i) {
      var hide = state.only && state.agency >= 0 && i >= FIXED && i !== state.agency;
      var cells = [h].concat(rows.map(function (r) { return r.cells[i]; }));
      if (table.tFoot) { if (i >= FIXED) { cells.push(table.tFoot.rows[0].cells[i - FIXED + 1]); } }
      cells.forEach(function (c) {
        if (!c) { return; }
        c.classList.toggle("kg-col-hidden", hide);
        c.classList.toggle("kg-col-on", i === state.agency && state.agency >= 0);
      });
    });
    byId("kg-status").textContent = shown + " / " + rows.length + " 项职责 duties";
    window.__kgMatrix = { shown: shown, rows: rows.length };
  }
  function sortBy(i) {
    state.desc = state.sort === i ? !state.desc : false; state.sort = i;
    var agency = i >= FIXED;
    var keyed = rows.map(function (row, n) {
      var t = cellText(row, i);
      return { row: row, n: n, key: agency ? (t in RANK ? RANK[t] : 1) : t };
    });
    keyed.sort(function (a, b) {
      var c = a.key < b.key ? -1 : a.key > b.key ? 1 : a.n - b.n;
      return state.desc ? -c : c;
    });
    keyed.forEach(function (k) { body.appendChild(k.row); });
    headers.forEach(function (h, j) { h.classList.toggle("kg-sorted", j === i); });
  }
  headers.forEach(function (h, i) { h.addEventListener("click", function () { sortBy(i); }); });
  function bind(id, key, read) {
    var c = byId(id);
    c.addEventListener("input", function () { state[key] = read(c); apply(); });
  }
  bind("kg-f-doc", "doc", function (c) { return c.value; });
  bind("kg-f-role", "role", function (c) { return c.value; });
  bind("kg-f-only", "only", function (c) { return c.checked; });
  bind("kg-f-text", "text", function (c) { return c.value.trim(); });
  bind("kg-f-agency", "agency", function (c) {
    if (!c.value) { return -1; }
    for (var i = FIXED; i < headers.length; i++) { if (headers[i].textContent === c.value) { return i; } }
    return -1;
  });
  byId("kg-print").addEventListener("click", function () { window.print(); });
  window.__kgSort = sortBy;
  apply();
  window.__kgReady = true;
})();
