// The hotline import page: poll the progress endpoint until the import has finished.
(function () {
  var box = document.getElementById("import");
  if (!box || box.dataset.finished) return;
  var url = box.dataset.progress;
  function set(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return setTimeout(poll, 5000);
        document.getElementById("bar").value = p.percent;
        set("status", p.status_label);
        set("done", p.done);
        set("total", p.total);
        Object.keys(p.counts).forEach(function (k) { set(k, p.counts[k]); });
        if (p.finished) window.location.reload();
        else setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  poll();
})();
