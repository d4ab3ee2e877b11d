// The Practice view (issue 18): the practice's details, checked as typed; a live picture of
// a handout drawn with them; the Email section; and the banner naming what is still a
// placeholder, on every view. Plain JavaScript; every value goes on the page as text.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const LABELS = { name: "the practice's name", tagline: "tagline", city: "city", phone: "phone",
                   email: "email address", website: "website", booking_url: "booking link",
                   "smtp.host": "mail server", "smtp.user": "mail user name",
                   "smtp.from_address": "mail from-address" };
  const practice = { version: null, loaded: null, timer: null, seq: 0, mail: null, dirty: false };

  // call() is the desk's own (desk.js): the same token, errors and words on every view

  function say(element, text, bad) {
    element.textContent = text;
    element.classList.toggle("bad", Boolean(bad));
  }

  // ---- the banner, on every view ------------------------------------------------------

  function banner(placeholders) {
    const box = $("placeholder-banner");
    box.replaceChildren();
    box.hidden = !placeholders.length;
    if (!placeholders.length) return;
    const names = placeholders.map((n) => LABELS[n] || n);
    const text = document.createElement("span");
    text.textContent = `Made-up details still print on your handouts: ${names.join(", ")}. `;
    const link = document.createElement("a");
    link.href = "#practice";
    link.textContent = "Fill them in on the Practice view";
    const list = document.createElement("ul");
    list.id = "placeholder-list";
    list.className = "visually-hidden";
    for (const name of placeholders) {
      const item = document.createElement("li");
      item.dataset.field = name;
      item.textContent = LABELS[name] || name;
      list.append(item);
    }
    box.append(text, link, list);
  }

  // ---- the form -----------------------------------------------------------------------

  const inputs = () => Array.from(document.querySelectorAll("#practice-form [data-field]"));

  function languageFields(languages) {
    const box = $("practice-languages");
    box.replaceChildren();
    for (const [code, words] of Object.entries(languages)) {
      const set = document.createElement("fieldset");
      set.className = "group";
      const legend = document.createElement("legend");
      legend.textContent = `Words in language '${code}'`;
      set.append(legend);
      for (const [name, label] of [["tagline", "Tagline"], ["disclaimer", "Disclaimer"]]) {
        const id = `p-languages-${code}-${name}`;
        const field = document.createElement("div");
        field.className = "field";
        const lab = document.createElement("label");
        lab.htmlFor = id;
        lab.textContent = label;
        const input = document.createElement(name === "disclaimer" ? "textarea" : "input");
        input.id = id;
        input.dataset.field = `languages.${code}.${name}`;
        if (name === "disclaimer") input.rows = 3;
        input.value = words[name] || "";
        const why = document.createElement("p");
        why.className = "why";
        why.id = `why-languages-${code}-${name}`;
        field.append(lab, input, why);
        set.append(field);
      }
      box.append(set);
    }
  }

  function fill(found) {
    practice.version = found.version;
    practice.loaded = found;
    practice.dirty = false;
    languageFields(found.languages || {});
    for (const input of inputs()) {
      const path = input.dataset.field.split(".");
      let value = found;
      for (const key of path) value = value == null ? "" : value[key];
      input.value = input.type === "color" ? String(value || "#000000").toLowerCase() : (value || "");
    }
    banner(found.placeholders || []);
  }

  function collect() {
    const body = { practice: {}, therapist: {}, colours: {}, languages: {} };
    for (const input of inputs()) {
      const path = input.dataset.field.split(".");
      const value = input.type === "color" ? input.value.toUpperCase() : input.value;
      if (path.length === 1) body[path[0]] = value;
      else if (path.length === 2) body[path[0]][path[1]] = value;
      else (body.languages[path[1]] = body.languages[path[1]] || {})[path[2]] = value;
    }
    return body;
  }

  function why(field) {
    return $(`why-${field.replaceAll(".", "-")}`);
  }

  // The server checks every field as brand.yaml would hold it; its problems name the field
  // ("practice.phone", "colours.primary") at the start of the message or by the value.
  function fieldOf(problem, body) {
    const text = problem.message || "";
    const named = /^([a-z_]+(?:\.[a-z_]+){0,2})[: ]/.exec(text);
    if (named && why(named[1])) return named[1];
    for (const input of inputs()) {
      const value = (input.type === "color" ? input.value.toUpperCase() : input.value).trim();
      if (value && text.includes(`'${value}'`)) return input.dataset.field;
    }
    return null;
  }

  function showProblems(problems, body) {
    for (const input of inputs()) {
      const box = why(input.dataset.field);
      if (box) box.textContent = "";
      input.removeAttribute("aria-invalid");
    }
    const loose = [];
    for (const p of problems) {
      const field = fieldOf(p, body);
      if (field) {
        const box = why(field);
        const input = document.querySelector(`[data-field="${field}"]`);
        // beside its field the message needs no field name; a passing colour is one click away
        box.textContent = p.message.startsWith(`${field}: `) ? p.message.slice(field.length + 2) : p.message;
        const passing = /nearest colour that passes is (#[0-9A-F]{6})/.exec(p.message);
        if (passing) {
          const use = document.createElement("button");
          use.type = "button";
          use.className = "use-colour";
          use.textContent = `Use ${passing[1]}`;
          use.addEventListener("click", () => {
            input.value = passing[1].toLowerCase();
            input.dispatchEvent(new Event("input", { bubbles: true }));
          });
          box.append(" ", use);
        }
        input.setAttribute("aria-invalid", "true");
      } else loose.push(p.message);
    }
    return loose;
  }

  async function load() {
    try {
      fill(await (await call("GET", "/api/practice")).json());
      say($("practice-status"), "");
      if (!$("practice").hidden) preview();
    } catch (err) {
      say($("practice-status"), err.message, true);
    }
  }

  function typed() {
    practice.dirty = true;
    clearTimeout(practice.timer);
    practice.timer = setTimeout(preview, 500);
  }

  async function preview() {
    const slug = $("p-slug").value;
    if (!slug || practice.version === null) return;
    const seq = ++practice.seq;
    const body = collect();
    $("p-preview-status").textContent = "Drawing the page…";
    try {
      const response = await call("POST", "/api/practice/preview", { slug, ...body });
      const picture = await createImageBitmap(await response.blob());
      if (seq !== practice.seq) return;
      showProblems([], body);
      const canvas = $("p-preview");  // a canvas: the desk's rules allow no blob: pictures
      canvas.width = picture.width;
      canvas.height = picture.height;
      canvas.getContext("2d").drawImage(picture, 0, 0);
      canvas.dataset.drawn = String(seq);
      canvas.classList.remove("stale");
      $("p-preview-status").textContent = "The page as it will print with these details.";
    } catch (err) {
      if (seq !== practice.seq) return;
      const loose = showProblems(err.problems || [], body);
      $("p-preview").classList.add("stale");
      $("p-preview-status").textContent = loose.length ? loose.join("\n")
        : "Some details need a change (see the fields): the picture shows the page before it.";
    }
  }

  async function save(event) {
    event.preventDefault();
    const body = collect();
    try {
      const done = await (await call("PUT", "/api/practice", { version: practice.version, ...body })).json();
      practice.version = done.version;
      practice.dirty = false;
      showProblems([], body);
      banner(done.placeholders);
      say($("practice-status"), done.placeholders.length
        ? `Saved. Still made-up: ${done.placeholders.map((n) => LABELS[n] || n).join(", ")}.`
        : "Saved. Every handout now carries these details.");
    } catch (err) {
      const loose = showProblems(err.problems || [], body);
      say($("practice-status"), err.status === 409 ? err.message
        : (loose.length ? loose.join("\n") : "Not saved: some details need a change (see the fields)."), true);
    }
  }

  // ---- the Email section --------------------------------------------------------------

  function provider() {
    const chosen = practice.mail && practice.mail.providers[$("m-provider").value];
    $("m-server").hidden = $("m-provider").value !== "other";
    $("m-app-password").textContent = chosen && chosen.app_password
      ? `${chosen.name} needs ${chosen.app_password}, not your usual password.` : "";
  }

  function mailState(found) {
    practice.mail = found;
    const select = $("m-provider");
    if (!select.options.length) {
      for (const [key, p] of Object.entries(found.providers)) select.append(new Option(p.name, key));
    }
    select.value = found.provider || "other";
    $("m-host").value = found.host || "";
    $("m-port").value = found.port || 587;
    $("m-security").value = found.security === "ssl" ? "ssl" : "starttls";
    $("m-user").value = found.user || "";
    $("m-from").value = found.from_address || "";
    $("m-password").value = "";
    $("m-password-state").textContent = {
      keyring: "A password is kept in this computer's password store; type a new one to change it.",
      environment: "The password comes from the environment variable HANDOUTKIT_SMTP_PASSWORD.",
      missing: "No password is kept yet." }[found.password] || "";
    if (!found.store && found.password !== "environment") {
      $("m-password-state").textContent = "This computer has no password store the desk can use: start "
        + "the desk with the password in the environment variable HANDOUTKIT_SMTP_PASSWORD.";
    }
    provider();
    const why = found.why ? found.why[0].toUpperCase() + found.why.slice(1) + "." : "";
    if ($("send")) {  // the client panel's Send button follows the settings saved here
      $("send").hidden = !found.can_send;
      $("mail-status").textContent = found.can_send ? "" : `Sending needs the mail server set up `
        + `(${found.why}). The draft opens in your mail program.`;
    }
    say($("m-status"), found.can_send ? "Email is ready to send." : why, !found.can_send);
  }

  async function loadMail() {
    try { mailState(await (await call("GET", "/api/mail")).json()); } catch (err) {
      say($("m-status"), err.message, true);
    }
  }

  async function saveMail() {
    const other = $("m-provider").value === "other";
    const body = { provider: $("m-provider").value, user: $("m-user").value,
                   from_address: $("m-from").value, password: $("m-password").value || null,
                   host: other ? $("m-host").value : null,
                   port: other ? Number($("m-port").value) : null,
                   security: other ? $("m-security").value : null };
    try {
      mailState(await (await call("PUT", "/api/mail", body)).json());
      load();
    } catch (err) {
      say($("m-status"), err.message, true);
    }
  }

  async function testMail() {
    const button = $("m-test");
    button.disabled = true;
    say($("m-status"), "Sending a test email…");
    try {
      const done = await (await call("POST", "/api/mail/test", { to: $("m-to").value })).json();
      say($("m-status"), `The test email was sent to ${done.to}. Look for it in that inbox.`);
    } catch (err) {
      say($("m-status"), err.message, true);
    } finally {
      button.disabled = false;
    }
  }

  // ---- showing the view ---------------------------------------------------------------

  async function handouts() {
    try {
      const found = await (await call("GET", "/api/handouts")).json();
      const items = Array.isArray(found) ? found : (found.handouts || found.items || []);
      $("p-slug").replaceChildren(...items.map((h) => new Option(h.title || h.slug, h.slug)));
    } catch (err) {
      $("p-preview-status").textContent = err.message;
    }
  }

  function route() {
    const here = location.hash === "#practice";
    $("practice").hidden = !here;
    if (here) {
      $("desk").hidden = $("editor").hidden = true;
      if (practice.version !== null && !$("p-preview").dataset.drawn) preview();
    }
  }

  function start() {
    for (const input of inputs()) input.addEventListener("input", typed);
    $("practice-languages").addEventListener("input", typed);
    $("practice-form").addEventListener("submit", save);
    $("practice-reload").addEventListener("click", load);
    $("p-slug").addEventListener("change", preview);
    $("m-provider").addEventListener("change", provider);
    $("m-save").addEventListener("click", saveMail);
    $("m-test").addEventListener("click", testMail);
    window.addEventListener("hashchange", route);
    route();
    handouts().then(load);
    loadMail();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
