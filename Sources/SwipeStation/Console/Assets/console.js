// The console: live status and results (Server-Sent Events), arming, sales and event mode.
// Text from the station is set with textContent, never as HTML.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const money = (c) => (c < 0 ? "-" : "") + "$" + Math.floor(Math.abs(c) / 100).toLocaleString("en-US") + "." +
    String(Math.abs(c) % 100).padStart(2, "0");
  const cents = (text) => {
    const m = /^\s*\$?\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(text || "");
    return m ? Number(m[1]) * 100 + Number((m[2] || "0").padEnd(2, "0")) : null;
  };
  let selected = null, status = null, showingOutcome = false;
  // The sale being set up: lines of { product, name, quantity, priceCents }.
  let cart = [];
  // The day the Sales view shows (YYYY-MM-DD, Eastern), and the day it is in New York now.
  let salesDay = null, today = null;
  const percent = (basisPoints) => String(basisPoints / 100) + "%";

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
    if (name === "sales") loadSales();
    if (name === "setup") api("GET", "/api/setup").then(showSetup, () => {});
  }

  // Selling: a product chosen, its quantity (and price), added to the sale; the sale's total
  // and fee asked of the station as it changes; Swipe now arms it.
  document.querySelectorAll(".tile").forEach((tile) => tile.addEventListener("click", () => {
    document.querySelectorAll(".tile").forEach((t) => t.classList.toggle("selected", t === tile));
    selected = tile.dataset;
    $("order").hidden = false;
    $("order-name").textContent = selected.name;
    $("order-price").textContent = selected.cents ? money(Number(selected.cents)) + " each" :
      money(Number(selected.minimum || 1)) + " to " + money(Number(selected.maximum || 0));
    $("price-row").hidden = !!selected.cents;
    $("quantity").value = 1;
    armable();
    if (!showingOutcome || (status && !status.armed)) say("Set the quantity, then Add to sale or Swipe now.", "idle");
  }));
  // The quantity as typed: a number out of 1-100 is refused in words, never quietly changed.
  const typedQuantity = () => Number($("quantity").value);
  const quantity = () => Math.max(1, Math.min(100, Math.round(typedQuantity()) || 1));
  $("minus").addEventListener("click", () => { $("quantity").value = Math.max(1, quantity() - 1); });
  $("plus").addEventListener("click", () => { $("quantity").value = Math.min(100, quantity() + 1); });
  // The chosen product as a line of the sale, or null (and the reason said) when it cannot be one.
  function chosenLine() {
    if (!selected) return null;
    const typed = typedQuantity();
    if (!Number.isInteger(typed) || typed < 1 || typed > 100) {
      say("The quantity must be a whole number from 1 to 100: split a bigger order into several sales.", "error");
      return null;
    }
    const line = { product: selected.product, name: selected.name, quantity: typed };
    if (!selected.cents) {
      const price = cents($("price").value);
      if (price === null) { say("Type the price, like 5.00.", "error"); return null; }
      line.priceCents = price;
    }
    return line;
  }
  const items = (lines) => lines.map((l) => (l.priceCents != null ?
    { product: l.product, quantity: l.quantity, priceCents: l.priceCents } :
    { product: l.product, quantity: l.quantity }));
  $("add").addEventListener("click", () => {
    const line = chosenLine();
    if (!line) return;
    const same = cart.find((l) => l.product === line.product && l.priceCents === line.priceCents);
    if (same && same.quantity + line.quantity <= 100) same.quantity += line.quantity; else cart.push(line);
    if (cart.length > 20) { cart.pop(); say("A sale holds 20 products at most: swipe this one, then start another.", "error"); }
    else say("Added. Add more, or Swipe now.", "idle");
    showCart();
  });
  function showCart() {
    const list = $("cart-lines");
    list.replaceChildren();
    $("cart").hidden = cart.length === 0;
    cart.forEach((line, index) => {
      const li = document.createElement("li");
      li.textContent = line.name + (line.quantity > 1 ? " × " + line.quantity : "") +
        (line.priceCents != null ? " at " + money(line.priceCents) : "") + " ";
      const remove = document.createElement("button");
      remove.className = "link";
      remove.textContent = "Remove";
      remove.setAttribute("aria-label", "Remove " + line.name);
      remove.addEventListener("click", () => { cart.splice(index, 1); showCart(); });
      li.append(remove);
      list.append(li);
    });
    armable();
    quote();
  }
  // The total with the school's fee, or what is wrong with the sale (over a limit), as the station says.
  let quoting = 0;
  async function quote() {
    const asked = ++quoting;
    if (cart.length === 0) { $("cart-total").textContent = ""; return; }
    try {
      const sale = await api("POST", "/api/quote", { items: items(cart) });
      if (asked !== quoting) return;
      $("cart-total").textContent = total(sale);
      $("cart-total").className = "total";
    } catch (e) {
      if (asked !== quoting) return;
      $("cart-total").textContent = e.message;
      $("cart-total").className = "total bad";
    }
  }
  const total = (sale) => sale.quote ? "Total " + money(sale.quote.totalCents) +
    (sale.quote.feeCents ? " (includes the school's fee of " + money(sale.quote.feeCents) + ")" : "") : "";
  function armable() {
    $("arm").disabled = (status && status.mode === "event") || (cart.length === 0 && !selected);
  }
  $("arm").addEventListener("click", async () => {
    let lines = cart;
    if (lines.length === 0) {
      const line = chosenLine();
      if (!line) return;
      lines = [line];
    }
    try { const sale = await api("PUT", "/api/sale", { items: items(lines) }); armed(sale); }
    catch (e) { say(e.message, "error"); }
  });
  $("cancel").addEventListener("click", async () => {
    try { await api("DELETE", "/api/sale"); say("Cancelled: nothing was charged.", "idle"); showingOutcome = false; }
    catch (e) { say(e.message, "error"); }
  });
  function armed(sale) {
    clearTimeout(waiting);
    showingOutcome = false;
    const price = sale.quote ? " · " + total(sale) : "";
    say("Swipe the card now: " + (sale.isTest ? "the test charge (1¢ plus fee)" : sale.title) + price + ".", "armed");
    $("cancel").hidden = false;
  }
  // An approved sale is done: the next one starts empty.
  function saleDone() {
    cart = [];
    selected = null;
    document.querySelectorAll(".tile").forEach((t) => t.classList.remove("selected"));
    $("order").hidden = true;
    showCart();
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

  // Each outcome's tone on this phone or tablet, and a vibration in its rhythm, once switched on
  // (a browser plays sound only after a tap on the page).
  let audio = null;
  function setSound(on) {
    if (on && !audio) {
      const Context = window.AudioContext || window.webkitAudioContext;
      audio = Context ? new Context() : null;
    }
    if (!on && audio) { audio.close(); audio = null; }
    $("sound").setAttribute("aria-pressed", on ? "true" : "false");
    $("sound").textContent = "Sound on this phone: " + (on ? "on" : "off");
    try { localStorage.setItem("swipe-sound", on ? "on" : "off"); } catch (e) { /* private mode */ }
  }
  $("sound").addEventListener("click", () => setSound($("sound").getAttribute("aria-pressed") !== "true"));
  function play(name, notes) {
    if ($("sound").getAttribute("aria-pressed") !== "true" || !notes) return;
    document.body.dataset.lastTone = name;
    if (audio) {
      let at = audio.currentTime + 0.02;
      for (const [hertz, seconds] of notes) {
        if (hertz > 0) {
          const oscillator = audio.createOscillator();
          const gain = audio.createGain();
          oscillator.frequency.value = hertz;
          gain.gain.setValueAtTime(0.25, at);
          gain.gain.setValueAtTime(0, at + seconds);
          oscillator.connect(gain).connect(audio.destination);
          oscillator.start(at);
          oscillator.stop(at + seconds);
        }
        at += seconds;
      }
    }
    if (navigator.vibrate) {
      // Sounding notes vibrate, pauses rest; notes back to back are told apart by a short rest.
      const pattern = [];
      for (const [hertz, seconds] of notes) {
        const ms = Math.round(seconds * 1000);
        if (hertz > 0 && pattern.length % 2 === 1) pattern.push(40);
        if (hertz === 0 && pattern.length % 2 === 0) pattern.push(0);
        pattern.push(ms);
      }
      navigator.vibrate(pattern);
    }
  }

  function outcome(o) {
    clearTimeout(waiting);
    if (o.tone) play(o.tone, o.notes);
    showingOutcome = true;
    let text;
    if (o.kind === "approved") {
      text = "Approved " + (o.totalCents != null ? money(o.totalCents) : "") + (o.card ? " · " + o.card : "") +
        (o.receipt ? " · receipt " + o.receipt : "");
    } else if (o.kind === "stored") {
      text = o.message + (o.totalCents != null ? " " + money(o.totalCents) : "") + (o.card ? " · " + o.card : "");
    } else {
      text = o.message + (o.card && o.kind !== "duplicate" ? " (" + o.card + ")" : "") +
        (o.kind === "voided" && o.totalCents != null ? " " + money(o.totalCents) + " charged and voided." : "");
    }
    say(text, o.kind);
    if ((o.kind === "approved" || o.kind === "stored") && status && status.mode !== "event") saleDone();
    if (!$("sales").hidden) loadSales();
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
    // Offline selling: sales are kept on the station while the catalog does not answer.
    const o = s.offline;
    const keeping = !s.catalogReachable && o.keeping;
    setStatus("status-catalog", s.catalogReachable ? "Catalog: OK" : keeping ? "Catalog: offline" : "Catalog: unreachable",
      s.catalogReachable ? "ok" : keeping ? "warn" : "bad", s.catalogProblem);
    $("status-offline").hidden = !o.enabled || (!o.waiting && !keeping);
    setStatus("status-offline", "Offline: " + o.waiting + " waiting · " + money(o.waitingCents),
      o.waiting ? "warn" : "ok", "Sales kept on this station, sent when the school-payments server is back");
    const problems = [];
    if (keeping) {
      problems.push("Offline: sales are kept on this station and sent when the school-payments server is back " +
        "(up to " + money(o.maxSaleCents) + " a sale). A kept sale is not approved yet.");
    } else if (!s.catalogReachable) {
      problems.push("No sale can be made: " + (s.catalogProblem || "the catalog does not answer") + ".");
    }
    if (!r.connected) problems.push("No card reader is connected: plug the reader in.");
    $("problem").textContent = problems.join(" ");
    $("problem").hidden = problems.length === 0;
    $("problem").className = "problem" + (keeping && r.connected ? " warn" : "");
    setStatus("status-pending", "Pending: " + s.pendingSales, s.pendingSales ? "warn" : "ok",
      s.pendingSales ? "Sales whose outcome is being settled with the catalog" : "");
    const eventOn = s.mode === "event";
    const what = s.armed ? s.armed.title : "";
    setStatus("status-mode", eventOn ? "Event mode: " + what : "Event mode: off", eventOn ? "on" : "ok");
    $("event-state").textContent = eventOn ? "Event mode is on: every accepted swipe buys " + what +
      (s.armed && s.armed.quote ? " (" + money(s.armed.quote.totalCents) + " with the fee)." : ".") :
      "Event mode is off: the person at the table chooses each sale.";
    $("event-on").hidden = eventOn;
    $("event-off").hidden = !eventOn;
    $("cancel").hidden = eventOn || !s.armed;
    armable();
    const p = s.pricing;
    $("limits").textContent = p ? "The school adds " + (p.feeFlatCents ? money(p.feeFlatCents) + " + " : "") +
      percent(p.feeBasisPoints) + " to each sale. One sale may come to " + money(p.maxChargeCents) +
      " at most, one item " + money(p.maxItemCents) + "." : "";
    $("test-charge").disabled = eventOn || !s.testProduct;
    if (eventOn && !showingOutcome) say("Event mode: every swipe buys " + what + ". Swipe now.", "armed");
    if (!eventOn && !s.armed && $("result").classList.contains("armed")) say("Choose a product.", "idle");
    if (today !== s.today) { today = s.today; if (!salesDay) pickDay(today); }
    if (s.catalogReachable && $("no-products")) location.reload();
  }

  // Live channel
  function listen() {
    const events = new EventSource("/api/events");
    events.addEventListener("status", (e) => update(JSON.parse(e.data)));
    events.addEventListener("progress", (e) => progress(JSON.parse(e.data)));
    events.addEventListener("outcome", (e) => outcome(JSON.parse(e.data)));
    events.addEventListener("setup", (e) => { if (!$("setup").hidden) showSetup(JSON.parse(e.data)); });
    events.onerror = () => {
      ["status-reader", "status-catalog", "status-pending"].forEach((id) =>
        setStatus(id, $(id).textContent.split(":")[0] + ": station not answering", "bad"));
    };
  }

  // Sales: the journal of a day (today, yesterday, any day), times in the school's zone.
  const schoolZone = "America/New_York";
  const timeText = (at) => new Date(at).toLocaleTimeString("en-US",
    { timeZone: schoolZone, hour: "numeric", minute: "2-digit" }) + " ET";
  const dayText = (day) => new Date(day + "T12:00:00Z").toLocaleDateString("en-US",
    { timeZone: "UTC", weekday: "long", month: "long", day: "numeric", year: "numeric" });
  const dayBefore = (day) => new Date(Date.parse(day + "T12:00:00Z") - 86400000).toISOString().slice(0, 10);
  function pickDay(day) {
    salesDay = day;
    $("sales-date").value = day;
    $("sales-date").max = today || day;
    if (!$("sales").hidden) loadSales();
  }
  $("sales-date").addEventListener("change", () => { if ($("sales-date").value) pickDay($("sales-date").value); });
  $("sales-today").addEventListener("click", () => pickDay(today));
  $("sales-yesterday").addEventListener("click", () => pickDay(dayBefore(today)));
  // While the view is shown, it asks again every 10 s: a charge voided elsewhere shows as voided.
  setInterval(() => { if (!$("sales").hidden) loadSales(); }, 10000);
  async function loadSales() {
    if (!salesDay) return;
    let list;
    try { list = await api("GET", "/api/sales?date=" + encodeURIComponent(salesDay)); } catch (e) { return; }
    if (list.date !== salesDay) return;
    $("sales-heading").textContent = (list.date === list.today ? "Today, " : "") + dayText(list.date) +
      " (Eastern time)";
    const ul = $("sales-list");
    ul.replaceChildren();
    $("sales-empty").hidden = list.sales.length > 0;
    $("follow-up-list").replaceChildren(...list.followUp.map((row) => saleItem(row, true)));
    $("follow-up").hidden = list.followUp.length === 0;
    for (const row of list.sales.slice().reverse()) {
      const s = row.sale;
      const li = saleItem(row, false);
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
          loadSales();
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
  // One sale as a list item: what, amount, status; when, card, receipt, note.
  function saleItem(row, withDay) {
    const s = row.sale;
    const li = document.createElement("li");
    li.id = (withDay ? "follow-up-" : "sale-") + s.key;
    const what = document.createElement("div");
    what.className = "what";
    what.textContent = row.title + (s.totalCents != null ? " · " + money(s.totalCents) : "");
    const badge = document.createElement("span");
    badge.className = "badge " + s.status;
    badge.textContent = s.status === "stored" ? "kept offline" : s.status.replace("_", " ");
    what.append(" ", badge);
    const meta = document.createElement("div");
    meta.className = "meta";
    const card = s.brand ? (s.brand === "mastercard" ? "Mastercard" : s.brand === "visa" ? "Visa" : s.brand) +
      " ••••" + (s.last4 || "") : "";
    meta.textContent = [withDay ? dayText(s.day) : "", timeText(s.at), card,
      s.offline && s.status !== "stored" ? "kept offline" : "", s.receipt ? "receipt " + s.receipt : "",
      s.status === "approved" ? "" : s.message].filter(Boolean).join(" · ");
    li.append(what, meta);
    return li;
  }
  function alertIn(li, text) {
    const p = document.createElement("p");
    p.className = "notice bad";
    p.textContent = text;
    li.append(p);
  }
  $("refresh").addEventListener("click", loadSales);
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
  try { if (localStorage.getItem("swipe-sound") === "on") $("sound").textContent = "Sound on this phone: tap to turn on"; }
  catch (e) { /* private mode */ }
  // Setup: each channel's level on a scale from -60 to 0 dBFS, the thresholds marked, and how
  // the last swipe read (figures only: never its waveform or bits).
  const scaleFloor = -60;
  const position = (dbfs) => Math.max(0, Math.min(100, (dbfs - scaleFloor) / -scaleFloor * 100));
  const decibels = (value) => (value <= -120 ? "silence" : value.toFixed(1) + " dBFS");
  function showSetup(s) {
    $("clipping-level").textContent = s.clippingDBFS + " dBFS";
    $("quiet-level").textContent = s.tooQuietDBFS + " dBFS";
    $("no-audio").hidden = s.levels.length > 0;
    const holder = $("levels");
    while (holder.children.length > s.levels.length) holder.lastChild.remove();
    s.levels.forEach((level, index) => {
      let row = holder.children[index];
      if (!row) {
        row = document.createElement("div");
        row.className = "level";
        row.innerHTML = '<p class="level-text"></p><div class="meter" role="img"><span class="bar"></span>' +
          '<span class="mark quiet"></span><span class="mark clip"></span><span class="mark background"></span></div>';
        holder.append(row);
      }
      const meter = row.querySelector(".meter");
      const name = "Channel " + (level.channel + 1);
      const clipping = level.peakDBFS >= s.clippingDBFS;
      row.querySelector(".level-text").textContent = name + ": peak " + decibels(level.peakDBFS) +
        ", background " + decibels(level.backgroundDBFS) + (clipping ? " (clipping: turn the gain down)" : "");
      meter.setAttribute("aria-label", name + " peak level: " + decibels(level.peakDBFS));
      meter.querySelector(".bar").style.width = position(level.peakDBFS) + "%";
      meter.querySelector(".bar").classList.toggle("clipping", clipping);
      meter.querySelector(".quiet").style.left = position(s.tooQuietDBFS) + "%";
      meter.querySelector(".clip").style.left = position(s.clippingDBFS) + "%";
      meter.querySelector(".background").style.left = position(level.backgroundDBFS) + "%";
    });
    const last = s.lastSwipe;
    if (last) {
      const parts = ["At " + timeText(last.at), last.reader === "usb" ? "USB reader" : "audio reader"];
      if (last.tracks.length) parts.push("track" + (last.tracks.length > 1 ? "s " : " ") + last.tracks.join(" and ") + " read");
      if (last.direction) parts.push(last.direction);
      if (last.inchesPerSecond != null) parts.push(last.inchesPerSecond.toFixed(1) + " inches a second");
      if (last.signalToNoiseDB != null) parts.push("signal " + last.signalToNoiseDB.toFixed(1) + " dB over the background");
      if (last.problem) parts.push("no card: " + last.problem);
      $("last-swipe").textContent = parts.join(" · ");
    }
  }

  listen();
})();
