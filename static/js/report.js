// Report page enhancements; the form works without this file.
// Photos scaled down before upload, the phone's location, class search, "已有人反映", no double submit.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) return;
  var $ = function (id) { return document.getElementById(id); };
  var MAX_SIDE = 1600, MAX_PHOTOS = 9;
  // Texts come translated from data-* attributes of the page; {n}-style holes are filled here.
  function text(el, name, values) {
    return (el.getAttribute("data-" + name) || "").replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // --- a failed submit: the summary at the top takes the focus; its links focus their field ---
  var summary = $("error-summary");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (e) {
      var link = e.target.closest("a[href^='#']"), target = link && $(link.getAttribute("href").slice(1));
      if (!target) return;
      var field = target.matches("input,textarea,select") ? target : target.querySelector("input:not([type=hidden]),textarea,select");
      if (field) { e.preventDefault(); target.scrollIntoView({ block: "center" }); field.focus({ preventScroll: true }); }
    });
  }

  // --- photos: re-encode each to a JPEG of at most 1600 px, then swap the input's files ---
  var input = $("id_photos"), status = $("photo-status"), pending = 0;
  function shrink(file) {
    return new Promise(function (done) {
      if (!/^image\//.test(file.type) || !window.createImageBitmap || !window.DataTransfer) return done(file);
      createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bmp) {
        var scale = Math.min(1, MAX_SIDE / Math.max(bmp.width, bmp.height));
        if (scale === 1 && file.size < 400 * 1024) return done(file);
        var c = document.createElement("canvas");
        c.width = Math.round(bmp.width * scale); c.height = Math.round(bmp.height * scale);
        c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
        c.toBlob(function (blob) {
          done(blob ? new File([blob], file.name.replace(/\.\w+$/, "") + ".jpg", { type: "image/jpeg" }) : file);
        }, "image/jpeg", 0.82);
      }, function () { done(file); });
    });
  }
  if (input) input.addEventListener("change", function () {
    if (input.dataset.swapping) return;
    var files = Array.prototype.slice.call(input.files, 0, MAX_PHOTOS);
    var extra = input.files.length > MAX_PHOTOS ? text(status, "kept", {}) : "";
    pending++; status.textContent = text(status, "shrinking", {});
    var again = $("photos-again");
    if (again) again.hidden = true;
    Promise.all(files.map(shrink)).then(function (small) {
      if (window.DataTransfer) {
        var dt = new DataTransfer();
        small.forEach(function (f) { dt.items.add(f); });
        input.dataset.swapping = "1"; input.files = dt.files; delete input.dataset.swapping;
      }
      var kb = small.reduce(function (s, f) { return s + f.size; }, 0) / 1024;
      status.textContent = text(status, "chosen", { n: small.length, kb: Math.round(kb) }) + extra;
      pending--;
    });
  });

  // --- location: WGS-84 from the phone, kept in the hidden lng/lat inputs ---
  var geo = $("geo-button"), geoStatus = $("geo-status");
  if (geo && navigator.geolocation) {
    geo.hidden = false;
    geo.addEventListener("click", function () {
      geoStatus.textContent = text(geo, "locating", {});
      navigator.geolocation.getCurrentPosition(function (p) {
        $("id_lng").value = p.coords.longitude.toFixed(6);
        $("id_lat").value = p.coords.latitude.toFixed(6);
        geoStatus.textContent = text(geo, "located", { m: Math.round(p.coords.accuracy) });
        lookNearby();
      }, function () { geoStatus.textContent = text(geo, "failed", {}); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // --- class search: filter the common-class radios, and ask the server for any other class ---
  var search = $("cat-search"), box = $("cats"), timer = null;
  var cats = box.querySelectorAll(".cat[data-terms]");
  function radio(c) {
    var label = document.createElement("label"), inp = document.createElement("input"), span = document.createElement("span");
    var img = document.createElement("img"), name = document.createElement("b");
    label.className = "cat found"; inp.type = "radio"; inp.name = "category"; inp.value = c.id;
    img.className = "icon"; img.alt = ""; img.width = img.height = 24;
    img.src = c.icon || form.getAttribute("data-search-icon");
    name.textContent = c.name;
    span.appendChild(img); span.appendChild(name);
    label.appendChild(inp); label.appendChild(span);
    return label;
  }
  if (search) {
    search.hidden = false;
    search.addEventListener("input", function () {
      var q = search.value.trim(), shown = 0;
      Array.prototype.forEach.call(cats, function (el) {
        var hit = !q || el.getAttribute("data-terms").indexOf(q) >= 0;
        el.hidden = !hit; if (hit) shown++;
      });
      Array.prototype.forEach.call(box.querySelectorAll(".found"), function (el) {
        if (!el.querySelector("input").checked) el.remove();
      });
      $("cat-none").hidden = shown > 0 || !q;
      clearTimeout(timer);
      if (!q || shown > 0) return;
      timer = setTimeout(function () {
        fetch(form.getAttribute("data-classes") + "?q=" + encodeURIComponent(q)).then(function (r) { return r.json(); }).then(function (data) {
          var first = box.querySelector(".cat[data-terms]");
          data.classes.forEach(function (c) {
            if (!box.querySelector("input[value='" + c.id + "']")) box.insertBefore(radio(c), first);
          });
          $("cat-none").hidden = data.classes.length > 0;
        });
      }, 250);
    });
  }
  form.addEventListener("change", function (e) {
    if (e.target.name === "category") lookNearby();
  });

  // --- "已有人反映": open cases of the same class nearby, each with a +1 form ---
  function chosenCategory() {
    var checked = form.querySelector("input[name=category]:checked");
    return (checked && checked.value) || "";
  }
  function lookNearby() {
    var box = $("nearby"), cat = chosenCategory(), lng = $("id_lng").value, lat = $("id_lat").value;
    if (!box || !form.getAttribute("data-nearby")) return;  // the staff 随手拍 page has none
    if (!cat || !lng || !lat) { box.hidden = true; return; }
    var url = form.getAttribute("data-nearby") + "?category=" + encodeURIComponent(cat) +
      "&lng=" + encodeURIComponent(lng) + "&lat=" + encodeURIComponent(lat);
    fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
      var list = box.querySelector("ul"), token = form.querySelector("[name=csrfmiddlewaretoken]").value;
      var holder = $("nearby-forms");  // outside the report form: forms must not nest
      list.textContent = ""; holder.textContent = "";
      data.cases.forEach(function (c, i) {
        var li = document.createElement("li"), a = document.createElement("a"), f = document.createElement("form");
        a.href = c.url; a.textContent = c.category + " · " + c.status;
        var meta = document.createElement("span");
        meta.className = "muted";
        meta.textContent = " " + text(box, "distance", { m: c.distance_m }) + " · " + c.reported +
          (c.supporter_count ? " · " + text(box, "plus-count", { n: c.supporter_count }) : "");
        f.method = "post"; f.action = c.support_url; f.id = "plus-" + i;
        var t = document.createElement("input"); t.type = "hidden"; t.name = "csrfmiddlewaretoken"; t.value = token;
        var b = document.createElement("button"); b.type = "submit"; b.className = "secondary plus"; b.textContent = text(box, "plus", {});
        b.setAttribute("form", f.id);
        f.appendChild(t); holder.appendChild(f);
        li.appendChild(a); li.appendChild(meta); li.appendChild(b); list.appendChild(li);
      });
      box.hidden = data.cases.length === 0;
    }).catch(function () { box.hidden = true; });
  }

  // --- one submission only: a double tap sends nothing twice (the client key covers retries) ---
  form.addEventListener("submit", function (e) {
    var button = $("submit-button");
    if (pending > 0) { e.preventDefault(); status.textContent = text(status, "wait", {}); return; }
    if (button.disabled) { e.preventDefault(); return; }
    setTimeout(function () { button.disabled = true; button.textContent = text(button, "sending", {}); }, 0);
  });
})();
