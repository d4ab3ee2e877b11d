// Versions in the editor, deleting a handout and the Deleted list (issue 19). Plain JavaScript
// beside desk.js, whose helpers ($, call, show, busy, state, when, openEditor, loadGallery)
// it uses. Every text is put on the page as text (textContent), never as markup.
"use strict";

const kept = { shown: null };

function editAddress(edit, tail) {
  return `/api/handouts/${encodeURIComponent(edit.slug)}${tail}?lang=${encodeURIComponent(edit.lang)}`;
}

async function loadVersions() {
  const edit = state.edit;
  if (!edit) return;
  kept.shown = null;
  $("version-view").hidden = true;
  try {
    const found = await (await call("GET", editAddress(edit, "/versions"))).json();
    $("versions-list").replaceChildren(...found.map(versionRow));
    show($("versions-status"), found.length ? `${found.length} version${found.length === 1 ? "" : "s"} kept.`
      : "No versions yet: one is kept each time you save.");
  } catch (err) {
    show($("versions-status"), err.message, true);
  }
}

function versionRow(v) {
  const li = document.createElement("li");
  li.dataset.version = v.version;
  const what = document.createElement("span");
  what.textContent = `${when(v.when)}: ${v.summary}`;
  const look = document.createElement("button");
  look.type = "button";
  look.textContent = "Show";
  look.setAttribute("aria-label", `Show the version of ${when(v.when)}`);
  look.addEventListener("click", () => showVersion(v, li));
  li.append(what, look);
  return li;
}

async function showVersion(v, li) {
  try {
    const found = await (await call("GET", editAddress(state.edit, `/versions/${encodeURIComponent(v.version)}`))).json();
    kept.shown = v;
    for (const row of $("versions-list").children) row.classList.toggle("shown", row === li);
    $("version-label").textContent = `As it was on ${when(v.when)}`;
    $("version-text").value = found.yaml;
    $("version-today").value = $("source").value;
    $("version-view").hidden = false;
    $("version-view").scrollIntoView({ block: "nearest" });
  } catch (err) {
    show($("versions-status"), err.message, true);
  }
}

async function restoreVersion(event) {
  const edit = state.edit;
  const v = kept.shown;
  if (!edit || !v) return;
  if (edit.dirty && !window.confirm("Restore this version? What you typed since the last save will be lost (what is saved is kept).")) return;
  try {
    await busy(event.currentTarget, () => call("POST", editAddress(edit, `/versions/${encodeURIComponent(v.version)}/restore`),
      { version: edit.version, lang: edit.lang }));
    edit.dirty = false;
    await openEditor(edit.lang, edit.slug);
    show($("save-status"), `Restored the version of ${when(v.when)}. Today's text is kept: restore it from Versions to undo.`);
    loadVersions();
  } catch (err) {
    show($("versions-status"), err.message, true);
  }
}

function toggleVersions() {
  const panel = $("versions");
  panel.hidden = !panel.hidden;
  $("versions-open").setAttribute("aria-expanded", String(!panel.hidden));
  if (!panel.hidden) loadVersions();
}

async function deleteHandout(event) {
  const edit = state.edit;
  if (!edit) return;
  if (!window.confirm(`Delete ${edit.slug}? It leaves the gallery and the booklet, and is kept: bring it back from "Deleted handouts".`)) return;
  try {
    await busy(event.currentTarget, () => call("DELETE", `/api/handouts/${encodeURIComponent(edit.slug)}`,
      { version: edit.version, lang: edit.lang }));
    edit.dirty = false;
    location.hash = "#desk";
  } catch (err) {
    show($("save-status"), `Not deleted: ${err.message}`, true);
  }
}

// ---- the Deleted list ----------------------------------------------------------------------

async function loadDeleted() {
  const lang = $("lang").value;
  try {
    const found = await (await call("GET", `/api/deleted?lang=${encodeURIComponent(lang)}`)).json();
    $("deleted-list").replaceChildren(...found.map((d) => deletedRow(d, lang)));
    show($("deleted-status"), found.length ? "" : "Nothing deleted.");
  } catch (err) {
    show($("deleted-status"), err.message, true);
  }
}

function deletedRow(d, lang) {
  const li = document.createElement("li");
  li.dataset.slug = d.slug;
  const what = document.createElement("span");
  what.textContent = `${d.title} (${d.slug}), deleted ${when(d.when)}`;
  const back = document.createElement("button");
  back.type = "button";
  back.textContent = "Bring it back";
  back.setAttribute("aria-label", `Bring ${d.slug} back`);
  back.addEventListener("click", async () => {
    try {
      await busy(back, () => call("POST", `/api/handouts/${encodeURIComponent(d.slug)}/versions/${encodeURIComponent(d.version)}/restore`,
        { version: null, lang }));
      show($("deleted-status"), `${d.slug} is back.`);
      await loadGallery();
      loadDeleted();
    } catch (err) {
      show($("deleted-status"), err.message, true);
    }
  });
  li.append(what, back);
  return li;
}

function startVersions() {
  $("versions-open").addEventListener("click", toggleVersions);
  $("version-restore").addEventListener("click", restoreVersion);
  $("delete-handout").addEventListener("click", deleteHandout);
  $("lang").addEventListener("change", loadDeleted);
  document.addEventListener("desk:route", (e) => {
    if (!/^#edit\//.test(e.detail.hash)) { loadDeleted(); return; }
    $("versions").hidden = true;
    $("versions-open").setAttribute("aria-expanded", "false");
  });
  // a save keeps a version: an open panel lists it at once
  new MutationObserver(() => {
    if (!$("versions").hidden && $("save-status").textContent.startsWith("Saved")) loadVersions();
  }).observe($("save-status"), { childList: true, characterData: true, subtree: true });
  loadDeleted();
}

document.addEventListener("DOMContentLoaded", startVersions);
