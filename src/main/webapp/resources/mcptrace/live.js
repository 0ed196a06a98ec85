/*
 * Live tracing: the websocket only says "something new"; the page then asks for its current view.
 * At most one refresh is in flight per page, so a burst of pushes collapses into one re-render.
 * While paused (by the button, an open row or scrolling down) only the counters refresh: rows never move
 * under the operator's cursor, and a bar offers the new entries.
 */
window.mcptrace = window.mcptrace || {};
mcptrace.live = (function () {
  var inflight = false;
  var pending = false;
  var connected = false;

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) { s = '0' + s; }
    return s;
  }

  // the viewer's own time zone, with milliseconds; the UTC instant stays in the title
  function formatTimes() {
    var nodes = document.querySelectorAll('time.mt-ts:not([data-local])');
    for (var i = 0; i < nodes.length; i++) {
      var d = new Date(nodes[i].getAttribute('datetime'));
      if (!isNaN(d.getTime())) {
        nodes[i].textContent = d.getFullYear() + '-' + pad(d.getMonth() + 1, 2) + '-' + pad(d.getDate(), 2) + ' '
          + pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.'
          + pad(d.getMilliseconds(), 3);
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

  function showState() {
    var el = connection();
    if (el && !connected) {
      el.textContent = 'Disconnected: reload to resume';
      el.setAttribute('data-state', 'closed');
    }
  }

  // Rebuilding the rate chart (300 bars) is most of a refresh's cost in the browser, and a per-second chart of five
  // minutes shows nothing new within two seconds; rows and counters still refresh on every push.
  var CHART_EVERY_MS = 2000;
  var chartAt = 0;

  function poke() {
    if (inflight) { pending = true; return; }
    inflight = true;
    var now = Date.now();
    var chart = now - chartAt >= CHART_EVERY_MS;
    if (chart) { chartAt = now; }
    if (paused()) {
      (chart ? window.mcptraceRefreshBar : window.mcptraceRefreshCounters)();
    } else {
      (chart ? window.mcptraceRefresh : window.mcptraceRefreshRows)();
    }
  }

  function done() {
    inflight = false;
    formatTimes();
    showState();
    if (pending) { pending = false; poke(); }
  }

  // scrolling away from the newest entries holds the view where the operator is reading
  function scrolled() {
    if (window.scrollY > 160 && !paused() && !inflight && document.querySelector('#traces\\:grid tbody tr.mt-row')) {
      inflight = true;
      window.mcptraceAutoPause([{name: 'reason', value: 'scroll'}]);
    }
  }

  function filtered() {
    var qs = document.querySelector('.mt-querystring');
    if (qs && window.history && window.history.replaceState) {
      var query = qs.textContent;
      window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : ''));
    }
    done();
  }

  function resumed() {
    window.scrollTo(0, 0);
    done();
  }

  document.addEventListener('DOMContentLoaded', formatTimes);
  window.addEventListener('scroll', function () { window.requestAnimationFrame(scrolled); }, {passive: true});

  return {
    poke: poke,
    done: done,
    filtered: filtered,
    resumed: resumed,
    formatTimes: formatTimes,
    connected: function () { connected = true; showState(); },
    disconnected: function () { connected = false; showState(); }
  };
})();
