/* baocao-check serve: drag and drop, upload limits checked before sending, progress while a
   check runs, sorting and filtering of the summary. Served as a file: the page's
   Content-Security-Policy allows no inline script. */
(function () {
  'use strict';
  function $(sel) { return document.querySelector(sel); }

  // -- upload form ---------------------------------------------------------------------------
  var form = $('#upload');
  if (form) {
    var input = $('#files'), zone = $('#dropzone'), chosen = $('#chosen'), err = $('#client-error');
    var maxBytes = parseInt(form.dataset.maxBytes, 10), maxFiles = parseInt(form.dataset.maxFiles, 10);
    var check = function () {
      var files = Array.prototype.slice.call(input.files || []), total = 0;
      files.forEach(function (f) { total += f.size; });
      chosen.textContent = files.length ? files.map(function (f) { return f.name; }).join(', ') : chosen.dataset.none;
      var msg = '';
      if (total > maxBytes) msg = form.dataset.tooLarge.replace('%s', Math.round(maxBytes / 1048576));
      else if (files.length > maxFiles) msg = form.dataset.tooMany.replace('%s', maxFiles);
      err.textContent = msg;
      err.classList.toggle('hidden', !msg);
      return !msg;
    };
    input.addEventListener('change', check);
    ['dragenter', 'dragover'].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (ev) {
      zone.addEventListener(ev, function () { zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) { input.files = e.dataTransfer.files; check(); }
    });
    form.addEventListener('submit', function (e) {
      if (!check()) { e.preventDefault(); return; }
      $('#submit').disabled = true;
      $('#sending').classList.remove('hidden');
    });
  }

  // -- progress while a check runs -------------------------------------------------------------
  var progress = $('#progress');
  if (progress && progress.dataset.statusUrl) {
    var bar = $('#bar'), text = $('#progress-text');
    var poll = function () {
      fetch(progress.dataset.statusUrl, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (bar) { bar.max = s.total; bar.value = s.done; }
          if (text) text.textContent = s.done + '/' + s.total + ' ' + text.dataset.label;
          if (s.finished) location.reload(); else setTimeout(poll, 600);
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 300);
  }

  // -- the shared folder: carry the chosen ruleset, refresh while checks run -----------------------
  var rs = $('#folder-ruleset');
  if (rs) {
    document.querySelectorAll('form.ruleset-carrier').forEach(function (f) {
      f.addEventListener('submit', function () { f.querySelector('input[name=ruleset]').value = rs.value; });
    });
  }
  var fstatus = $('#folder-status');
  if (fstatus && parseInt(fstatus.dataset.running, 10) > 0) {
    var fpoll = function () {
      fetch(fstatus.dataset.statusUrl, { credentials: 'same-origin', cache: 'no-store' })
        .then(function (r) { return r.json(); })
        .then(function (s) { if (s.running === 0) location.reload(); else setTimeout(fpoll, 800); })
        .catch(function () { setTimeout(fpoll, 2000); });
    };
    setTimeout(fpoll, 500);
  }

  // -- summary table: sort by a column, filter by name and verdict --------------------------------
  var table = $('#summary');
  if (table) {
    var body = table.tBodies[0];
    table.querySelectorAll('th').forEach(function (th, col) {
      th.addEventListener('click', function () {
        var rows = Array.prototype.slice.call(body.rows), num = th.dataset.type === 'num';
        var dir = th.dataset.dir === 'desc' ? 1 : -1;
        table.querySelectorAll('th').forEach(function (h) { delete h.dataset.dir; });
        th.dataset.dir = dir === 1 ? 'asc' : 'desc';
        rows.sort(function (a, b) {
          var x = a.cells[col] ? a.cells[col].textContent.trim() : '', y = b.cells[col] ? b.cells[col].textContent.trim() : '';
          return num ? dir * ((parseFloat(x) || 0) - (parseFloat(y) || 0)) : dir * x.localeCompare(y, 'vi');
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    var filter = $('#filter'), verdict = $('#verdict');
    var apply = function () {
      var q = (filter.value || '').toLowerCase(), v = verdict.value;
      Array.prototype.forEach.call(body.rows, function (r) {
        var ok = (!q || r.dataset.name.indexOf(q) >= 0) && (!v || r.dataset.verdict === v);
        r.classList.toggle('hidden', !ok);
      });
    };
    if (filter) filter.addEventListener('input', apply);
    if (verdict) verdict.addEventListener('change', apply);
  }
})();
