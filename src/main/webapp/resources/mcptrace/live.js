/*
 * Live tracing: the websocket only says "something new"; the page then asks for its current view.
 * At most one refresh is in flight per page, so a burst of pushes collapses into one re-render.
 */
window.mcptrace = window.mcptrace || {};
mcptrace.live = (function () {
  var inflight = false;
  var pending = false;

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

  function setConnection(text, state) {
    var el = document.getElementById('connection');
    if (el) {
      el.textContent = text;
      el.setAttribute('data-state', state);
    }
  }

  // an open row is being read: re-rendering would close it, so hold updates until it is closed
  function reading() {
    return document.querySelector('.ui-expanded-row-content') !== null;
  }

  function poke() {
    if (inflight || reading()) {
      pending = true;
      if (reading()) { setConnection('Live (held while a row is open)', 'held'); }
      return;
    }
    inflight = true;
    window.mcptraceRefresh();
  }

  function rowToggled() {
    setTimeout(function () {
      if (!reading() && pending && !inflight) { pending = false; poke(); }
      if (!reading()) { setConnection('Live', 'open'); }
    }, 350);
  }

  function done() {
    inflight = false;
    formatTimes();
    setConnection(document.getElementById('connection') && document.getElementById('connection').getAttribute('data-state') === 'closed'
      ? 'Disconnected: reload to resume' : 'Live', 'open');
    if (pending) { pending = false; poke(); }
  }

  document.addEventListener('DOMContentLoaded', formatTimes);
  document.addEventListener('click', function (e) {
    if (e.target && e.target.closest && e.target.closest('.ui-row-toggler')) { rowToggled(); }
  });
  document.addEventListener('keydown', function (e) {
    if ((e.key === 'Enter' || e.key === ' ') && e.target && e.target.closest && e.target.closest('.ui-row-toggler')) { rowToggled(); }
  });
  if (window.jQuery) {
    jQuery(document).on('pfAjaxComplete', formatTimes);
  }

  return {
    poke: poke,
    done: done,
    formatTimes: formatTimes,
    connected: function () { setConnection('Live', 'open'); },
    disconnected: function () { setConnection('Disconnected: reload to resume', 'closed'); }
  };
})();
