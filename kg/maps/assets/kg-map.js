/* kg map page: layout fitted to the screen, legible labels, search, filters, side panel, PNG.
 *
 * Inlined into every map page by kg/maps/html.py (no network). Every text that comes from the
 * records is written with textContent, never parsed as markup, so hostile text stays text.
 * Positions come from Python (layout coordinates lx, ly); arrange() maps the visible nodes onto
 * the viewport at scale 1, so one canvas unit is one CSS pixel and a font size is a pixel size.
 */
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  function json(id) { return JSON.parse(byId(id).textContent); }

  /* ---- unpack: the packed blocks (kg/maps/packing.py, which says why) back into objects --- */
  var PLACEHOLDERS = /[\ue000-\ue0ff]/g, HAS_PLACEHOLDER = /[\ue000-\ue0ff]/;
  function fill(text, names) {
    if (!HAS_PLACEHOLDER.test(text)) { return text; }
    return text.replace(PLACEHOLDERS, function (c) { return names[c.charCodeAt(0) - 0xe000]; });
  }
  function reader(col, strings, nodeIds) {  // row → value, or undefined where the row has no key
    var skip = {}, width = col.c ? Math.max(col.c.length, 1) : 1;
    (col.m || []).forEach(function (i) { skip[i] = true; });
    (col.x || []).forEach(function (i) { skip[i] = true; });  // derived duty lists: filled below
    function str(x) { return strings[x]; }
    if (col.s) { return function (i) { return col.s[i] === -1 ? undefined : strings[col.s[i]]; }; }
    if (col.l) { return function (i) { return col.l[i] === null ? undefined : col.l[i].map(str).join("\n"); }; }
    if (col.a) { return function (i) { return col.a[i] === null ? undefined : col.a[i].map(str); }; }
    if (col.f) { return function (i) { return col.f[i] === -1 ? undefined : strings[col.f[i]] + ":" + col.n[i]; }; }
    if (col.e) { return function (i) { return nodeIds[col.e[i]]; }; }
    if (col.p) {
      return function (i) {
        if (col.p[i] === null) { return undefined; }
        return col.p[i].map(function (name, k) { var code = col.c[col.r[i][k]]; return [strings[name], code[0], code[1]]; });
      };
    }
    if (col.d) {
      return function (i) {
        if (skip[i]) { return null; }
        if (col.d[i] === null) { return undefined; }
        var previous = 0;
        return col.d[i].map(function (x) {
          var step = Math.floor(x / width); previous += step;
          return [previous, col.c[x - step * width]];
        });
      };
    }
    return function (i) { return skip[i] ? undefined : col.v[i]; };
  }
  function unpackItems(table, strings, context, nodeIds) {
    var rows = [], keys = Object.keys(table.cols), i;
    for (i = 0; i < table.n; i++) { rows.push(table.id !== undefined ? { id: table.id + i } : {}); }
    var order = keys.filter(function (k) { return !table.cols[k].t; })
      .concat(keys.filter(function (k) { return table.cols[k].t; }));  // templates last: they read the rest
    var names = [];  // each row's context, made once for all its templated columns
    order.forEach(function (key) {
      var col = table.cols[key], read = reader(col, strings, nodeIds);
      for (i = 0; i < table.n; i++) {
        var value = read(i);
        if (value === undefined) { continue; }
        if (col.t && context) {
          var own = names[i] || (names[i] = context(rows[i]));
          value = Array.isArray(value) ? value.map(function (v) { return fill(v, own); }) : fill(value, own);
        }
        rows[i][key] = value;
      }
    });
    return rows;
  }
  function roleMap(list) {  // duty index → role, the last one for an index listed twice
    var roles = new Map();
    list.forEach(function (p) { roles.set(p[0], p[1]); });
    return roles;
  }
  function shared(source, roles) {  // the duties two ends share; led: one leads, the other not
    var out = [];
    source.forEach(function (p) {
      if (roles.has(p[0])) { out.push([p[0], (p[1] === "lead") !== (roles.get(p[0]) === "lead")]); }
    });
    return out;
  }
  function unpack(packed, meta) {
    var strings = packed.strings;
    var nodes = unpackItems(packed.nodes, strings, function (n) { return [n.label || "", n.name || ""]; });
    timing.nodes = performance.now();
    var ids = nodes.map(function (n) { return n.id; }), byId = {};
    nodes.forEach(function (n) { byId[n.id] = n; });
    var edges = unpackItems(packed.edges, strings, function (e) {
      return [(byId[e.from] || {}).label || "", (byId[e.to] || {}).label || ""];
    }, ids);
    var roles = {};  // made once per node, not once per edge
    ((packed.edges.cols.duties || {}).x || []).forEach(function (row) {
      var e = edges[row];
      e.duties = shared(byId[e.from].duties, roles[e.to] || (roles[e.to] = roleMap(byId[e.to].duties)));
    });
    timing.edges = performance.now();
    meta.duties = unpackItems(meta.duties, strings, function (d) {
      return (d.parties || []).map(function (p) { return p[0]; });
    });
    timing.duties = performance.now();
    var docs = {}, records = unpackItems(meta.docs.t, strings);
    meta.docs.k.forEach(function (k, i) { docs[strings[k]] = records[i]; });
    meta.docs = docs;
    return { nodes: nodes, edges: edges };
  }
  window.__kgUnpack = function () { return { data: data, meta: meta }; };  // for tests
  var timing = { start: performance.now() };  // phases of opening, for bench/bench_maps.py
  window.__kgTiming = timing;
  var meta = json("kg-meta"), options = json("kg-options"), packed = json("kg-data");
  timing.json = performance.now();
  var data = unpack(packed, meta);
  timing.parsed = performance.now();
  var LABEL_PX = meta.labelPx, SMALL_PX = meta.smallPx, TOP_N = meta.topN;
  var PANEL_PAGE = 200;
  var DIM = "#e4e4e4", DIM_TEXT = "#c8c8c8", TEXT = "#222222";
  var container = byId("kg-network");
  var byNode = {}, adjacency = {};
  data.nodes.forEach(function (n) {
    n.lx = n.x; n.ly = n.y; n.baseColor = n.color; byNode[n.id] = n; adjacency[n.id] = [];
  });
  var byEdge = {};
  data.edges.forEach(function (e) {
    e.baseColor = e.color; byEdge[e.id] = e;
    adjacency[e.from].push(e); adjacency[e.to].push(e);
  });
  // vis-network gets what it draws; duty lists and search forms stay in byNode / byEdge
  var HEAVY = { duties: 1, search: 1, summary: 1, name: 1, lx: 1, ly: 1, baseColor: 1 };
  function light(item, extra) {
    var out = {};
    Object.keys(item).forEach(function (k) { if (!HEAVY[k]) { out[k] = item[k]; } });
    return Object.assign(out, extra);
  }
  // only what is shown is in the DataSets (added and removed as filters change): building
  // vis-network's objects for 5,000 hidden nodes cost seconds on opening (bench/bench_maps.py)
  var nodes = new vis.DataSet([]), edges = new vis.DataSet([]);
  timing.datasets = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  timing.network = performance.now();
  window.__kgNetwork = network;
  var state = { doc: "", role: "", kind: "", jur: "", on: "", k: meta.coreK, selected: null,
                collapsed: {}, visible: {}, top: [], transform: null, tinted: {}, tintedNodes: {} };

  /* ---- filters ---------------------------------------------------------------------- */
  function docPasses(key) {
    if (state.doc && key !== state.doc) { return false; }
    if (!state.on) { return true; }
    var d = meta.docs[key];
    if (!d) { return true; }
    return (!d.from || d.from <= state.on) && (!d.to || state.on <= d.to);
  }
  function dutyPasses(i) { return docPasses(meta.duties[i].doc_key); }
  function roleOk(role) { return !state.role || !role || role === state.role; }
  function passingDuties(n) {
    return (n.duties || []).filter(function (p) { return dutyPasses(p[0]) && roleOk(p[1]); });
  }
  function collapsedAbove(n) {
    for (var p = n.parent; p; p = byNode[p] && byNode[p].parent) {
      if (state.collapsed[p]) { return true; }
    }
    return false;
  }
  function nodePasses(n) {
    if (collapsedAbove(n)) { return false; }
    if (n.node_type === "agency") {
      if ((state.kind && n.kind !== state.kind) || (state.jur && n.jur !== state.jur)) { return false; }
    }
    if (n.duties && n.duties.length) { return passingDuties(n).length > 0; }
    if (n.doc) { return docPasses(n.doc); }
    return true;
  }
  function edgeCount(e) {
    return (e.duties || []).filter(function (p) {
      return dutyPasses(p[0]) && (state.role !== "lead" || p[1]);
    }).length;
  }
  function edgePasses(e, visible) {
    if (!visible[e.from] || !visible[e.to]) { return false; }
    if (!e.duties) { return true; }
    var n = edgeCount(e);
    return n > 0 && n >= (meta.weighted ? state.k : 1);
  }
  function visibleSets() {
    var visible = {}, shown = {};
    data.nodes.forEach(function (n) { if (nodePasses(n)) { visible[n.id] = true; } });
    data.edges.forEach(function (e) { if (edgePasses(e, visible)) { shown[e.id] = true; } });
    if (meta.weighted && state.k > 1) {  // the core: agencies joined by strong edges only
      var linked = {};
      data.edges.forEach(function (e) { if (shown[e.id]) { linked[e.from] = linked[e.to] = true; } });
      Object.keys(visible).forEach(function (id) {
        if (!linked[id] && id !== state.selected) { delete visible[id]; }
      });
    }
    return { nodes: visible, edges: shown };
  }

  /* ---- layout onto the screen --------------------------------------------------------- */
  var measure = document.createElement("canvas").getContext("2d");
  function labelBox(n, x, y, px) {
    measure.font = px + "px " + meta.font;
    var lines = String(n.label || "").split("\n");
    var w = Math.max.apply(null, lines.map(function (l) { return measure.measureText(l).width; })) + 6;
    var h = lines.length * px * 1.25 + 4;
    if (n.shape === "box" || n.shape === "ellipse") { return { x: x - w / 2 - 6, y: y - h / 2 - 5, w: w + 12, h: h + 10 }; }
    var r = n.size || 10;
    return { x: x - Math.max(w, 2 * r) / 2, y: y - r, w: Math.max(w, 2 * r), h: 2 * r + h + 2 };
  }
  function components(ids, shown) {
    var seen = {}, out = [];
    ids.forEach(function (start) {
      if (seen[start]) { return; }
      var comp = [start], stack = [start]; seen[start] = true;
      while (stack.length) {
        var id = stack.pop();
        adjacency[id].forEach(function (e) {
          if (!shown[e.id]) { return; }
          var other = e.from === id ? e.to : e.from;
          if (!seen[other]) { seen[other] = true; comp.push(other); stack.push(other); }
        });
      }
      out.push(comp);
    });
    return out;
  }
  function ranked(ids) {
    return ids.slice().sort(function (a, b) {
      return (byNode[b].rank || 0) - (byNode[a].rank || 0) || (a < b ? -1 : 1);
    });
  }
  function separate(items, W, H, lockX) {
    // push overlapping label boxes apart along the shorter overlap; a few passes suffice
    for (var pass = 0; pass < 80; pass++) {
      var moved = false;
      for (var i = 0; i < items.length; i++) {
        for (var j = i + 1; j < items.length; j++) {
          var a = items[i].box, b = items[j].box, gap = 4;
          var ox = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) + gap;
          var oy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) + gap;
          if (ox <= 0 || oy <= 0) { continue; }
          moved = true;
          var horizontal = !lockX && ox < oy;
          var d = (horizontal ? ox : oy) / 2 + 0.5;
          var sign = horizontal ? (a.x + a.w / 2 <= b.x + b.w / 2 ? 1 : -1) : (a.y + a.h / 2 <= b.y + b.h / 2 ? 1 : -1);
          shift(items[i], horizontal ? -sign * d : 0, horizontal ? 0 : -sign * d, W, H);
          shift(items[j], horizontal ? sign * d : 0, horizontal ? 0 : sign * d, W, H);
        }
      }
      if (!moved) { return; }
    }
  }
  function shift(item, dx, dy, W, H) {
    var b = item.box;
    var nx = Math.min(Math.max(b.x + dx, 2), W - b.w - 2) - b.x;
    var ny = Math.min(Math.max(b.y + dy, 2), H - b.h - 2) - b.y;
    b.x += nx; b.y += ny; item.x += nx; item.y += ny;
  }
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }
  function arrange() {
    var sets = visibleSets();
    status(Object.keys(sets.nodes).length, Object.keys(sets.edges).length);  // before measuring: it may wrap
    var W = container.clientWidth, H = container.clientHeight;
    var ids = Object.keys(sets.nodes), strip = [], main = ids;
    if (meta.strip) {
      var comps = components(ids, sets.edges), big = comps.some(function (c) { return c.length > 2; });
      if (big) {
        main = []; comps.forEach(function (c) { (c.length > 2 ? main : strip).push.apply(c.length > 2 ? main : strip, c); });
      }
    }
    var legend = byId("kg-legend"), left = (legend && legend.offsetWidth ? legend.offsetWidth + 24 : 16) + (meta.laneLabels ? 150 : 0);
    var stripW = strip.length ? Math.min(120 * Math.ceil(strip.length / Math.max(1, Math.floor((H - 40) / 36))), W / 3) : 0;
    var box = { x: left + 100, y: 40, w: Math.max(W - left - stripW - 210, 50), h: Math.max(H - 90, 50) };
    var xs = main.map(function (id) { return byNode[id].lx; }), ys = main.map(function (id) { return byNode[id].ly; });
    var minX = Math.min.apply(null, xs), maxX = Math.max.apply(null, xs);
    var minY = Math.min.apply(null, ys), maxY = Math.max.apply(null, ys);
    var sx = maxX > minX ? box.w / (maxX - minX) : 0, sy = maxY > minY ? box.h / (maxY - minY) : 0;
    state.transform = { x: function (v) { return sx ? box.x + (v - minX) * sx : box.x + box.w / 2; },
                        y: function (v) { return sy ? box.y + (v - minY) * sy : box.y + box.h / 2; } };
    var order = ranked(ids), top = order.slice(0, TOP_N), isTop = {};
    top.forEach(function (id) { isTop[id] = true; });
    var labelled = order.slice(0, ids.length <= meta.labelAll ? ids.length : TOP_N);
    var items = {}, list = [];
    main.forEach(function (id) {
      var n = byNode[id], x = state.transform.x(n.lx), y = state.transform.y(n.ly);
      items[id] = { id: id, x: x, y: y, px: isTop[id] ? LABEL_PX : SMALL_PX };
    });
    var rows = Math.max(1, Math.floor((H - 40) / 36));
    ranked(strip).forEach(function (id, i) {
      items[id] = { id: id, x: W - stripW + 60 + 120 * Math.floor(i / rows), y: 30 + 36 * (i % rows),
                    px: isTop[id] ? LABEL_PX : SMALL_PX };
    });
    labelled.forEach(function (id) {
      var it = items[id];
      it.box = labelBox(byNode[id], it.x, it.y, it.px); list.push(it);
    });
    separate(list.filter(function (it) { return isTop[it.id]; }), W, H, meta.lockX);
    // a force layout may nudge every label; an outline or a timeline keeps its rows, and a
    // crowded minor label is hidden below instead
    if (!meta.lockX) { separate(list, W, H, false); }
    var hiddenLabel = {};
    list.forEach(function (it, i) {  // a small label still in the way of another is hidden
      if (isTop[it.id]) { return; }
      for (var j = 0; j < i; j++) {
        if (!hiddenLabel[list[j].id] && overlaps(it.box, list[j].box)) { hiddenLabel[it.id] = true; return; }
      }
    });
    var shrink = Math.min(1, Math.sqrt(80 / Math.max(ids.length, 1)));  // crowded screens get smaller dots
    var updates = ids.map(function (id) {
      var n = byNode[id], it = items[id];
      var show = isTop[n.id] || (it.box && !hiddenLabel[n.id]);
      var boxed = n.shape === "box" || n.shape === "ellipse";  // an empty box reads as a bug: draw a dot
      return { id: n.id, hidden: false, x: it.x, y: it.y, shape: boxed && !show ? "dot" : n.shape,
               size: boxed && !show ? 7 : n.size * shrink, font: { size: it.px, color: show ? TEXT : "rgba(0,0,0,0)" } };
    });
    sync(nodes, drawnNodes, updates, byNode);
    sync(edges, drawnEdges, Object.keys(sets.edges).map(function (id) {
      var e = byEdge[id], count = e.duties ? edgeCount(e) : 0;
      return { id: id, width: e.duties && meta.weighted ? Math.min(1 + 1.1 * Math.sqrt(count), 8) : e.width };
    }), byEdge);
    state.visible = sets.nodes; state.top = top; state.shown = sets.edges;
    network.redraw();  // lets vis-network take the container's size first: a later resize would rescale
    network.moveTo({ position: { x: W / 2, y: H / 2 }, scale: 1, animation: false });
    state.size = [W, H];
    if (state.selected) { highlight(state.selected); }
  }
  // what was last handed to vis-network, so an update carries only what changed: on 5,000
  // nodes re-sending everything cost seconds per filter change (bench/bench_maps.py)
  var drawnNodes = {}, drawnEdges = {};
  function sync(set, drawn, items, source) {
    var wanted = {}, added = [], changed = [];
    items.forEach(function (item) {
      var key = JSON.stringify(item);
      wanted[item.id] = true;
      if (!(item.id in drawn)) { added.push(light(source[item.id], item)); }
      else if (drawn[item.id] !== key) { changed.push(item); }
      drawn[item.id] = key;
    });
    var gone = Object.keys(drawn).filter(function (id) { return !wanted[id]; });
    gone.forEach(function (id) { delete drawn[id]; });
    if (gone.length) { set.remove(gone); }
    if (added.length) { set.add(added); }
    if (changed.length) { set.update(changed); }
  }
  function labelPx() {
    var scale = network.getScale();
    return Math.min.apply(null, state.top.map(function (id) {
      return nodes.get(id).font.size * scale;
    }).concat([Infinity]));
  }
  function status(n, e) {
    var k = meta.weighted && state.k > 1 ? "　≥" + state.k + " 项共同职责 shared" : "";
    byId("kg-status").textContent = n + " / " + data.nodes.length + " 节点 nodes · " + e + " / " +
      data.edges.length + " 连线 edges" + k;
  }

  /* ---- highlight, panel --------------------------------------------------------------- */
  function neighbours(id) {
    var out = {};
    adjacency[id].forEach(function (e) {
      if (state.shown[e.id]) { out[e.from === id ? e.to : e.from] = true; }
    });
    delete out[id];
    return Object.keys(out);
  }
  function highlight(id) {
    var near = {}, list = neighbours(id);
    near[id] = true; list.forEach(function (n) { near[n] = true; });
    nodes.update(Object.keys(state.visible).map(function (n) {
      var node = byNode[n], on = !!near[n], font = nodes.get(n).font;
      return { id: n, color: on ? node.baseColor : DIM, borderWidth: n === id ? 5 : 1,
               font: { size: on ? Math.max(font.size, LABEL_PX) : font.size,
                       color: on ? TEXT : (font.color === TEXT ? DIM_TEXT : font.color) } };
    }));
    var touched = Object.keys(state.shown);
    edges.update(touched.map(function (e) {
      var on = byEdge[e].from === id || byEdge[e].to === id;
      return { id: e, color: on ? "#d62728" : DIM };
    }));
    touched.forEach(function (e) { state.tinted[e] = true; });
    Object.keys(state.visible).forEach(function (n) { state.tintedNodes[n] = true; });
    Object.keys(state.visible).forEach(function (n) { drawnNodes[n] = ""; });  // fonts changed: resend
    state.selected = id;
    window.__kgHighlight = { selected: id, neighbours: list.sort() };
  }
  function clearHighlight() {
    state.selected = null; window.__kgHighlight = null;
    arrange();
    nodes.update(Object.keys(state.tintedNodes).filter(function (n) { return n in drawnNodes; }).map(function (n) {
      return { id: n, color: byNode[n].baseColor, borderWidth: byNode[n].borderWidth || 1 };
    }));
    edges.update(Object.keys(state.tinted).filter(function (e) { return e in drawnEdges; }).map(function (e) {
      return { id: e, color: byEdge[e].baseColor };
    }));
    state.tinted = {}; state.tintedNodes = {};
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function dutyItem(i, role) {
    var d = meta.duties[i], li = el("li", "kg-duty");
    var doc = meta.docs[d.doc_key] || {};
    li.appendChild(el("div", "kg-doc", [d.doc, doc.title].filter(Boolean).join(" ")));
    li.appendChild(el("div", "kg-task", [d.provision, d.heading].filter(Boolean).join(" ")));
    var facts = [];
    if (role) { facts.push("角色 role: " + role); }
    if (d.deadline) { facts.push("期限 deadline: " + d.deadline); }
    if (facts.length) { li.appendChild(el("div", "kg-role", facts.join("　"))); }
    li.appendChild(el("div", "kg-parties", d.parties.map(function (p) { return p[0] + "（" + p[2] + "）"; }).join("、")));
    li.appendChild(el("div", "kg-source", "来源 source: " + d.source + "　" + d.clause));
    return li;
  }
  function carried(i) { return meta.duties[i].source !== undefined; }  // see kg/maps/page.py carried_duties
  function fullList(id) {  // where the duties a big page leaves out are listed in full
    var n = byNode[id] || {}, name = String(id).indexOf("party:") === 0 ? n.label : id;
    return "kg duties " + name + " --include-text · kg export duties --agency " + name +
      " --include-text --format xlsx";
  }
  function openPanel(title, subtitle, all, extra, owner) {
    var panel = byId("kg-panel"), list = byId("kg-panel-list");
    var items = all.filter(function (it) { return carried(it[0]); }), left = all.length - items.length;
    byId("kg-panel-title").textContent = title;
    byId("kg-panel-sub").textContent = subtitle;
    var tools = byId("kg-panel-tools");
    while (tools.firstChild) { tools.removeChild(tools.firstChild); }
    if (extra) { tools.appendChild(extra); }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    // a long list is built in pages: 13,000 list items took 11 s to lay out (bench/bench_maps.py)
    function page(from) {
      items.slice(from, from + PANEL_PAGE).forEach(function (it) { list.appendChild(dutyItem(it[0], it[1])); });
      var rest = items.length - from - PANEL_PAGE;
      if (rest > 0) {
        var more = el("button", "kg-btn", "再显示 show " + Math.min(rest, PANEL_PAGE) + " / " + rest);
        more.addEventListener("click", function () { more.remove(); page(from + PANEL_PAGE); });
        list.appendChild(more);
      }
    }
    page(0);
    byId("kg-panel-count").textContent = all.length + " 项职责 duties" + (left > 0 ? "\n另有 " + left +
      " 项未载入本页 and " + left + " more not in this page: " + fullList(owner) : "");
    panel.hidden = false;
    window.__kgPanel = { title: title, duties: all.length, shown: items.length, left: left };
  }
  function roleWord(role) { return role === "lead" ? "牵头 lead" : role === "co" ? "配合 co" : role || ""; }
  function showNode(id) {
    var n = byNode[id], extra = null;
    if (n.parent !== undefined && n.node_type === "provision") {
      extra = el("button", "kg-btn", state.collapsed[id] ? "展开 expand" : "折叠 collapse");
      extra.addEventListener("click", function () { toggle(id); });
    }
    var items = passingDuties(n).map(function (p) { return [p[0], roleWord(p[1])]; });
    openPanel(n.name || n.label, n.summary || "", items, extra, id);
  }
  function showEdge(id) {
    var e = byEdge[id];
    if (!e || !e.duties) { return; }
    var items = e.duties.filter(function (p) { return dutyPasses(p[0]); }).map(function (p) { return [p[0], ""]; });
    openPanel(byNode[e.from].label + " — " + byNode[e.to].label, "共同职责 shared duties", items, null, e.from);
    window.__kgPanel.edge = id;
  }
  function toggle(id) {
    state.collapsed[id] = !state.collapsed[id];
    arrange(); showNode(id);
  }
  function select(id) {
    if (!state.visible[id]) { state.k = 1; syncControls(); arrange(); }
    highlight(id); showNode(id);
    var p = network.getPosition(id), dom = network.canvasToDOM(p);
    if (dom.x < 0 || dom.y < 0 || dom.x > container.clientWidth || dom.y > container.clientHeight) {
      network.moveTo({ position: p, animation: false });
    }
  }
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else if (state.selected) { clearHighlight(); byId("kg-panel").hidden = true; }
  });
  network.on("doubleClick", function (params) {
    var n = params.nodes.length && byNode[params.nodes[0]];
    if (n && n.node_type === "provision") { toggle(n.id); }
  });

  /* ---- search ------------------------------------------------------------------------- */
  function forms(n) { return (n.search || [n.label]).filter(Boolean); }
  function find(text) {
    var q = text.trim().toLowerCase(), loose = null;
    if (!q) { return null; }
    for (var i = 0; i < data.nodes.length; i++) {
      var f = forms(data.nodes[i]).map(function (s) { return String(s).toLowerCase(); });
      if (f.indexOf(q) >= 0) { return data.nodes[i].id; }
      if (!loose && f.some(function (s) { return s.indexOf(q) >= 0; })) { loose = data.nodes[i].id; }
    }
    return loose;
  }
  function suggest(text) {
    var q = text.trim().toLowerCase(), list = byId("kg-suggest"), out = [];
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!q) { return; }
    for (var i = 0; i < data.nodes.length && out.length < 12; i++) {
      var n = data.nodes[i];
      forms(n).forEach(function (f) {
        if (out.length < 12 && String(f).toLowerCase().indexOf(q) >= 0 && out.indexOf(f) < 0) {
          out.push(f);
          var o = document.createElement("option");
          o.value = f; o.label = [n.label, n.name].filter(Boolean).join(" · ");
          list.appendChild(o);
        }
      });
    }
  }
  function search(text) {
    var id = find(text);
    byId("kg-search").classList.toggle("kg-miss", !id);
    if (id) { select(id); }
    return id;
  }
  window.__kgSearch = search;
  // hooks for tests and notebooks: the same actions as the controls
  window.__kgSelect = select;
  window.__kgShowEdge = showEdge;
  window.__kgToggle = toggle;
  window.__kgSetK = function (k) { state.k = k; syncControls(); arrange(); };
  var box = byId("kg-search");
  box.addEventListener("input", function () { suggest(box.value); if (find(box.value) && forms(byNode[find(box.value)]).indexOf(box.value) >= 0) { search(box.value); } });
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { search(box.value); } });

  /* ---- controls ------------------------------------------------------------------------ */
  function bind(id, key, parse) {
    var control = byId(id);
    if (!control) { return; }
    control.addEventListener("input", function () {
      state[key] = parse ? parse(control.value) : control.value;
      arrange();
    });
  }
  bind("kg-f-doc", "doc"); bind("kg-f-role", "role"); bind("kg-f-kind", "kind");
  bind("kg-f-jur", "jur"); bind("kg-f-on", "on"); bind("kg-f-k", "k", Number);
  function syncControls() {
    var k = byId("kg-f-k");
    if (k) { k.value = state.k; byId("kg-f-k-value").textContent = "≥" + state.k; }
  }
  var more = byId("kg-more");
  if (more) {
    more.addEventListener("click", function () {
      state.k = Math.max(1, state.k - Math.max(1, Math.ceil(state.k / 3))); syncControls(); arrange();
    });
  }
  byId("kg-f-k") && byId("kg-f-k").addEventListener("input", syncControls);
  byId("kg-panel-close").addEventListener("click", function () { byId("kg-panel").hidden = true; clearHighlight(); });
  byId("kg-png").addEventListener("click", function () {
    var canvas = container.querySelector("canvas"), a = document.createElement("a");
    a.href = canvas.toDataURL("image/png");
    a.download = (document.title || "kg-map") + ".png";
    window.__kgPng = a.href;
    document.body.appendChild(a); a.click(); a.remove();
  });
  byId("kg-print").addEventListener("click", function () { window.print(); });
  network.on("beforeDrawing", function (ctx) {  // white ground (PNG export), timeline axis
    ctx.save(); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height); ctx.restore();
    if (!meta.axis || !state.transform) { return; }
    var t = state.transform, H = container.clientHeight;
    ctx.save(); ctx.font = "13px " + meta.font; ctx.fillStyle = "#666"; ctx.strokeStyle = "#e8e8e8";
    meta.axis.ticks.forEach(function (tick) {
      var x = t.x(tick[0]);
      ctx.beginPath(); ctx.moveTo(x, 20); ctx.lineTo(x, H - 10); ctx.stroke();
      ctx.fillText(tick[1], x + 3, 16);
    });
    ctx.textAlign = "right";
    meta.axis.lanes.forEach(function (lane) {
      var y = t.y(lane[0]);
      ctx.beginPath(); ctx.moveTo(t.x(meta.axis.ticks.length ? meta.axis.ticks[0][0] : 0) - 40, y);
      ctx.lineTo(container.clientWidth, y); ctx.stroke();
      ctx.fillText(lane[1], t.x(meta.axis.min) - 60, y + 4);
    });
    ctx.restore();
  });

  var resizeTimer = null;
  function resized() {
    var size = [container.clientWidth, container.clientHeight];
    if (state.size && size[0] === state.size[0] && size[1] === state.size[1]) { return; }
    clearTimeout(resizeTimer); resizeTimer = setTimeout(arrange, 100);
  }
  window.addEventListener("resize", resized);
  if (window.ResizeObserver) { new ResizeObserver(resized).observe(container); }
  syncControls();
  arrange();
  timing.arranged = performance.now();
  network.once("afterDrawing", function () {
    window.__kgLabelPx = labelPx();
    window.__kgTop = state.top.slice();
    window.__kgStats = { nodes: data.nodes.length, edges: data.edges.length };
    window.__kgReady = true;
  });
  network.redraw();
})();
