// The desk's Program view: a client's home program put together from the exercise library.
// Plain JavaScript beside desk.js (whose call(), show(), saveFile() and fileName() it uses).
// Every name, step and dose is put on the page as text (textContent), never as markup.
"use strict";

const program = { library: [], chosen: [], lang: null, seq: 0, timer: null, last: null,
                  lastTimer: null, dragged: null };
const DOSES = [["hold", "Hold"], ["repeat", "Repeat"], ["how_often", "How often"]];
const pid = (id) => document.getElementById(id);

function programOpen() {
  return location.hash === "#program";
}

// ---- the view ---------------------------------------------------------------------------

function programRoute() {
  const open = programOpen();
  pid("program-view").hidden = !open;
  document.querySelector("section.gallery").hidden = open;
  pid("history").hidden = open;
  if (open) {
    if (program.lang !== pid("lang").value) loadLibrary();
    drawSoon();
    lastProgram();
  } else if (typeof updateChosen === "function") {
    updateChosen();  // desk.js: the handouts ticked
  }
  sayChosen();
}

function sayChosen() {
  if (!programOpen()) return;
  const n = program.chosen.length;
  pid("chosen").textContent = `A home program of ${n} exercise${n === 1 ? "" : "s"}: `
    + "Download, Print and Email below make it.";
}

async function loadLibrary() {
  program.lang = pid("lang").value;
  const status = pid("library-status");
  try {
    const response = await call("GET", `/api/exercises?lang=${encodeURIComponent(program.lang)}`);
    program.library = await response.json();
  } catch (err) {
    program.library = [];
    show(status, err.message, true);
  }
  const known = new Set(program.library.map((e) => e.id));
  program.chosen = program.chosen.filter((c) => known.has(c.id));
  renderLibrary();
  renderChosen();
}

function exerciseText(e) {
  return [e.name, e.id, ...e.steps].join(" ").toLowerCase();
}

function renderLibrary() {
  const words = pid("exercise-search").value.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = program.library.filter((e) => words.every((w) => exerciseText(e).includes(w)));
  const picked = new Set(program.chosen.map((c) => c.id));
  pid("exercise-cards").replaceChildren(...shown.map((e) => {
    const li = document.createElement("li");
    li.className = "exercise-card";
    li.dataset.id = e.id;
    if (e.image) {
      const img = document.createElement("img");
      img.src = `/api/exercises/image?id=${encodeURIComponent(e.id)}&lang=${encodeURIComponent(program.lang)}`;
      img.alt = "";
      img.loading = "lazy";
      li.appendChild(img);
    }
    const name = document.createElement("p");
    name.className = "name";
    name.textContent = e.name;
    const dose = document.createElement("p");
    dose.className = "dose";
    dose.textContent = DOSES.map(([k]) => e[k]).filter(Boolean).join(" · ");
    const add = document.createElement("button");
    add.type = "button";
    add.className = "add";
    add.textContent = picked.has(e.id) ? "Added" : "Add";
    add.disabled = picked.has(e.id);
    add.setAttribute("aria-label", `Add ${e.name}`);
    add.addEventListener("click", () => addExercise(e.id));
    li.append(name, dose, add);
    return li;
  }));
  const total = program.library.length;
  show(pid("library-status"), shown.length === total ? `${total} exercises.`
    : `${shown.length} of ${total} exercises match.`);
}

function exercise(id) {
  return program.library.find((e) => e.id === id);
}

function addExercise(id, doses) {
  const e = exercise(id);
  if (!e || program.chosen.some((c) => c.id === id)) return;
  const chosen = { id, note: "" };
  for (const [k] of DOSES) chosen[k] = (doses && doses[k]) || e[k] || "";
  if (doses && doses.note) chosen.note = doses.note;
  program.chosen.push(chosen);
  renderLibrary();
  renderChosen();
  drawSoon();
}

// ---- the chosen exercises ---------------------------------------------------------------

function move(from, to) {
  if (to < 0 || to >= program.chosen.length || from === to) return;
  const [item] = program.chosen.splice(from, 1);
  program.chosen.splice(to, 0, item);
  renderChosen();
  drawSoon();
  const row = pid("program-chosen").children[to];
  if (row) row.focus();
}

function doseField(c, key, label, n) {
  const e = exercise(c.id) || {};
  const field = document.createElement("div");
  field.className = "field";
  const lab = document.createElement("label");
  const input = document.createElement("input");
  input.id = `dose-${n}-${key}`;
  input.className = `dose-${key}`;
  input.maxLength = 60;
  input.autocomplete = "off";
  input.value = c[key] || "";
  if (e[key]) input.placeholder = e[key];
  lab.htmlFor = input.id;
  lab.textContent = label;
  input.addEventListener("input", () => { c[key] = input.value; drawSoon(); });
  field.append(lab, input);
  return field;
}

function renderChosen() {
  const list = pid("program-chosen");
  list.replaceChildren(...program.chosen.map((c, n) => {
    const e = exercise(c.id) || { name: c.id };
    const li = document.createElement("li");
    li.className = "chosen-exercise";
    li.dataset.id = c.id;
    li.draggable = true;
    li.tabIndex = 0;
    li.setAttribute("aria-label", `${n + 1}. ${e.name}`);
    const head = document.createElement("div");
    head.className = "chosen-head";
    const name = document.createElement("span");
    name.className = "name";
    name.textContent = `${n + 1}. ${e.name}`;
    const buttons = document.createElement("span");
    buttons.className = "move";
    for (const [text, to, what] of [["↑", n - 1, "Up"], ["↓", n + 1, "Down"]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.className = `move-${what.toLowerCase()}`;
      b.setAttribute("aria-label", `Move ${e.name} ${what.toLowerCase()}`);
      b.disabled = to < 0 || to >= program.chosen.length;
      b.addEventListener("click", () => move(n, to));
      buttons.appendChild(b);
    }
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "remove";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove ${e.name}`);
    remove.addEventListener("click", () => {
      program.chosen.splice(n, 1);
      renderLibrary();
      renderChosen();
      drawSoon();
    });
    buttons.appendChild(remove);
    head.append(name, buttons);
    const doses = document.createElement("div");
    doses.className = "doses";
    for (const [key, label] of DOSES) doses.appendChild(doseField(c, key, label, n));
    doses.appendChild(doseField(c, "note", "Note for this client", n));
    li.append(head, doses);
    li.addEventListener("keydown", (event) => {
      if (event.target !== li || !event.altKey) return;
      if (event.key === "ArrowUp") { event.preventDefault(); move(n, n - 1); }
      if (event.key === "ArrowDown") { event.preventDefault(); move(n, n + 1); }
    });
    li.addEventListener("dragstart", (event) => {
      program.dragged = n;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", c.id);
    });
    li.addEventListener("dragover", (event) => { event.preventDefault(); li.classList.add("over"); });
    li.addEventListener("dragleave", () => li.classList.remove("over"));
    li.addEventListener("drop", (event) => {
      event.preventDefault();
      li.classList.remove("over");
      if (program.dragged !== null) move(program.dragged, n);
      program.dragged = null;
    });
    return li;
  }));
  pid("program-empty").hidden = program.chosen.length > 0;
  sayChosen();
}

// ---- what is sent -----------------------------------------------------------------------

function programBodyOf(save) {
  const name = pid("name").value.trim();
  if (!name) throw new Error("A program is for a client: type the client's name first.");
  if (!program.chosen.length) throw new Error("Add at least one exercise first.");
  const note = pid("note").value.trim();
  return {
    client: { name, note: note || null, date: pid("day").value || null },
    lang: program.lang || pid("lang").value,
    title: pid("program-name-title").value.trim() || null,
    exercises: program.chosen.map((c) => {
      const e = exercise(c.id) || {};
      const out = { id: c.id };
      for (const [k] of DOSES) {
        const value = (c[k] || "").trim();
        out[k] = value && value !== e[k] ? value : null;  // the default stays the default
      }
      out.note = (c.note || "").trim() || null;
      return out;
    }),
    large_print: pid("large-print").checked,
    grayscale: pid("grayscale").checked,
    save,
  };
}

async function downloadProgram() {
  const response = await call("POST", "/api/program", programBodyOf(true));
  const name = fileName(response, "Home program.pdf");
  saveFile(await response.blob(), name);
  lastProgram();
  return `Downloaded ${name}.`;
}

// ---- the live picture of the page ------------------------------------------------------

function drawSoon() {
  clearTimeout(program.timer);
  program.timer = setTimeout(drawPage, 400);
}

async function drawPage() {
  if (!programOpen()) return;
  const fit = pid("program-fit");
  const pages = pid("program-pages");
  let body;
  try {
    body = programBodyOf(false);
  } catch (err) {
    fit.className = "fit";
    fit.textContent = err.message;
    pages.replaceChildren();
    return;
  }
  const seq = ++program.seq;
  fit.textContent = "Drawing the page…";
  let found;
  try {
    found = await (await call("POST", "/api/program/preview", body)).json();
  } catch (err) {
    if (seq !== program.seq) return;
    fit.className = "fit bad";
    fit.textContent = err.message;
    return;
  }
  if (seq !== program.seq) return;
  if (!found.fits) {
    fit.className = "fit bad";
    fit.textContent = `Too long: remove ${found.remove} exercise${found.remove === 1 ? "" : "s"}.`;
    pages.replaceChildren();
    return;
  }
  const canvases = [];
  for (const data of found.pages) {
    const bytes = Uint8Array.from(atob(data.split(",")[1]), (ch) => ch.charCodeAt(0));
    const picture = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = document.createElement("canvas");
    canvas.width = picture.width;
    canvas.height = picture.height;
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", "A picture of the program's page");
    canvas.getContext("2d").drawImage(picture, 0, 0);
    canvases.push(canvas);
  }
  if (seq !== program.seq) return;
  pages.replaceChildren(...canvases);
  pages.dataset.drawn = String(seq);
  fit.className = "fit good";
  fit.textContent = canvases.length > 1 ? "Fits on both sides of one sheet." : "Fits on one page.";
}

// ---- a returning client's last program --------------------------------------------------

async function lastProgram() {
  const name = pid("name").value.trim();
  program.last = null;
  pid("program-last").hidden = true;
  pid("program-last-status").textContent = "";
  if (!name || !programOpen()) return;
  try {
    const kept = await (await call("GET", `/api/programs?client=${encodeURIComponent(name)}`)).json();
    if (pid("name").value.trim() !== name || !kept.length) return;
    program.last = kept[0];
    pid("program-last").hidden = false;
    const day = new Date(kept[0].when);
    pid("program-last-status").textContent = `Their last program: ${kept[0].exercises.length} `
      + `exercise(s), ${Number.isNaN(day.getTime()) ? kept[0].when : day.toLocaleDateString()}.`;
  } catch (err) {
    pid("program-last-status").textContent = err.message;
  }
}

function startFromLast() {
  const last = program.last;
  if (!last) return;
  program.chosen = [];
  pid("program-name-title").value = last.title || "";
  const missing = [];
  for (const c of last.exercises) {
    if (exercise(c.id)) addExercise(c.id, c); else missing.push(c.id);
  }
  renderLibrary();
  renderChosen();
  drawSoon();
  pid("program-last-status").textContent = missing.length
    ? `Loaded; no longer in the library: ${missing.join(", ")}.` : "Loaded their last program.";
}

// ---- start ------------------------------------------------------------------------------

window.deskProgram = {
  active: programOpen,
  body: () => programBodyOf(true),
  download: downloadProgram,
};

document.addEventListener("DOMContentLoaded", () => {
  pid("exercise-search").addEventListener("input", renderLibrary);
  pid("program-last").addEventListener("click", startFromLast);
  pid("program-name-title").addEventListener("input", drawSoon);
  for (const id of ["note", "day", "large-print", "grayscale"]) pid(id).addEventListener("change", drawSoon);
  pid("name").addEventListener("input", () => {
    drawSoon();
    clearTimeout(program.lastTimer);
    program.lastTimer = setTimeout(lastProgram, 300);
  });
  pid("lang").addEventListener("change", () => { if (programOpen()) loadLibrary(); else program.lang = null; });
  window.addEventListener("hashchange", programRoute);
  programRoute();
});
