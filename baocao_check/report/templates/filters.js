(function () {
  var boxes = document.querySelectorAll('input[name=severity]');
  var cat = document.getElementById('category');
  if (!cat) return;   // a page with no checked draft has no filters
  function apply() {
    var on = {}; boxes.forEach(function (b) { on[b.value] = b.checked; });
    var n = 0;
    document.querySelectorAll('.finding').forEach(function (el) {
      var ok = on[el.dataset.severity] && (!cat.value || el.dataset.category === cat.value);
      el.classList.toggle('hidden', !ok); if (ok) n++;
    });
    // a section heading whose findings are all filtered out goes with them
    document.querySelectorAll('.group').forEach(function (g) {
      g.classList.toggle('hidden', !g.querySelector('.finding:not(.hidden)'));
    });
    var shown = document.getElementById('shown');
    if (shown) shown.textContent = n + ' ' + shown.dataset.label;
  }
  // "#severity=error,warning&category=arithmetic_total" sets the filters from a link
  var params = new URLSearchParams(location.hash.slice(1));
  if (params.get('severity')) {
    var wanted = params.get('severity').split(',');
    boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
  }
  if (params.get('category')) cat.value = params.get('category');
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  cat.addEventListener('change', apply);
  apply();
})();
