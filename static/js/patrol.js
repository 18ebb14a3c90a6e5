/* Patrol track recorder: while this page is open, watchPosition's fixes are buffered and sent
   in batches. Nothing is invented: a poor fix is sent as it is (the server marks it) and time
   without fixes stays a gap on the track. Unsent points survive a reload in sessionStorage. */
(function () {
  "use strict";
  var box = document.getElementById("patrol-current");
  if (!box || !navigator.geolocation) return;
  var status = document.getElementById("track-status");
  var url = box.dataset.pointsUrl;
  var key = "patrol-points:" + url;
  var token = document.querySelector("[name=csrfmiddlewaretoken]").value;
  var pending = JSON.parse(sessionStorage.getItem(key) || "[]");
  var sending = false;
  var sentOnce = false;

  function say(name, values) {
    var text = status.dataset[name] || "";
    Object.keys(values || {}).forEach(function (k) { text = text.replace("{" + k + "}", values[k]); });
    status.textContent = text;
  }
  function keep() { sessionStorage.setItem(key, JSON.stringify(pending)); }

  function send(final) {
    if (sending || !pending.length) return Promise.resolve();
    sending = true;
    var batch = pending.slice(0, 200);
    return fetch(url, {
      method: "POST", credentials: "same-origin", keepalive: !!final,
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ points: batch })
    }).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.error || r.status);
        pending = pending.slice(batch.length);
        keep();
        document.getElementById("patrol-points").textContent = data.points;
        document.getElementById("patrol-distance").textContent = data.distance_m;
        say("saved", { n: data.points });
      });
    }).catch(function () { say("offline"); })
      .then(function () { sending = false; });
  }

  window.patrolPoor = JSON.parse(document.getElementById("patrol-config").textContent).poorAccuracy;
  navigator.geolocation.watchPosition(function (pos) {
    var acc = Math.round(pos.coords.accuracy);
    pending.push({ t: pos.timestamp || Date.now(), lng: +pos.coords.longitude.toFixed(6),
                   lat: +pos.coords.latitude.toFixed(6), acc: acc });
    keep();
    say(acc > window.patrolPoor ? "poor" : "recording", { m: acc });
    if (pending.length >= 10 || !sentOnce) { sentOnce = true; send(false); }
  }, function () { say("denied"); }, { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });

  setInterval(function () { send(false); }, 15000);
  document.addEventListener("visibilitychange", function () { if (document.hidden) send(true); });
  document.getElementById("patrol-end-form").addEventListener("submit", function (e) {
    if (!pending.length) return;
    e.preventDefault();
    var form = e.target;
    send(true).then(function () { form.submit(); });
  });
  send(false);
})();
