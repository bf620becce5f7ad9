// The console: live status and results (Server-Sent Events), arming, sales and event mode.
// Text from the station is set with textContent, never as HTML.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const money = (c) => (c < 0 ? "-" : "") + "$" + Math.floor(Math.abs(c) / 100) + "." +
    String(Math.abs(c) % 100).padStart(2, "0");
  const cents = (text) => {
    const m = /^\s*\$?\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(text || "");
    return m ? Number(m[1]) * 100 + Number((m[2] || "0").padEnd(2, "0")) : null;
  };
  let selected = null, status = null, showingOutcome = false;

  async function api(method, path, body) {
    const options = { method, headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const response = await fetch(path, options);
    if (response.status === 401) { location.href = "/login"; throw new Error("signed out"); }
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(data && data.error ? data.error.message : "HTTP " + response.status);
    return data;
  }

  function say(text, kind) {
    const result = $("result");
    result.textContent = text;
    result.className = "result " + kind;
  }

  // Tabs
  document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => show(tab.dataset.tab)));
  function show(name) {
    document.querySelectorAll(".tab").forEach((t) => {
      const current = t.dataset.tab === name;
      t.classList.toggle("current", current);
      t.setAttribute("aria-selected", current ? "true" : "false");
      t.tabIndex = current ? 0 : -1;
    });
    document.querySelectorAll(".panel").forEach((p) => { p.hidden = p.id !== name; });
    if (name === "today") loadToday();
  }

  // Selling
  document.querySelectorAll(".tile").forEach((tile) => tile.addEventListener("click", () => {
    document.querySelectorAll(".tile").forEach((t) => t.classList.toggle("selected", t === tile));
    selected = tile.dataset;
    $("order").hidden = false;
    $("order-name").textContent = selected.name;
    $("order-price").textContent = selected.cents ? money(Number(selected.cents)) + " each" :
      money(Number(selected.minimum || 1)) + " to " + money(Number(selected.maximum || 0));
    $("price-row").hidden = !!selected.cents;
    $("quantity").value = 1;
    if (!showingOutcome || (status && !status.armed)) say("Set the quantity, then Swipe now.", "idle");
  }));
  // The quantity as typed: a number out of 1-100 is refused in words, never quietly changed.
  const typedQuantity = () => Number($("quantity").value);
  const quantity = () => Math.max(1, Math.min(100, Math.round(typedQuantity()) || 1));
  $("minus").addEventListener("click", () => { $("quantity").value = Math.max(1, quantity() - 1); });
  $("plus").addEventListener("click", () => { $("quantity").value = Math.min(100, quantity() + 1); });
  $("arm").addEventListener("click", async () => {
    if (!selected) return;
    const typed = typedQuantity();
    if (!Number.isInteger(typed) || typed < 1 || typed > 100) {
      say("The quantity must be a whole number from 1 to 100: split a bigger order into several sales.", "error");
      return;
    }
    const body = { product: selected.product, quantity: typed };
    if (!selected.cents) {
      const price = cents($("price").value);
      if (price === null) { say("Type the price, like 5.00.", "error"); return; }
      body.priceCents = price;
    }
    try { const sale = await api("PUT", "/api/sale", body); armed(sale); }
    catch (e) { say(e.message, "error"); }
  });
  $("cancel").addEventListener("click", async () => {
    try { await api("DELETE", "/api/sale"); say("Cancelled: nothing was charged.", "idle"); showingOutcome = false; }
    catch (e) { say(e.message, "error"); }
  });
  function armed(sale) {
    clearTimeout(waiting);
    showingOutcome = false;
    const name = sale.isTest ? "the test charge (1¢ plus fee)" : (selected ? selected.name : sale.product);
    say("Swipe the card now: " + name + (sale.quantity > 1 ? " × " + sale.quantity : "") + ".", "armed");
    $("cancel").hidden = false;
  }

  // A swipe read and being charged: said at once, then again if the catalog is slow.
  let waiting = null;
  function progress(p) {
    showingOutcome = true;
    clearTimeout(waiting);
    const amount = p.amountCents != null ? money(p.amountCents) + " · " : "";
    say("Charging " + amount + p.card + " · do not swipe again", "charging");
    waiting = setTimeout(() => say("Still waiting for the school-payments server… do not swipe again (" +
      p.card + ")", "charging"), 3000);
  }

  function outcome(o) {
    clearTimeout(waiting);
    showingOutcome = true;
    let text;
    if (o.kind === "approved") {
      text = "Approved " + (o.totalCents != null ? money(o.totalCents) : "") + (o.card ? " · " + o.card : "") +
        (o.receipt ? " · receipt " + o.receipt : "");
    } else {
      text = o.message + (o.card && o.kind !== "duplicate" ? " (" + o.card + ")" : "") +
        (o.kind === "voided" && o.totalCents != null ? " " + money(o.totalCents) + " charged and voided." : "");
    }
    say(text, o.kind);
    if (!$("today").hidden) loadToday();
  }

  // Status
  function setStatus(id, text, kind, title) {
    const item = $(id);
    item.textContent = text;
    item.className = kind;
    item.title = title || "";
  }
  function update(s) {
    status = s;
    const r = s.readers;
    setStatus("status-reader", r.connected ? "Reader: " + (r.audio ? "audio" : "") +
      (r.audio && r.usb.length ? " + " : "") + (r.usb.length ? "USB" : "") : "Reader: not connected",
      r.connected ? "ok" : "bad", r.audio || r.usb.join(", "));
    setStatus("status-catalog", s.catalogReachable ? "Catalog: OK" : "Catalog: unreachable",
      s.catalogReachable ? "ok" : "bad", s.catalogProblem);
    const problems = [];
    if (!s.catalogReachable) problems.push("No sale can be made: " + (s.catalogProblem || "the catalog does not answer") + ".");
    if (!r.connected) problems.push("No card reader is connected: plug the reader in.");
    $("problem").textContent = problems.join(" ");
    $("problem").hidden = problems.length === 0;
    setStatus("status-pending", "Pending: " + s.pendingSales, s.pendingSales ? "warn" : "ok",
      s.pendingSales ? "Sales whose outcome is being settled with the catalog" : "");
    const eventOn = s.mode === "event";
    const what = s.armed ? (s.armedName || s.armed.product) + (s.armed.quantity > 1 ? " × " + s.armed.quantity : "") : "";
    setStatus("status-mode", eventOn ? "Event mode: " + what : "Event mode: off", eventOn ? "on" : "ok");
    $("event-state").textContent = eventOn ? "Event mode is on: every accepted swipe buys " + what +
      (s.armedCents != null ? " (" + money(s.armedCents) + " plus fee)." : ".") :
      "Event mode is off: the person at the table chooses each sale.";
    $("event-on").hidden = eventOn;
    $("event-off").hidden = !eventOn;
    $("cancel").hidden = eventOn || !s.armed;
    $("arm").disabled = eventOn;
    $("test-charge").disabled = eventOn || !s.testProduct;
    if (eventOn && !showingOutcome) say("Event mode: every swipe buys " + what + ". Swipe now.", "armed");
    if (!eventOn && !s.armed && $("result").classList.contains("armed")) say("Choose a product.", "idle");
    $("today-date").textContent = s.today;
    if (s.catalogReachable && $("no-products")) location.reload();
  }

  // Live channel
  function listen() {
    const events = new EventSource("/api/events");
    events.addEventListener("status", (e) => update(JSON.parse(e.data)));
    events.addEventListener("progress", (e) => progress(JSON.parse(e.data)));
    events.addEventListener("outcome", (e) => outcome(JSON.parse(e.data)));
    events.onerror = () => {
      ["status-reader", "status-catalog", "status-pending"].forEach((id) =>
        setStatus(id, $(id).textContent.split(":")[0] + ": station not answering", "bad"));
    };
  }

  // Today
  async function loadToday() {
    let list;
    try { list = await api("GET", "/api/sales"); } catch (e) { return; }
    const ul = $("sales");
    ul.replaceChildren();
    $("today-empty").hidden = list.sales.length > 0;
    for (const row of list.sales.slice().reverse()) {
      const s = row.sale;
      const li = document.createElement("li");
      li.id = "sale-" + s.key;
      const what = document.createElement("div");
      what.className = "what";
      what.textContent = (row.productName || s.product) + (s.quantity > 1 ? " × " + s.quantity : "") +
        (s.totalCents != null ? " · " + money(s.totalCents) : "");
      const badge = document.createElement("span");
      badge.className = "badge " + s.status;
      badge.textContent = s.status.replace("_", " ");
      what.append(" ", badge);
      const meta = document.createElement("div");
      meta.className = "meta";
      const time = new Date(s.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      const card = s.brand ? (s.brand === "mastercard" ? "Mastercard" : s.brand === "visa" ? "Visa" : s.brand) +
        " ••••" + (s.last4 || "") : "";
      meta.textContent = [time, card, s.receipt ? "receipt " + s.receipt : "", s.status === "approved" ? "" : s.message]
        .filter(Boolean).join(" · ");
      li.append(what, meta);
      if (row.voidable) {
        const button = document.createElement("button");
        button.className = "secondary void";
        button.textContent = "Void";
        button.addEventListener("click", async () => {
          if (!button.classList.contains("danger")) {
            button.classList.add("danger");
            button.textContent = "Confirm void of " + (s.totalCents != null ? money(s.totalCents) : "this sale");
            return;
          }
          button.disabled = true;
          try { await api("POST", "/api/sales/" + encodeURIComponent(s.key) + "/void"); }
          catch (e) { alertIn(li, e.message); }
          loadToday();
        });
        li.append(button);
      } else if (row.note) {
        const note = document.createElement("div");
        note.className = "hint";
        note.textContent = row.note;
        li.append(note);
      }
      ul.append(li);
    }
  }
  function alertIn(li, text) {
    const p = document.createElement("p");
    p.className = "notice bad";
    p.textContent = text;
    li.append(p);
  }
  $("refresh").addEventListener("click", loadToday);
  $("test-charge").addEventListener("click", async () => {
    try { const sale = await api("POST", "/api/sale/test"); show("sell"); armed(sale); }
    catch (e) { show("sell"); say(e.message, "error"); }
  });

  // Event mode
  const eventPriceVisible = () => {
    const option = $("event-product").selectedOptions[0];
    $("event-price-row").hidden = !option || !!option.dataset.cents;
  };
  $("event-product").addEventListener("change", eventPriceVisible);
  eventPriceVisible();
  $("event-on").addEventListener("click", async () => {
    const body = { product: $("event-product").value,
      quantity: Math.max(1, Math.min(100, Number($("event-quantity").value) || 1)) };
    if (!$("event-price-row").hidden) body.priceCents = cents($("event-price").value);
    try { await api("PUT", "/api/event-mode", body); showingOutcome = false; show("sell"); }
    catch (e) { $("event-state").textContent = e.message; }
  });
  $("event-off").addEventListener("click", async () => {
    try { await api("DELETE", "/api/event-mode"); showingOutcome = false; say("Choose a product.", "idle"); }
    catch (e) { $("event-state").textContent = e.message; }
  });

  $("sign-out").addEventListener("click", async () => {
    try { await api("POST", "/logout"); } finally { location.href = "/login"; }
  });
  listen();
})();
