// Sortable leaderboard tables: click a header to sort by it; numbers sort numerically (data-sort).
(function () {
  'use strict';
  function key(cell) {
    var v = cell.getAttribute('data-sort');
    if (v === null) { v = cell.textContent.trim(); }
    var n = parseFloat(v);
    return isNaN(n) ? { s: v.toLowerCase() } : { n: n };
  }
  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) { return a.n - b.n; }
    if (a.n !== undefined) { return -1; }
    if (b.n !== undefined) { return 1; }
    return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }
  function sortBy(table, col, dir) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var c = compare(key(r1.cells[col]), key(r2.cells[col]));
      return dir === 'asc' ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    var ths = table.tHead.rows[0].cells;
    for (var i = 0; i < ths.length; i++) {
      ths[i].classList.remove('sorted-asc', 'sorted-desc');
      ths[i].removeAttribute('aria-sort');
    }
    ths[col].classList.add(dir === 'asc' ? 'sorted-asc' : 'sorted-desc');
    ths[col].setAttribute('aria-sort', dir === 'asc' ? 'ascending' : 'descending');
    table.setAttribute('data-sorted', ths[col].getAttribute('data-key') + '-' + dir);
  }
  function init(table) {
    var ths = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, col) {
      if (!th.classList.contains('sortable')) { return; }
      th.addEventListener('click', function () {
        var dir = th.classList.contains('sorted-asc') ? 'desc'
          : th.classList.contains('sorted-desc') ? 'asc' : (th.getAttribute('data-first') || 'desc');
        sortBy(table, col, dir);
      });
    });
    // default: by rank; a link like index.html#sort=clean-desc sorts every table by that column
    var m = /^#sort=([a-z]+)-(asc|desc)$/.exec(window.location.hash);
    var col = 0;
    var dir = 'asc';
    if (m) {
      Array.prototype.forEach.call(ths, function (th, i) {
        if (th.getAttribute('data-key') === m[1]) { col = i; dir = m[2]; }
      });
    }
    sortBy(table, col, dir);
  }
  document.addEventListener('DOMContentLoaded', function () {
    Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), init);
  });
})();
