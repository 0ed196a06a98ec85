/*
 * Live tracing. While the view is live, each websocket message carries the new rows this screen's filter selects and
 * the counters, and the page draws them itself: no request per update, so a row is on screen one message after the
 * server's tick, in the next animation frame. Messages that arrive between two frames are drawn once, and a hidden
 * tab draws nothing until it is shown again (the browser runs no frames for it), then catches up in one draw. What a
 * draw costs the browser is measured by src/bench/run.sh console (docs/performance.md). The server renders the grid
 * only when the operator changes what it shows (filter, page, pause, resume); rows pushed while such a render was
 * under way are drawn again on top of it. At rates nobody can read, only the rows in view are drawn (see "drawing
 * less" below).
 * While paused (by the button, an open row or scrolling down) messages only say that something changed and the
 * counters are refreshed by a request, at most one in flight: rows never move under the operator's cursor, and a bar
 * offers the new entries. Every pushed value is set as text, never parsed as markup.
 * Every few seconds the page asks the server how far the live view has got; when what it was sent falls behind that,
 * it says "Not live, reconnecting" instead of "Live", renders the grid afresh and, if that does not bring it back,
 * reopens its websocket, until messages keep up again. No reload is needed.
 */
window.mcptrace = window.mcptrace || {};
mcptrace.live = (function () {
  var inflight = false;
  var pending = false;
  // null until the socket first opens: a page still connecting is not said to be disconnected
  var connected = null;
  // rows pushed lately, newest first; enough to redraw a page of the largest size over a grid rendered meanwhile
  var pushed = [];
  var KEEP = 100;

  // PrimeFaces learns the CSP nonce its requests must carry in a script that runs when the document is ready, but the
  // websocket opens (and messages arrive) as soon as its own script has run, often before that on a busy machine. A
  // request sent in between carries no nonce, and the server refuses it with a CspException ("CSP nonce mismatch",
  // logged as an error). So every request this page makes waits for jQuery's ready, after PrimeFaces' own.
  var ready = false;
  var queued = [];

  function command(name, args) {
    var send = function () { window[name](args); };
    if (ready) { send(); } else { queued.push(send); }
  }

  (window.jQuery || function (fn) { document.addEventListener('DOMContentLoaded', fn); })(function () {
    ready = true;
    queued.splice(0).forEach(function (send) { send(); });
  });

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = '0' + s; }
    return s;
  }

  // the viewer's own time zone, with milliseconds; the UTC instant stays in the title. Null for no valid instant.
  function local(instant) {
    var d = new Date(instant);
    return isNaN(d.getTime()) ? null : d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + ' '
      + pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.'
      + pad(d.getMilliseconds(), 3);
  }

  // the times the server rendered; pushed rows get theirs as they are built
  function formatTimes() {
    var nodes = document.querySelectorAll('time.mt-ts:not([data-local])');
    for (var i = 0; i < nodes.length; i++) {
      var text = local(nodes[i].getAttribute('datetime'));
      if (text !== null) {
        nodes[i].textContent = text;
        nodes[i].setAttribute('data-local', 'true');
      }
    }
  }

  function connection() {
    return document.getElementById('connection');
  }

  function paused() {
    var el = connection();
    return el !== null && el.getAttribute('data-paused') === 'true';
  }

  // whether what this page was sent fell behind the server at the last check
  var stale = false;

  function showState() {
    var el = connection();
    if (!el) { return; }
    if (connected === false || stale) {
      el.textContent = 'Not live, reconnecting';
      el.setAttribute('data-state', 'closed');
    } else if (el.getAttribute('data-state') === 'closed') {
      el.textContent = paused() ? 'Paused' : 'Live';
      el.removeAttribute('data-state');
    }
  }

  // ---- paused: a request refreshes the counters and the "new entries" bar

  function poke() {
    if (inflight) { pending = true; return; }
    inflight = true;
    command('mcptraceRefreshCounters');
  }

  function done() {
    inflight = false;
    // the counters just rendered are as new as any message taken before them
    latest = null;
    drawn();
    caughtUp();
    showState();
    if (pending) { pending = false; if (paused()) { poke(); } else { refresh(); } }
  }

  // ---- live: the message carries rows and counters

  function text(id, value) {
    var el = document.getElementById(id);
    if (el && el.textContent !== String(value)) { el.textContent = String(value); }
  }

  function counters(m) {
    text('count-info', m.tally[0]);
    text('count-warning', m.tally[1]);
    text('count-error', m.tally[2]);
    text('live:shown', m.shown);
    text('live:buffered', m.buffered);
    text('hidden-count', m.hidden);
    var hidden = document.getElementById('hidden');
    if (hidden) { hidden.style.display = m.hidden > 0 ? '' : 'none'; }
    var t = table();
    if (t && t.paginator && t.paginator.cfg.rowCount !== m.shown) {
      // the paginator shows pages, not the count: it is rebuilt only when the number of pages changes
      if (Math.ceil(m.shown / t.paginator.cfg.rows) === Math.ceil(t.paginator.cfg.rowCount / t.paginator.cfg.rows)) {
        t.paginator.cfg.rowCount = m.shown;
      } else {
        t.paginator.updateTotalRecords(m.shown);
      }
    }
  }

  // A per-second chart of five minutes shows nothing new within two seconds: it is redrawn by a request at most
  // that often, however fast rows arrive; while the page turns over faster than anyone reads, every five seconds (an
  // update of its 300 bars cost the browser about 40 ms of CPU, half the script of a live console at 500 entries/s).
  var CHART_EVERY_MS = 2000;
  var CHART_FAST_MS = 5000;
  var chartAt = Date.now();
  var charting = false;

  function chart() {
    var now = Date.now();
    // a hidden tab shows no chart: it asks again with the first message after it is shown
    if (!charting && !document.hidden && now - chartAt >= (fast() ? CHART_FAST_MS : CHART_EVERY_MS)) {
      chartAt = now;
      charting = true;
      command('mcptraceRefreshChart');
    }
  }

  // the server sends the chart's data alone; the chart PrimeFaces built with the page takes it without animating
  function charted(args) {
    charting = false;
    var widget = window.PrimeFaces && PrimeFaces.widgets.rate;
    if (!args || !args.rate || !widget || !widget.chart) { return; }
    var rate = JSON.parse(args.rate);
    var chart = widget.chart;
    chart.data.labels = rate.labels;
    for (var s = 0; s < chart.data.datasets.length && s < rate.data.length; s++) {
      chart.data.datasets[s].data = rate.data[s];
    }
    chart.update('none');
  }

  function el(tag, cls, value) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (value !== undefined && value !== null) { node.textContent = value; }
    return node;
  }

  // a name, with the Inactive badge the server would add
  function named(parent, match, cls) {
    parent.appendChild(cls ? el('span', cls, match.name) : document.createTextNode(match.name));
    if (!match.active) { parent.appendChild(el('span', 'mt-badge mt-inactive', 'Inactive')); }
  }

  // The markup every row shares, built once and cloned per row: one native call instead of some twenty element
  // creations and attribute sets per row
  var template = null;

  function blank() {
    if (template === null) {
      template = el('tr');
      var toggler = el('div', 'ui-row-toggler ui-icon ui-icon-circle-triangle-e');
      toggler.setAttribute('tabindex', '0');
      toggler.setAttribute('role', 'button');
      toggler.setAttribute('data-expand-icon', 'ui-icon-circle-triangle-e');
      toggler.setAttribute('data-collapse-icon', 'ui-icon-circle-triangle-s');
      toggler.setAttribute('aria-expanded', 'false');
      // each cell's width (as index.xhtml gives its column) and what every row has in it
      var cells = [['2.2rem', toggler], ['12.5rem', el('time', 'mt-ts mt-mono')], ['9rem', el('span', 'mt-mono')], [''],
        ['', el('span', 'mt-mono mt-presented'), el('div', 'mt-workload')],
        ['', el('span', 'mt-mono mt-presented'), el('div', 'mt-workload')], ['7rem', el('span')]];
      cells.forEach(function (content) {
        var td = el('td');
        td.setAttribute('role', 'gridcell');
        if (content[0]) { td.style.width = content[0]; }
        content.slice(1).forEach(function (node) { td.appendChild(node); });
        template.appendChild(td);
      });
    }
    return template.cloneNode(true);
  }

  // the same markup as the row index.xhtml renders, so the grid's own toggler and styles apply to it
  function tr(r) {
    var row = blank();
    row._keys = [];
    return fill(row, r);
  }

  // Makes a row built here show an entry, changing only what differs from the entry it showed: a row reused for a
  // newer entry keeps its elements, and the browser restyles and lays out only the cells whose content changed. Every
  // value is set as text.
  function fill(row, r) {
    var keys = row._keys;
    var cells = row.cells;
    row._mt = r;
    var cls = 'mt-row-' + r.severity + (r.reEvaluationOf ? ' mt-row-reeval' : '');
    if (keys[0] !== cls) {
      keys[0] = cls;
      // the stripe classes go with the row's place, set by stripe() after every fill
      row.className = 'ui-widget-content mt-row ' + cls;
    }
    row.setAttribute('data-rk', r.id);

    var time = cells[1].firstChild;
    var shown = local(r.at);
    time.textContent = shown === null ? r.at : shown;
    time.setAttribute('datetime', r.at);
    time.setAttribute('title', r.at);
    time.setAttribute('data-seq', r.seq);
    if (shown !== null) { time.setAttribute('data-local', 'true'); } else { time.removeAttribute('data-local'); }
    changed(keys, 1, r.reEvaluationOf || '', function () {
      while (cells[1].lastChild !== time) { cells[1].removeChild(cells[1].lastChild); }
      if (r.reEvaluationOf) {
        var badge = el('span', 'mt-badge mt-reeval', 'Re-evaluation');
        badge.setAttribute('title', 'Re-evaluation of ' + r.reEvaluationOf + ': not traffic');
        cells[1].appendChild(el('div')).appendChild(badge);
      }
    });

    changed(keys, 2, r.ip || '', function () { cells[2].firstChild.textContent = r.ip || ''; });

    changed(keys, 3, r.policy ? 'p' + r.policy.active + ' ' + r.policy.name : 'e' + r.explain, function () {
      cells[3].textContent = '';
      if (r.policy) { named(cells[3], r.policy, 'mt-policy'); } else { cells[3].appendChild(el('span', 'mt-explain', r.explain)); }
    });

    workload(keys, 4, cells[4], r.redirectUri, '(no redirect URI)', r.client, 'No Client Workload matched');
    workload(keys, 6, cells[5], r.resource, '(no resource)', r.server, 'No Server Workload matched');

    changed(keys, 8, r.severity + ' ' + r.word, function () {
      var severity = cells[6].firstChild;
      severity.className = 'mt-badge mt-sev-' + r.severity;
      severity.textContent = r.word;
    });
    return row;
  }

  // runs set() when what a part of a row shows differs from what it showed
  function changed(keys, i, key, set) {
    if (keys[i] !== key) {
      keys[i] = key;
      set();
    }
  }

  function workload(keys, i, td, presented, absent, match, unmatched) {
    var text = presented !== undefined ? presented : absent;
    changed(keys, i, text, function () { td.firstChild.textContent = text; });
    changed(keys, i + 1, match ? match.active + ' ' + match.name + (match.clientId !== undefined ? ' ' + match.clientId : '')
        : '', function () {
      var div = td.lastChild;
      div.textContent = '';
      if (match) { named(div, match); } else { div.appendChild(el('span', 'mt-nomatch', unmatched)); }
      if (match && match.clientId !== undefined) {
        // the same markup as index.xhtml: the client ID that identified the workload (step 2a), as text
        var by = el('div', 'mt-clientid', 'by client ID ');
        by.setAttribute('title', 'Identified by its client ID (step 2a)');
        by.appendChild(el('span', 'mt-mono', match.clientId));
        div.appendChild(by);
      }
    });
  }

  function body() {
    return document.getElementById('traces:grid_data');
  }

  function table() {
    return window.PrimeFaces && PrimeFaces.widgets.grid;
  }

  function onFirstPage() {
    var t = table();
    return !t || !t.paginator || t.paginator.getCurrentPage() === 0;
  }

  function seqOf(row) {
    var time = row.querySelector('time.mt-ts');
    return time ? Number(time.getAttribute('data-seq')) : 0;
  }

  // the sequence the server rendered the grid up to: a pushed row above it belongs on top of the grid
  function renderedUpTo() {
    var time = document.querySelector('#traces\\:grid_data time[data-up-to]');
    var source = time || connection();
    return source ? Number(source.getAttribute('data-up-to')) || 0 : 0;
  }

  function pageSize() {
    var t = table();
    return t && t.paginator ? t.paginator.cfg.rows : 50;
  }

  // ---- drawing less at rates nobody can read
  // When the whole page turns over within a couple of seconds, only the rows the operator can see (the viewport and a
  // margin) are in the grid; the rest of the page is held here, as rows the server rendered or as pushed data, and
  // drawn the moment it could be looked at: on scrolling (which also holds the view), on keyboard focus in the grid,
  // or once entries come slowly enough to read. Drawing a page of rows ten times a second cost the browser some 35 ms
  // of CPU per draw, most of it style, layout and paint of rows below the fold (docs/performance.md).
  var below = [];
  var belowOf = null;
  var arrivals = [];
  var FAST_MS = 2000;
  var MARGIN_PX = 150;
  var slowCheck = null;

  // the page's rows not in the grid, for the grid now in the document (a render by the server replaces it whole)
  function held(tbody) {
    if (belowOf !== tbody) {
      below = [];
      belowOf = tbody;
    }
    return below;
  }

  // whether more entries arrived within the last FAST_MS than a page holds
  function fast() {
    var now = Date.now();
    while (arrivals.length && now - arrivals[0][0] > FAST_MS) { arrivals.shift(); }
    var n = 0;
    for (var i = 0; i < arrivals.length; i++) { n += arrivals[i][1]; }
    return n > pageSize();
  }

  // keyboard focus in the grid: every row of the page is there to tab through
  function focusInGrid() {
    var grid = document.getElementById('traces:grid');
    return grid !== null && document.activeElement !== null && grid.contains(document.activeElement);
  }

  // How many of the page's rows belong in the grid: all of them unless rows come fast and the page is at its top
  // (scrolled, it is about to be held), then enough to fill the viewport and a margin, counted with the shortest row
  // drawn so far. Read before the draw changes anything, so the browser answers from the layout of the frame before
  // rather than laying out twice.
  function windowSize(tbody, rows, size) {
    if (!fast() || window.scrollY > 0 || focusInGrid()) { return size; }
    var top = tbody.getBoundingClientRect().top;
    var shortest = 0;
    for (var i = 0; i < rows.length; i++) {
      var h = rows[i].offsetHeight;
      if (h > 0 && (shortest === 0 || h < shortest)) { shortest = h; }
    }
    var fits = Math.ceil((window.innerHeight + MARGIN_PX - top) / Math.max(shortest || 32, 20));
    return Math.max(1, Math.min(size, fits));
  }

  // a row of the page as an element: a row the server rendered is one already
  function element(item) {
    return item.nodeType === 1 ? item : tr(item);
  }

  // Puts the pushed rows that are newer than what the grid shows on top of it, keeping one page, of which the grid
  // holds the rows in view (all of them unless rows come fast) and the rest waits in `below`.
  function draw(all) {
    var tbody = body();
    if (!tbody || paused() || !onFirstPage()) { return; }
    var rows = tbody.querySelectorAll(':scope > tr.mt-row');
    var rest = held(tbody);
    var floor = Math.max(renderedUpTo(), rows.length ? seqOf(rows[0]) : 0);
    var size = pageSize();
    var fresh = [];
    // under a burst more rows arrive than a page holds: only the newest page's worth is ever kept
    for (var i = 0; i < pushed.length && pushed[i].seq > floor && fresh.length < size; i++) {
      fresh.push(pushed[i]);
    }
    var limit = all === true ? size : windowSize(tbody, rows, size);
    var previous = Array.prototype.slice.call(rows);
    var shown = Math.min(limit, fresh.length + previous.length + rest.length, size);
    if (fresh.length === 0 && shown === rows.length) { return; }
    // When every row in view is replaced, as at rates nobody can read, the rows built here are reused in place for
    // the new entries; the entries they showed stay on the page (held below) as data.
    var reused = [];
    if (fresh.length >= shown) {
      for (var r = 0; r < shown && r < previous.length; r++) {
        if (previous[r]._mt) {
          reused[r] = previous[r];
          previous[r] = previous[r]._mt;
        }
      }
    }
    var page = fresh.concat(previous, rest).slice(0, size);
    var empty = tbody.querySelector(':scope > tr.ui-datatable-empty-message');
    if (empty && shown > 0) { tbody.removeChild(empty); }
    // rows moved out of view or off the page go (those still on the page are held below)
    for (var j = Math.max(0, shown - fresh.length); j < previous.length; j++) {
      if (previous[j].nodeType === 1) { tbody.removeChild(previous[j]); }
    }
    // then the rows in view in the page's order: the new ones on top, the rows that stay, and rows held below that come
    // into view when the grid shows more than it did
    var next = tbody.firstElementChild;
    for (var k = 0; k < shown; k++) {
      page[k] = reused[k] ? fill(reused[k], page[k]) : element(page[k]);
      if (page[k] === next) {
        next = next.nextElementSibling;
      } else {
        tbody.insertBefore(page[k], next);
      }
      stripe(page[k], k);
    }
    below = page.slice(shown);
    if (below.length && slowCheck === null) {
      // once rows stop coming fast the rest of the page is drawn, even if no message comes to draw it
      slowCheck = window.setTimeout(function () { slowCheck = null; rowsWaiting = true; schedule(); }, FAST_MS + 100);
    }
  }

  // the whole page in the grid at once: the operator is about to look beyond what is in view
  function drawAll() {
    if (below.length && belowOf === body()) { draw(true); }
  }

  // a row's place on the page, as PrimeFaces numbers and stripes it
  function stripe(row, index) {
    row.setAttribute('data-ri', index);
    row.classList.toggle('ui-datatable-even', index % 2 === 0);
    row.classList.toggle('ui-datatable-odd', index % 2 === 1);
  }

  // Drawing waits for the next animation frame: messages that arrive in between are drawn once, and a hidden tab
  // (which gets no frames) draws when it is shown again. The counters of the latest message go with the draw.
  var latest = null;
  var rowsWaiting = false;
  var framed = false;

  function schedule() {
    if (!framed && !document.hidden) {
      framed = true;
      window.requestAnimationFrame(frame);
    }
  }

  function frame() {
    framed = false;
    if (document.hidden) { return; }
    // the rows first: the draw reads the grid's geometry, which the counters' new text would make the browser lay out
    // again before answering
    if (rowsWaiting) {
      rowsWaiting = false;
      draw();
    }
    if (latest !== null) {
      counters(latest);
      latest = null;
    }
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) { schedule(); }
  });

  // after the server rendered the grid: times in local form, and rows pushed meanwhile on top
  function drawn() {
    formatTimes();
    draw();
  }

  // what this page has been sent up to; a message that starts above it means one was lost on the way
  var known = 0;

  function refresh() {
    if (inflight) { pending = true; return; }
    inflight = true;
    command('mcptraceRefresh');
  }

  function message(data) {
    var m = typeof data === 'string' ? JSON.parse(data) : data;
    chart();
    if (m.paused || paused()) { poke(); return; }
    var gap = m.from > Math.max(known, renderedUpTo());
    known = m.upTo;
    // how far the push has brought this page (a render does not move it; the body is never re-rendered): what a test
    // of the push itself reads
    document.body.setAttribute('data-pushed', known);
    if (stale) { caughtUp(); showState(); }
    if (gap) { refresh(); return; }
    latest = m;
    if (m.rows.length) {
      arrivals.push([Date.now(), m.rows.length]);
      pushed = m.rows.concat(pushed).slice(0, KEEP);
      rowsWaiting = true;
    }
    schedule();
  }

  // ---- is the push keeping up? The head the server reported at one check must have reached this page by the next.
  // One small request per console every few seconds; a paused page is not checked (it is sent nothing to count).
  var CHECK_EVERY_MS = 5000;
  var headBefore = -1;
  var behindChecks = 0;

  function upToHere() {
    return Math.max(known, renderedUpTo());
  }

  function caughtUp() {
    if (stale && (headBefore < 0 || upToHere() >= headBefore)) {
      stale = false;
      behindChecks = 0;
    }
  }

  function socketId() {
    var el = connection();
    return el ? el.getAttribute('data-socket') : null;
  }

  function reopen() {
    var id = socketId();
    if (id && window.faces && faces.push) {
      try { faces.push.close(id); } catch (e) { /* already closed */ }
      faces.push.open(id);
    }
  }

  function check() {
    var el = connection();
    if (!el || !window.fetch || !el.getAttribute('data-status')) { return; }
    if (paused()) { headBefore = -1; behindChecks = 0; return; }
    if (connected === false) {
      // the socket gave up reconnecting by itself: try again, rather than ask for a reload
      reopen();
      return;
    }
    window.fetch(el.getAttribute('data-status'), {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (status) {
        if (!status || paused()) { return; }
        if (headBefore >= 0 && !inflight && upToHere() < headBefore) {
          stale = true;
          behindChecks++;
          showState();
          // first a render of what was missed (it also tells the server again what this page shows); then, if the
          // messages still do not come, a new socket
          if (behindChecks % 2 === 0) { reopen(); } else { refresh(); }
        } else {
          caughtUp();
          showState();
        }
        headBefore = status.head;
      })
      .catch(function () { /* the server is unreachable; the next check tries again */ });
  }

  window.setInterval(check, CHECK_EVERY_MS);

  // scrolling away from the newest entries holds the view where the operator is reading: the rest of the page is drawn
  // at once (in the scroll event, before the frame that shows the scrolled view), then the view is held
  function scrolled() {
    if (window.scrollY > 160 && !paused() && !inflight && document.querySelector('#traces\\:grid tbody tr.mt-row')) {
      inflight = true;
      command('mcptraceAutoPause', [{name: 'reason', value: 'scroll'}]);
    }
  }

  // The row was drawn from a push, so the server's copy of the page may not hold it yet; its buttons (Re-evaluate,
  // the fixes) act on that copy. One render of the held view puts it there; the open row stays open.
  function toggled() {
    done();
    refresh();
  }

  // the address says what the view shows, so it can be shared and reloaded
  function address() {
    var qs = document.querySelector('.mt-querystring');
    if (qs && window.history && window.history.replaceState) {
      var query = qs.textContent;
      window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : ''));
    }
  }

  function filtered() {
    address();
    done();
  }

  // back from an editor with ?reEvaluate=…: the re-evaluation happened once; a reload shows the view, not another one
  function arrived() {
    formatTimes();
    if (/[?&]reEvaluate=/.test(window.location.search)) { address(); }
  }

  function resumed() {
    window.scrollTo(0, 0);
    done();
  }

  document.addEventListener('DOMContentLoaded', arrived);
  window.addEventListener('scroll', function () {
    drawAll();
    window.requestAnimationFrame(scrolled);
  }, {passive: true});
  // keyboard focus in the grid: every row of the page is there to tab through while it stays
  document.addEventListener('focusin', function () {
    if (focusInGrid()) { drawAll(); }
  });

  return {
    message: message,
    poke: poke,
    done: done,
    drawn: drawn,
    toggled: toggled,
    filtered: filtered,
    resumed: resumed,
    formatTimes: formatTimes,
    charted: charted,
    connected: function () {
      connected = true;
      showState();
      // anything sent while the socket was opening never arrived; the grid rendered now includes it
      refresh();
    },
    disconnected: function () { connected = false; showState(); },
    check: check
  };
})();
