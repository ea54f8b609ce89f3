// The phone flow of /projects/<code>/record/ (issue 4 §7).
//
// The form works without this file (a plain POST). With it:
// * the draft being typed is kept in localStorage, with an idempotency key made once per draft;
// * "Record" moves the draft into a queue kept in localStorage, then sends the queue with fetch;
// * a draft that cannot be sent (no connection, server away, signed out) stays queued and is
//   sent again when the browser fires "online", when the page is opened again, and every 20 s;
// * the server answers a key it already knows with the session recorded the first time, so a
//   draft sent twice is recorded once; a draft is removed from the queue only once answered.
(function () {
  "use strict";
  var form = document.getElementById("record-form");
  if (!form || !window.localStorage || !window.fetch || !window.FormData) { return; }

  var code = form.getAttribute("data-project");
  var QUEUE_KEY = "tidtam.record.queue." + code;
  var DRAFT_KEY = "tidtam.record.draft." + code;
  var FIELDS = ["activity", "start_date", "place", "total", "men", "women"];
  var COUNTS = ["total", "men", "women"];
  var MAX_PHOTO_SIDE = 1600;
  var KEEP_SENT = 10;
  var statusBox = document.getElementById("record-status");
  var queueSection = document.getElementById("queue-section");
  var queueList = document.getElementById("queue");
  var keyInput = form.querySelector("[name=idempotency_key]");
  var photoInput = form.querySelector("[name=photo]");
  var preview = document.getElementById("photo-preview");
  var inFlight = {};
  var photosInMemory = {};  // photos too large for localStorage, kept while the page is open

  function msg(name) { return form.getAttribute("data-msg-" + name) || ""; }
  function label(name) { return form.getAttribute("data-label-" + name) || name; }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function load(key, fallback) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }

  function showStatus(state, text) {
    statusBox.hidden = !text;
    statusBox.setAttribute("data-state", state);
    statusBox.textContent = text;
  }

  // --- the draft -----------------------------------------------------------------------------
  var draft = load(DRAFT_KEY, null);

  function readFields() {
    var values = {};
    FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (input) { values[name] = input.value; }
    });
    return values;
  }
  function writeFields(values) {
    FIELDS.forEach(function (name) {
      var input = form.elements[name];
      if (input && values && Object.prototype.hasOwnProperty.call(values, name)) { input.value = values[name]; }
    });
  }
  function saveDraft() {
    draft.fields = readFields();
    if (!store(DRAFT_KEY, draft)) {
      draft.photo = null;
      store(DRAFT_KEY, draft);
    }
  }
  function startDraft() {
    draft = { key: newKey(), fields: {}, photo: null };
    keyInput.value = draft.key;
    store(DRAFT_KEY, draft);
  }

  if (draft && draft.key) {
    keyInput.value = draft.key;
    var hasText = FIELDS.some(function (name) { return draft.fields && draft.fields[name]; });
    if (hasText) {
      writeFields(draft.fields);
      showStatus("idle", msg("draft"));
    }
    if (draft.photo) { showPreview(draft.photo.data); }
  } else {
    startDraft();
  }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  // --- the photo: shrunk on the phone so that it fits in the queue ---------------------------
  function showPreview(dataUrl) {
    if (!preview) { return; }
    preview.src = dataUrl || "";
    preview.hidden = !dataUrl;
  }
  function readAsDataUrl(file) {
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () { resolve(reader.result); };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }
  function shrink(file) {
    if (!window.createImageBitmap) { return readAsDataUrl(file); }
    return window.createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return canvas.toDataURL("image/jpeg", 0.82);
    }).catch(function () { return readAsDataUrl(file); });
  }
  if (photoInput) {
    photoInput.addEventListener("change", function () {
      var file = photoInput.files && photoInput.files[0];
      if (!file) { draft.photo = null; showPreview(null); saveDraft(); return; }
      shrink(file).then(function (dataUrl) {
        draft.photo = { name: (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg", data: dataUrl };
        showPreview(dataUrl);
        if (!store(DRAFT_KEY, draft)) {
          photosInMemory[draft.key] = draft.photo;
          draft.photo = null;
          store(DRAFT_KEY, draft);
          showStatus("queued", msg("photo-not-kept"));
        }
      });
    });
  }
  function dataUrlToBlob(dataUrl) {
    var parts = dataUrl.split(",");
    var mime = (parts[0].match(/data:([^;]+)/) || [null, "application/octet-stream"])[1];
    var binary = window.atob(parts[1]);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) { bytes[i] = binary.charCodeAt(i); }
    return new Blob([bytes], { type: mime });
  }

  // --- the queue -----------------------------------------------------------------------------
  function queue() { return load(QUEUE_KEY, []); }
  function saveQueue(items) {
    var sent = items.filter(function (i) { return i.state === "sent"; });
    var keep = items.filter(function (i) { return i.state !== "sent"; }).concat(sent.slice(-KEEP_SENT));
    if (!store(QUEUE_KEY, keep)) {
      // Out of space: keep every entry, drop the photos of those already tried (never the text).
      keep.forEach(function (i) { if (i.photo) { photosInMemory[i.key] = i.photo; i.photo = null; } });
      store(QUEUE_KEY, keep);
    }
  }
  function update(key, changes) {
    var items = queue();
    items.forEach(function (item) {
      if (item.key === key) { Object.keys(changes).forEach(function (k) { item[k] = changes[k]; }); }
    });
    saveQueue(items);
    render();
  }
  function describe(fields) {
    var select = form.elements.activity;
    var text = "";
    if (select) {
      for (var i = 0; i < select.options.length; i += 1) {
        if (select.options[i].value === fields.activity) { text = select.options[i].text; }
      }
    }
    return [text, fields.start_date, fields.total ? fields.total + " " : ""].filter(Boolean).join(" · ");
  }

  function render() {
    var items = queue();
    queueSection.hidden = items.length === 0;
    queueList.textContent = "";
    items.slice().reverse().forEach(function (item) {
      var li = document.createElement("li");
      li.setAttribute("data-state", item.state);
      li.setAttribute("data-key", item.key);
      var what = document.createElement("span");
      what.className = "q-what";
      what.textContent = item.label;
      if (item.errors) {
        var err = document.createElement("span");
        err.className = "errorlist";
        err.textContent = " " + item.errors;
        what.appendChild(err);
      }
      var state = document.createElement("span");
      state.className = "q-state";
      state.textContent = label(item.state);
      li.appendChild(what);
      li.appendChild(state);
      if (item.state === "sent" && item.url) {
        var link = document.createElement("a");
        link.href = item.url;
        link.textContent = label("open");
        li.appendChild(link);
      }
      if (item.state === "error") {
        var fix = document.createElement("button");
        fix.type = "button";
        fix.className = "button small secondary";
        fix.textContent = label("fix");
        fix.addEventListener("click", function () { takeBack(item.key); });
        li.appendChild(fix);
      }
      queueList.appendChild(li);
    });
  }

  function clearErrors() {
    form.querySelectorAll(".js-error").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid=true]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
  }
  function showErrors(errors) {
    clearErrors();
    var general = [];
    Object.keys(errors || {}).forEach(function (name) {
      var input = form.elements[name];
      var text = errors[name].join(" ");
      if (input && input.parentNode && name !== "idempotency_key") {
        var ul = document.createElement("ul");
        ul.className = "errorlist js-error";
        var li = document.createElement("li");
        li.textContent = text;
        ul.appendChild(li);
        // The three counts sit side by side on a phone: their messages go below them.
        var countErrors = COUNTS.indexOf(name) >= 0 && document.getElementById("count-errors");
        if (countErrors) {
          countErrors.appendChild(ul);
        } else {
          input.parentNode.insertBefore(ul, input);
        }
        input.setAttribute("aria-invalid", "true");
      } else {
        general.push(text);
      }
    });
    showStatus("error", [msg("error")].concat(general).join(" "));
    statusBox.scrollIntoView({ block: "start" });
  }

  // Put an entry the server refused back into the form, to be corrected and recorded again.
  function takeBack(key) {
    var items = queue();
    var item = items.filter(function (i) { return i.key === key; })[0];
    if (!item) { return; }
    saveQueue(items.filter(function (i) { return i.key !== key; }));
    draft = { key: item.key, fields: item.fields, photo: item.photo || photosInMemory[item.key] || null };
    keyInput.value = draft.key;
    writeFields(item.fields);
    store(DRAFT_KEY, draft);
    if (draft.photo) { showPreview(draft.photo.data); }
    showErrors(item.errorMap || {});
    render();
  }

  function send(item, fresh) {
    if (inFlight[item.key]) { return Promise.resolve(); }
    inFlight[item.key] = true;
    update(item.key, { state: "sending" });
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    body.append("idempotency_key", item.key);
    FIELDS.forEach(function (name) { body.append(name, item.fields[name] || ""); });
    var photo = item.photo || photosInMemory[item.key];
    if (photo) { body.append("photo", dataUrlToBlob(photo.data), photo.name); }
    return window.fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if ((response.status === 200 || response.status === 201) && json) {
        return response.json().then(function (data) {
          delete photosInMemory[item.key];
          update(item.key, { state: "sent", url: data.url, photo: null, errors: null });
          showStatus("sent", msg("sent"));
        });
      }
      if (response.status === 400 && json) {
        return response.json().then(function (data) {
          var errors = data.errors || {};
          var text = Object.keys(errors).map(function (k) { return errors[k].join(" "); }).join(" ");
          update(item.key, { state: "error", errors: text, errorMap: errors });
          if (fresh) { takeBack(item.key); } else { showStatus("error", msg("error")); }
        });
      }
      // Signed out, server error, proxy page...: keep it queued and try again later.
      update(item.key, { state: "queued" });
      showStatus("queued", msg("queued"));
      return null;
    }).catch(function () {
      update(item.key, { state: "queued" });
      showStatus("offline", msg("queued"));
    }).then(function () {
      delete inFlight[item.key];
    });
  }

  function flush() {
    var pending = queue().filter(function (i) { return i.state === "queued" || i.state === "sending"; });
    return pending.reduce(function (chain, item) {
      return chain.then(function () { return send(item, false); });
    }, Promise.resolve());
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var fields = readFields();
    var item = {
      key: draft.key,
      fields: fields,
      photo: draft.photo,
      label: describe(fields),
      state: "queued",
      savedAt: new Date().toISOString()
    };
    var items = queue().filter(function (i) { return i.key !== item.key; });
    items.push(item);
    saveQueue(items);
    if (queue().filter(function (i) { return i.key === item.key; }).length === 0) {
      // Could not even keep the text on this phone: send the plain form instead.
      form.submit();
      return;
    }
    var photoInMemory = draft.photo && !queue().filter(function (i) { return i.key === item.key; })[0].photo;
    if (photoInMemory) { photosInMemory[item.key] = draft.photo; }
    form.reset();
    showPreview(null);
    startDraft();
    render();
    showStatus("queued", navigator.onLine === false ? msg("offline") : msg("sending"));
    send(item, true);
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", function () { showStatus("offline", msg("offline")); });
  window.setInterval(function () { if (navigator.onLine !== false) { flush(); } }, 20000);
  render();
  flush();
})();
