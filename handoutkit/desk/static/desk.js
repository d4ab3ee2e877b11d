// The handout desk's page: plain JavaScript, no build step, nothing from another site.
// Every name, note and title is put on the page as text (textContent), never as markup.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { items: [], chosen: new Set(), clients: new Map(), lang: "en",
                edit: null, previewSeq: 0, previewTimer: null, previewAbort: null };

// ---- talking to the desk -------------------------------------------------------------

async function call(method, url, body) {
  const init = { method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    throw new Error("The desk does not answer. Is it still running? Start it again with "
                    + "'python make_handouts.py serve'.");
  }
  if (response.ok) return response;
  let problems = [];
  try {
    problems = (await response.json()).problems || [];
  } catch (err) {
    problems = [{ message: `the desk answered ${response.status}` }];
  }
  const error = new Error(describe(problems));
  error.status = response.status;
  error.problems = problems;
  throw error;
}

function describe(problems) {
  return problems.map((p) => {
    const where = p.file ? (p.line ? `${p.file}, line ${p.line}: ` : `${p.file}: `) : "";
    return where + p.message;
  }).join("\n") || "Something went wrong.";
}

function fileName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try { return decodeURIComponent(star[1]); } catch (err) { /* the plain name below */ }
  }
  const plain = /filename="([^"]+)"/i.exec(header);
  return plain ? plain[1] : fallback;
}

function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function show(element, text, bad) {
  element.textContent = text;
  element.classList.toggle("bad", Boolean(bad));
  if (text && element.classList.contains("result")) element.scrollIntoView({ block: "nearest" });
}

async function busy(button, work) {
  button.disabled = true;
  try { return await work(); } finally { button.disabled = false; }
}

// ---- the gallery ----------------------------------------------------------------------

async function loadGallery() {
  const status = $("gallery-status");
  state.lang = $("lang").value;
  try {
    const response = await call("GET", `/api/handouts?lang=${encodeURIComponent(state.lang)}`);
    state.items = await response.json();
  } catch (err) {
    state.items = [];
    show(status, err.message, true);
    renderCards();
    return;
  }
  const slugs = new Set(state.items.map((i) => i.slug));
  for (const slug of [...state.chosen]) if (!slugs.has(slug)) state.chosen.delete(slug);
  renderCards();
  updateChosen();
}

function card(item) {
  const li = document.createElement("li");
  li.className = "card";
  li.dataset.slug = item.slug;
  if (!item.problems) {
    const open = document.createElement("a");
    open.href = item.pdf;
    open.target = "_blank";
    open.rel = "noopener";
    open.className = "open";
    const img = document.createElement("img");
    img.src = item.thumbnail;
    img.alt = `Page of ${item.title} (opens the PDF)`;
    img.width = 153;
    img.height = 198;
    img.loading = "lazy";
    open.appendChild(img);
    li.appendChild(open);
  }
  const pick = document.createElement("label");
  pick.className = "pick";
  const box = document.createElement("input");
  box.type = "checkbox";
  box.value = item.slug;
  box.checked = state.chosen.has(item.slug);
  box.disabled = Boolean(item.problems);
  box.addEventListener("change", () => {
    if (box.checked) state.chosen.add(item.slug); else state.chosen.delete(item.slug);
    li.classList.toggle("chosen", box.checked);
    updateChosen();
  });
  li.classList.toggle("chosen", box.checked);
  const title = document.createElement("span");
  title.className = "title";
  title.textContent = item.title;
  pick.append(box, title);
  li.appendChild(pick);
  if (item.subtitle) {
    const sub = document.createElement("p");
    sub.className = "sub";
    sub.textContent = item.subtitle;
    li.appendChild(sub);
  }
  if (item.problems) {
    const broken = document.createElement("p");
    broken.className = "broken";
    broken.textContent = "This handout has mistakes:\n" + describe(item.problems);
    li.appendChild(broken);
  }
  const links = document.createElement("div");
  links.className = "links";
  const category = document.createElement("span");
  category.textContent = item.category;
  const edit = document.createElement("a");
  edit.href = `#edit/${encodeURIComponent(item.lang)}/${encodeURIComponent(item.slug)}`;
  edit.textContent = "Edit";
  edit.setAttribute("aria-label", `Edit ${item.title}`);
  links.append(category, edit);
  li.appendChild(links);
  return li;
}

function matches(item, words, category) {
  if (category && item.category !== category) return false;
  const text = `${item.title} ${item.subtitle || ""} ${item.slug} ${item.category}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

function renderCards() {
  const words = $("search").value.toLowerCase().split(/\s+/).filter(Boolean);
  const category = $("category").value;
  const shown = state.items.filter((i) => matches(i, words, category));
  $("cards").replaceChildren(...shown.map(card));
  const total = state.items.length;
  show($("gallery-status"), shown.length === total ? `${total} handouts.`
    : `${shown.length} of ${total} handouts match.`);
}

function chosenSlugs() {
  // in the gallery's (booklet) order
  return state.items.map((i) => i.slug).filter((s) => state.chosen.has(s));
}

function updateChosen() {
  const titles = state.items.filter((i) => state.chosen.has(i.slug)).map((i) => i.title);
  $("chosen").textContent = titles.length ? `Chosen (${titles.length}): ${titles.join("; ")}`
    : "No handouts chosen yet: tick the ones you want.";
}

// ---- the client panel -----------------------------------------------------------------

function order(extra) {
  const program = programBody();  // the Program view's program, when it is open
  const slugs = program ? [] : chosenSlugs();
  if (!slugs.length && !program) throw new Error("Tick at least one handout first.");
  const name = $("name").value.trim();
  const note = $("note").value.trim();
  const client = name ? { name, note: note || null, date: $("day").value || null } : null;
  if (!name && note) throw new Error("The note is for a client: type the client's name too.");
  return Object.assign({
    slugs, client, lang: state.lang, grayscale: $("grayscale").checked,
    large_print: $("large-print").checked,
    booklet: document.querySelector("input[name=form]:checked").value === "booklet",
  }, program ? { program } : {}, extra || {});
}

function outcome(run) {
  return async (event) => {
    const result = $("result");
    show(result, "Working on it…");
    try {
      show(result, await busy(event.currentTarget, run));
    } catch (err) {
      show(result, err.message, true);
    }
  };
}

async function download() {
  if (programBody()) return window.deskProgram.download();
  const response = await call("POST", "/api/pdf", order());
  const name = fileName(response, "handouts.pdf");
  saveFile(await response.blob(), name);
  return `Downloaded ${name}.`;
}

async function printIt() {
  const copies = Number($("copies").value || "1");
  const response = await call("POST", "/api/print", order({ printer: $("printer").value || null, copies }));
  const done = await response.json();
  loadHistory();
  const jobs = done.jobs.map((j) => j.id).join(", ");
  return `Sent to ${done.printer} (${done.jobs.length} print job${done.jobs.length === 1 ? "" : "s"}: ${jobs}).`;
}

async function email(send) {
  const body = order({ to: $("to").value.trim(), message: $("message").value.trim() || null, send });
  if (!body.client) throw new Error("An email needs the client's name.");
  const response = await call("POST", "/api/email", body);
  loadHistory();
  if (send) {
    const done = await response.json();
    return `Sent to ${done.to}.`;
  }
  const name = fileName(response, "handouts.eml");
  saveFile(await response.blob(), name);
  return `Downloaded the email draft ${name}: open it in your mail program to check and send it.`;
}

async function loadPrinters() {
  const select = $("printer");
  try {
    const found = await (await call("GET", "/api/printers")).json();
    $("copies").max = found.max_copies;
    if (found.problem) {
      select.replaceChildren(new Option("No printer", ""));
      select.disabled = true;
      $("print").disabled = true;
      show($("result"), `Printing is not possible now: ${found.problem}`, true);
      return;
    }
    select.replaceChildren(...found.printers.map((p) => new Option(
      p === found.default ? `${p} (the default)` : p, p, false, p === found.default)));
  } catch (err) {
    show($("result"), err.message, true);
  }
}

async function loadMail() {
  try {
    const found = await (await call("GET", "/api/mail")).json();
    $("send").hidden = !found.ready;
    $("mail-status").textContent = found.ready ? ""
      : `Sending needs the mail server set up (${found.problem}). The draft opens in your mail program.`;
  } catch (err) {
    $("mail-status").textContent = err.message;
  }
}

// ---- returning clients and history ---------------------------------------------------

const same = (name) => name.trim().split(/\s+/).join(" ").toLowerCase();

function when(iso) {
  const day = new Date(iso);
  return Number.isNaN(day.getTime()) ? iso : day.toLocaleString(undefined,
    { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

function summary(delivery) {
  return `${delivery.handouts.map((h) => h.title).join(", ")}, ${delivery.described}, ${when(delivery.when)}`;
}

async function loadHistory() {
  try {
    const everyone = await (await call("GET", "/api/history")).json();
    state.clients = new Map();
    for (const d of everyone) {
      if (d.client && !state.clients.has(same(d.client))) state.clients.set(same(d.client), d);
    }
    $("known-clients").replaceChildren(...[...state.clients.values()].map((d) => {
      const option = document.createElement("option");
      option.value = d.client;
      option.label = summary(d);
      return option;
    }));
    renderHistory(everyone);
    returning();
  } catch (err) {
    show($("history-status"), err.message, true);
  }
}

function renderHistory(everyone) {
  const only = same($("history-client").value);
  const rows = everyone.filter((d) => !only || (d.client && same(d.client).includes(only)));
  $("history-rows").replaceChildren(...rows.map((d) => {
    const tr = document.createElement("tr");
    for (const text of [when(d.when), d.client || "(no name)",
                        d.handouts.map((h) => h.title).concat(d.program ? [d.program.title] : []).join("; "),
                        d.described]) {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    }
    return tr;
  }));
  show($("history-status"), rows.length ? "" : "Nothing given yet" + (only ? " to that client." : "."));
  state.history = everyone;
}

function returning() {
  const found = state.clients.get(same($("name").value));
  $("returning").textContent = found ? `Returning client. Last given: ${summary(found)}.` : "";
}

// ---- editing one handout -------------------------------------------------------------

function route() {
  const match = /^#edit\/([^/]+)\/([^/]+)$/.exec(location.hash);
  // a view of its own (<div class="view" data-route="#pictures">) shows alone at its address
  let own = null;
  for (const view of document.querySelectorAll(".view[data-route]")) {
    view.hidden = view.dataset.route !== location.hash;
    if (!view.hidden) own = view;
  }
  if (location.hash === "#practice") { $("desk").hidden = $("editor").hidden = true; return; }  // practice.js
  $("editor").hidden = !match;
  $("desk").hidden = Boolean(match) || Boolean(own);
  document.dispatchEvent(new CustomEvent("desk:route", { detail: { hash: location.hash } }));
  if (match) openEditor(decodeURIComponent(match[1]), decodeURIComponent(match[2]));
  else if (state.edit) { state.edit = null; loadGallery(); }
}

async function openEditor(lang, slug) {
  state.edit = { lang, slug, version: null, dirty: false };
  $("editor-title").textContent = `Edit ${slug}`;
  show($("save-status"), "");
  $("problems").replaceChildren();
  try {
    const found = await (await call("GET", `/api/handouts/${encodeURIComponent(slug)}/source?lang=${encodeURIComponent(lang)}`)).json();
    const item = state.items.find((i) => i.slug === slug);
    $("editor-title").textContent = `Edit “${item ? item.title : slug}”`;
    $("editor-file").textContent = found.file;
    $("source").value = found.yaml;
    state.edit.version = found.version;
    $("source").focus();
    preview();
  } catch (err) {
    show($("save-status"), err.message, true);
  }
}

function typed() {
  if (!state.edit) return;
  state.edit.dirty = true;
  $("preview").classList.add("stale");
  clearTimeout(state.previewTimer);
  state.previewTimer = setTimeout(preview, 400);
}

async function preview() {
  if (!state.edit) return;
  const seq = ++state.previewSeq;
  if (state.previewAbort) state.previewAbort.abort();
  const abort = new AbortController();
  state.previewAbort = abort;
  $("preview-status").textContent = "Drawing the page…";
  const body = { slug: state.edit.slug, yaml: $("source").value, lang: state.edit.lang };
  let response;
  try {
    response = await fetch("/api/preview", { method: "POST", signal: abort.signal,
      headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch (err) {
    if (seq === state.previewSeq && err.name !== "AbortError") $("preview-status").textContent = "The desk does not answer.";
    return;
  }
  if (seq !== state.previewSeq) return;
  if (response.ok) {
    const picture = await createImageBitmap(await response.blob());
    if (seq !== state.previewSeq) return;
    const canvas = $("preview");
    canvas.width = picture.width;
    canvas.height = picture.height;
    canvas.getContext("2d").drawImage(picture, 0, 0);
    canvas.classList.remove("stale");
    canvas.dataset.drawn = String(seq);
    showProblems([]);
    $("preview-status").textContent = "The page as it will print.";
    return;
  }
  let problems = [];
  try { problems = (await response.json()).problems || []; } catch (err) { problems = []; }
  showProblems(problems);
  $("preview-status").textContent = problems.length === 1 ? "1 problem: the picture shows the page before it."
    : `${problems.length} problems: the picture shows the page before them.`;
}

function showProblems(problems) {
  $("problems").replaceChildren(...problems.map((p) => {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = (p.line ? `Line ${p.line}: ` : "") + p.message;
    if (p.line) button.addEventListener("click", () => goToLine(p.line));
    li.appendChild(button);
    return li;
  }));
}

function goToLine(line) {
  const area = $("source");
  const lines = area.value.split("\n");
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
  area.focus();
  area.setSelectionRange(start, start + (lines[line - 1] || "").length);
  const height = area.scrollHeight / Math.max(lines.length, 1);
  area.scrollTop = Math.max(0, (line - 5) * height);
}

async function save(event) {
  const edit = state.edit;
  if (!edit) return;
  const status = $("save-status");
  show(status, "Checking and saving…");
  try {
    const response = await busy(event.currentTarget, () => call("PUT",
      `/api/handouts/${encodeURIComponent(edit.slug)}/source`,
      { yaml: $("source").value, version: edit.version, lang: edit.lang }));
    edit.version = (await response.json()).version;
    edit.dirty = false;
    showProblems([]);
    show(status, `Saved at ${new Date().toLocaleTimeString()}.`);
  } catch (err) {
    if (err.status === 422) {
      showProblems(err.problems);
      show(status, `Not saved: the text has ${err.problems.length} problem(s), listed beside it. The file is as it was.`, true);
    } else {
      show(status, `Not saved: ${err.message}`, true);
    }
  }
}

function reload() {
  if (!state.edit) return;
  if (state.edit.dirty && !window.confirm("Load the file again? What you typed since the last save will be lost.")) return;
  openEditor(state.edit.lang, state.edit.slug);
}

// ---- a new handout ---------------------------------------------------------------------

async function create(event) {
  event.preventDefault();
  const status = $("new-status");
  const body = { slug: $("new-slug").value.trim(), title: $("new-title-field").value.trim(),
                 category: $("new-category").value };
  try {
    const response = await call("POST", "/api/handouts", body);
    const made = await response.json();
    $("new-dialog").close();
    await loadGallery();
    location.hash = `#edit/en/${encodeURIComponent(made.slug)}`;
  } catch (err) {
    show(status, err.message, true);
  }
}

// ---- home programs (static/program.js) -------------------------------------------------
// While the Program view is open, the client panel's Download, Print and Email make it.

function programBody() {
  return window.deskProgram && window.deskProgram.active() ? window.deskProgram.body() : null;
}

// ---- start -----------------------------------------------------------------------------

function start() {
  $("search").addEventListener("input", renderCards);
  $("category").addEventListener("change", renderCards);
  $("lang").addEventListener("change", () => { state.chosen.clear(); loadGallery(); });
  $("download").addEventListener("click", outcome(download));
  $("print").addEventListener("click", outcome(printIt));
  $("draft").addEventListener("click", outcome(() => email(false)));
  $("send").addEventListener("click", outcome(() => email(true)));
  $("name").addEventListener("input", returning);
  $("history-client").addEventListener("input", () => renderHistory(state.history || []));
  $("source").addEventListener("input", typed);
  $("save").addEventListener("click", save);
  $("reload").addEventListener("click", reload);
  $("new-open").addEventListener("click", () => { show($("new-status"), ""); $("new-dialog").showModal(); });
  $("new-cancel").addEventListener("click", () => $("new-dialog").close());
  $("new-form").addEventListener("submit", create);
  window.addEventListener("hashchange", route);
  window.addEventListener("beforeunload", (event) => {
    if (state.edit && state.edit.dirty) event.preventDefault();
  });
  loadGallery().then(route);
  loadPrinters();
  loadMail();
  loadHistory();
}

document.addEventListener("DOMContentLoaded", start);
