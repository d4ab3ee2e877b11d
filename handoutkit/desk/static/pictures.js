// Pictures, the picture picker and inserting blocks (issue 19). Plain JavaScript beside
// desk.js, whose helpers ($, call, show, busy, state) it uses. Every name and text is put on
// the page as text (textContent), never as markup.
"use strict";

const pictures = { list: [], file: null, examples: null };
const PICTURE_TYPES = ["image/png", "image/jpeg", "image/svg+xml"];

// ---- the Pictures view -------------------------------------------------------------------

function properName(fileName) {
  // a valid picture name from a file's own name: IMG_2041.JPG becomes img-2041
  const stem = fileName.replace(/\.[^.]*$/, "").toLowerCase();
  const name = stem.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  return name || "picture";
}

function freeName(name) {
  const taken = new Set(pictures.list.map((p) => p.name));
  if (!taken.has(name)) return name;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${name.slice(0, 55)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
  return `${name.slice(0, 50)}-new`;
}

async function loadPictures() {
  try {
    pictures.list = await (await call("GET", "/api/images")).json();
  } catch (err) {
    show($("pictures-status"), err.message, true);
    return;
  }
  $("picture-list").replaceChildren(...pictures.list.map(pictureCard));
}

function pictureImage(p, alt) {
  const img = document.createElement("img");
  img.src = `/api/images/${encodeURIComponent(p.name)}?b=${p.bytes}`;
  img.alt = alt;
  img.loading = "lazy";
  return img;
}

function pictureCard(p) {
  const li = document.createElement("li");
  li.dataset.name = p.name;
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = p.file;
  const size = document.createElement("span");
  size.textContent = `${p.kind}, ${p.width} × ${p.height}, ${Math.max(1, Math.round(p.bytes / 1024))} KB`;
  const used = document.createElement("span");
  used.className = "used";
  used.textContent = p.used_by.length ? `Used by ${p.used_by.join(", ")}` : "Not used yet";
  const remove = document.createElement("button");
  remove.type = "button";
  remove.textContent = "Delete";
  remove.className = "danger";
  remove.setAttribute("aria-label", `Delete ${p.file}`);
  remove.addEventListener("click", () => deletePicture(p, remove));
  li.append(pictureImage(p, ""), name, size, used, remove);
  return li;
}

async function deletePicture(p, button) {
  if (!window.confirm(`Delete ${p.file}? It is kept as a version and can be brought back from the versions/ folder.`)) return;
  try {
    await busy(button, () => call("DELETE", `/api/images/${encodeURIComponent(p.name)}`, {}));
    show($("pictures-status"), `Deleted ${p.file} (kept as a version).`);
    loadPictures();
  } catch (err) {
    show($("pictures-status"), err.message, true);
  }
}

function chooseFile(file) {
  if (!file) return;
  pictures.file = file;
  $("upload-file").textContent = `${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)`;
  $("picture-name").value = freeName(properName(file.name));
  $("picture-replace").checked = false;
  $("upload-form").hidden = false;
  show($("pictures-status"), "");
  $("picture-name").focus();
}

async function uploadPicture(event) {
  event.preventDefault();
  const file = pictures.file;
  if (!file) return;
  const name = $("picture-name").value.trim();
  const type = PICTURE_TYPES.includes(file.type) ? file.type : "image/png"; // judged by content
  const replace = $("picture-replace").checked ? "?replace=true" : "";
  show($("pictures-status"), "Cleaning and storing the picture…");
  let response;
  try {
    response = await busy($("upload"), () => fetch(`/api/images/${encodeURIComponent(name)}${replace}`, {
      method: "PUT", credentials: "same-origin", body: file,
      headers: { "Content-Type": type, "Accept": "application/json" } }));
  } catch (err) {
    show($("pictures-status"), "The desk does not answer. Is it still running?", true);
    return;
  }
  let answer = {};
  try { answer = await response.json(); } catch (err) { answer = {}; }
  if (response.status === 201) {
    $("upload-form").hidden = true;
    pictures.file = null;
    $("picture-file").value = "";
    show($("pictures-status"), `Added ${answer.name} (${answer.kind}, ${answer.width} × ${answer.height}). In a handout: file: ${answer.file}`);
    loadPictures();
    return;
  }
  const words = describe(answer.problems || [{ message: `the desk answered ${response.status}` }]);
  if (response.status === 409) {
    await loadPictures();
    $("picture-name").value = freeName(name);
    show($("pictures-status"), `${words}\nThe name is now ${$("picture-name").value}: add it under that name, or tick Replace.`, true);
  } else {
    show($("pictures-status"), `Not added: ${words}`, true);
  }
}

function startPictures() {
  const drop = $("drop");
  $("picture-file").addEventListener("change", (e) => chooseFile(e.target.files[0]));
  for (const kind of ["dragenter", "dragover"]) {
    drop.addEventListener(kind, (e) => { e.preventDefault(); drop.classList.add("over"); });
  }
  for (const kind of ["dragleave", "drop"]) {
    drop.addEventListener(kind, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (e) => { e.preventDefault(); chooseFile(e.dataTransfer.files[0]); });
  // a file dropped anywhere else must not open in place of the desk (and lose typed text)
  window.addEventListener("dragover", (e) => e.preventDefault());
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    if (location.hash === "#pictures" && !drop.contains(e.target)) chooseFile(e.dataTransfer.files[0]);
  });
  $("upload-form").addEventListener("submit", uploadPicture);
  $("upload-cancel").addEventListener("click", () => { $("upload-form").hidden = true; pictures.file = null; });
  document.addEventListener("desk:route", (e) => { if (e.detail.hash === "#pictures") loadPictures(); });
  if (location.hash === "#pictures") loadPictures();
}

// ---- where a block goes in the text --------------------------------------------------------

const indentOf = (line) => line.length - line.trimStart().length;
const meaningful = (line) => line.trim() !== "" && !line.trim().startsWith("#");

function cursorRow(value, cursor) {
  return value.slice(0, cursor).split("\n").length - 1;
}

function itemAbove(lines, row, stop) {
  // the nearest block item (- type: ...) or column cell (left:, right:) holding the cursor's line
  const limit = meaningful(lines[row] || "") ? indentOf(lines[row]) : Infinity;
  for (let r = row; r > stop; r--) {
    const line = lines[r];
    if (!meaningful(line) || indentOf(line) > limit) continue;
    const item = /^(\s*)- type:\s*([a-z-]+)/.exec(line);
    if (item) return { row: r, indent: item[1].length, type: item[2] };
    const cell = /^(\s*)(left|right):\s*(#.*)?$/.exec(line);
    if (cell) return { row: r, indent: cell[1].length + 2, cell: true };
  }
  return null;
}

function inCell(lines, found) {
  if (found.cell) return true;
  for (let r = found.row - 1; r >= 0; r--) {
    if (meaningful(lines[r]) && indentOf(lines[r]) < found.indent) {
      return /^\s*(left|right):\s*(#.*)?$/.test(lines[r]);
    }
  }
  return false;
}

function blockPlace(value, cursor) {
  // {at, indent, cell} for a new block item at the cursor: after the block the cursor is in,
  // at that block's indent (in blocks: or in a columns cell); {at: -1} when there is no blocks:
  const lines = value.split("\n");
  const blocksRow = lines.findIndex((l) => /^blocks:\s*(#.*)?$/.test(l));
  if (blocksRow < 0) return { at: -1 };
  const row = cursorRow(value, cursor);
  const offset = (r) => lines.slice(0, r).reduce((n, l) => n + l.length + 1, 0);
  const first = lines.slice(blocksRow + 1).find((l) => /^\s*- type:/.test(l));
  const topIndent = first ? indentOf(first) : 2;
  if (row <= blocksRow) return { at: offset(blocksRow + 1), indent: topIndent, cell: false };
  const found = itemAbove(lines, row, blocksRow) || { row: blocksRow, indent: topIndent, cell: false };
  const cell = found.row !== blocksRow && inCell(lines, found);
  let r = found.cell ? found.row + 1 : Math.max(row, found.row) + 1;
  if (found.cell) {
    while (r < lines.length && (!meaningful(lines[r]) || indentOf(lines[r]) >= found.indent)) r++;
  } else {
    while (r < lines.length && (!meaningful(lines[r]) || indentOf(lines[r]) > found.indent)) r++;
  }
  // leave trailing notes and empty lines below the new block, as they were
  while (r - 1 > found.row && !meaningful(lines[r - 1]) && lines[r - 1].trim() === "") r--;
  return { at: r >= lines.length ? value.length : offset(r), indent: found.indent, cell };
}

function indented(text, indent) {
  const pad = " ".repeat(indent);
  return text.split("\n").filter((l, i, all) => i < all.length - 1 || l !== "")
    .map((l) => (l ? pad + l : l)).join("\n") + "\n";
}

function insertAt(area, at, text) {
  // one undo step in the text area (Ctrl-Z takes the whole insert back)
  area.focus();
  area.setSelectionRange(at, at);
  if (!document.execCommand("insertText", false, text)) {
    area.setRangeText(text, at, at, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }
  area.setSelectionRange(at, at + text.length);
}

function insertBlock(kind, example) {
  const area = $("source");
  const value = area.value;
  const place = blockPlace(value, area.selectionStart);
  let text;
  let at = place.at;
  if (at < 0) {
    at = value.length;
    text = (value && !value.endsWith("\n") ? "\n" : "") + "blocks:\n" + indented(example, 2);
  } else {
    if (place.cell && kind === "columns") {
      show($("insert-status"), "Columns cannot go inside a column: put the cursor outside the columns block first.", true);
      return false;
    }
    text = indented(example, place.indent);
    if (at === value.length && value && !value.endsWith("\n")) text = "\n" + text;
  }
  insertAt(area, at, text);
  show($("insert-status"), `Put in an example ${kind} block: change the words it says to change.`);
  return true;
}

async function blockExamples() {
  if (!pictures.examples) {
    const found = await (await call("GET", "/api/blocks")).json();
    pictures.examples = new Map(found.map((b) => [b.type, b.example]));
  }
  return pictures.examples;
}

function startBlocks() {
  for (const dt of document.querySelectorAll(".blocks dt")) {
    const kind = dt.textContent.trim();
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.block = kind;
    button.append(...dt.childNodes); // the <code> name, now clickable
    button.title = `Put an example ${kind} block at the cursor`;
    button.setAttribute("aria-label", `Insert a ${kind} block at the cursor`);
    button.addEventListener("mousedown", (e) => e.preventDefault()); // keep the cursor where it is
    button.addEventListener("click", async () => {
      try {
        insertBlock(kind, (await blockExamples()).get(kind));
      } catch (err) {
        show($("insert-status"), err.message, true);
      }
    });
    dt.replaceChildren(button);
  }
}

// ---- the picture picker ------------------------------------------------------------------

function stepAt(value, cursor) {
  // the steps block holding the cursor: {row, indent, end} or null
  const lines = value.split("\n");
  const found = itemAbove(lines, cursorRow(value, cursor), -1);
  if (!found || found.type !== "steps") return null;
  let end = found.row + 1;
  while (end < lines.length && (!meaningful(lines[end]) || indentOf(lines[end]) > found.indent)) end++;
  return { row: found.row, indent: found.indent, lines, end };
}

async function openPicker() {
  show($("picker-status"), "");
  $("picker-alt").value = "";
  const step = stepAt($("source").value, $("source").selectionStart);
  $("picker-step").disabled = !step;
  document.querySelector("input[name=picker-as][value=block]").checked = true;
  try {
    pictures.list = await (await call("GET", "/api/images")).json();
  } catch (err) {
    show($("picker-status"), err.message, true);
  }
  $("picker-list").replaceChildren(...pictures.list.map((p, i) => {
    const li = document.createElement("li");
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "picker-file";
    radio.value = p.file;
    radio.checked = i === 0;
    const name = document.createElement("span");
    name.textContent = p.file;
    label.append(radio, pictureImage(p, ""), name);
    li.appendChild(label);
    return li;
  }));
  $("picker").showModal();
}

function pickedInsert(event) {
  event.preventDefault();
  const chosen = document.querySelector("input[name=picker-file]:checked");
  const alt = $("picker-alt").value.trim();
  if (!chosen) { show($("picker-status"), "Choose a picture first (add one in the Pictures view).", true); return; }
  if (!alt) { show($("picker-status"), "Type what the picture shows first: people who cannot see it hear these words.", true); $("picker-alt").focus(); return; }
  const area = $("source");
  const file = chosen.value;
  const quoted = JSON.stringify(alt); // a JSON string is a valid YAML string
  if (document.querySelector("input[name=picker-as]:checked").value === "step") {
    const step = stepAt(area.value, area.selectionStart);
    if (!step) { show($("picker-status"), "The cursor is not in an exercise (a steps block).", true); return; }
    const own = step.lines.slice(step.row + 1, step.end).some((l) => new RegExp(`^ {${step.indent + 2}}(image|alt):`).test(l));
    if (own) { show($("picker-status"), "This exercise has a picture already: change its image: and alt: lines.", true); return; }
    const at = step.lines.slice(0, step.row + 1).reduce((n, l) => n + l.length + 1, 0);
    const pad = " ".repeat(step.indent + 2);
    $("picker").close();
    insertAt(area, Math.min(at, area.value.length), `${pad}image: ${file}\n${pad}alt: ${quoted}\n`);
    return;
  }
  $("picker").close();
  insertBlock("image", `- type: image\n  file: ${file}\n  alt: ${quoted}\n  # width is a share of the column, from 0.2 to 1.0\n  width: 0.6\n`);
}

function startPicker() {
  $("insert-picture").addEventListener("mousedown", (e) => e.preventDefault());
  $("insert-picture").addEventListener("click", openPicker);
  $("picker-form").addEventListener("submit", pickedInsert);
  $("picker-cancel").addEventListener("click", () => $("picker").close());
}

document.addEventListener("DOMContentLoaded", () => { startPictures(); startBlocks(); startPicker(); });
